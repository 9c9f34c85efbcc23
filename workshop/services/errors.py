"""Domain errors. Each carries a message for the person, translated when it is shown."""
from flask_babel import lazy_gettext as _l


class DomainError(Exception):
    """A rule said no. `message` is lazily translated; `status` is the HTTP answer it maps to."""

    status = 400
    default = _l("That did not work.")

    def __init__(self, message=None):
        self.message = message if message is not None else self.default
        super().__init__(str(self.message))


class NotFound(DomainError):
    status = 404
    default = _l("Not found.")


class Forbidden(DomainError):
    status = 403
    default = _l("You are not allowed to do that.")


class InvalidInput(DomainError):
    status = 422
    default = _l("Please check what you entered.")


class Conflict(DomainError):
    status = 409
    default = _l("That conflicts with what is already there.")


class RateLimited(DomainError):
    status = 429
    default = _l("Too many attempts. Wait a moment and try again.")


class Busy(DomainError):
    """The database stayed locked (another process, a backup) past the wait; nothing was stored."""
    status = 503
    default = _l("The server is busy for a moment. Please send it again.")
