"""One error tree for the forms core.

Each error has a stable ``code`` for programs and an English ``message``
with ``%(name)s`` placeholders filled from ``params``; the models translate
the message where they show it.
"""


class FormError(Exception):
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


class FieldInvalid(FormError):
    """One answer does not satisfy its field's rules."""


class ChoicesInvalid(FormError):
    """A field's list of choices cannot be read."""


class PatternInvalid(FormError):
    """A field's regular expression does not compile."""


class SubmissionRefused(FormError):
    """A public submission is not taken: the form is closed, full, flooded,
    or some answers are invalid (``field_errors`` maps field name to message).

    ``status`` is the HTTP status the public route answers with.
    """

    def __init__(self, code, message, status=400, field_errors=None, **params):
        super().__init__(code, message, **params)
        self.status = status
        self.field_errors = field_errors or {}
