"""Turn the core's errors into translated user errors.

The core (``tools/``) raises :class:`EsignError` with an English message and
its parameters; the message literals are marked there for extraction, so the
lookup below finds their translations in this module's catalogue.
"""

from odoo.exceptions import UserError


def user_error(env, err):
    """A translated :class:`UserError` for a core error ``err``."""
    return UserError(translated_message(env, err))


def translated_message(env, err):
    return env._(err.message, **err.params) if err.params else env._(err.message)


class SigningError(UserError):
    """An error answered to the public signing page as JSON.

    ``code`` is stable for integrators, ``status`` the HTTP status to use,
    ``extra`` any further keys of the answer (e.g. ``attempts_left``).
    """

    def __init__(self, message, code="invalid", status=400, **extra):
        super().__init__(message)
        self.code = code
        self.status = status
        self.extra = extra

    def as_answer(self):
        return {"ok": False, "status": self.status,
                "error": {"code": self.code, "message": self.args[0], **self.extra}}
