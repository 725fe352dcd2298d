"""One error tree for the core.

Each error has a stable ``code`` for programs and an English ``message``
with ``%(name)s`` placeholders filled from ``params``. Messages are marked
with ``_lt`` so Odoo's extractor puts them in the module's catalogue; the
models translate them when they turn them into user errors.
"""


def _lt(message):
    """Mark a message for translation; it is translated where it is shown."""
    return message


class EsignError(Exception):
    def __init__(self, code, message, **params):
        super().__init__(code, message)
        self.code = code
        self.message = message
        self.params = params

    def __str__(self):
        try:
            return self.message % self.params if self.params else self.message
        except (KeyError, TypeError, ValueError):
            return self.message


class PdfRejected(EsignError):
    """An uploaded file cannot be used as a document to sign."""


class CertificateError(EsignError):
    """A sealing certificate cannot be read or used."""


class OtpError(EsignError):
    """A one-time code was refused; ``state`` is the state to persist."""

    def __init__(self, code, message, state=None, **params):
        super().__init__(code, message, **params)
        self.state = state


class FingerprintError(EsignError):
    """Typed text is not a document fingerprint."""


class SealError(EsignError):
    """The final document could not be sealed."""


class ImageRejected(EsignError):
    """A signature or stamp image was refused."""
