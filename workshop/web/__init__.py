"""Blueprints by audience. Each route parses, calls one service and renders; rules live in services."""
from flask import Flask, render_template, request
from werkzeug.routing import IntegerConverter

from ..services.errors import DomainError


def is_htmx() -> bool:
    return request.headers.get("HX-Request") == "true"


def int_or_none(raw) -> int | None:
    """A form's integer field; anything else (empty, text, huge) becomes None for the service to refuse."""
    try:
        value = int(str(raw).strip())
    except (TypeError, ValueError):
        return None
    return value if -2**31 < value < 2**31 else None


class DatabaseIdConverter(IntegerConverter):
    """`<id:name>`: a positive id that fits the database's integer; anything else is a plain 404."""

    def __init__(self, url_map):
        super().__init__(url_map, min=1, max=2**31 - 1)


def register_error_pages(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def _domain_error(error: DomainError):
        template = "partials/_message.html" if is_htmx() else "error.html"
        return render_template(template, message=error.message, status=error.status), error.status

    for status in (403, 404, 405, 413, 429):
        app.register_error_handler(status, _http_error)


def _http_error(error):
    from flask_babel import gettext as _
    messages = {
        403: _("You are not allowed to do that."),
        404: _("That page does not exist."),
        405: _("That does not work here."),
        413: _("That was too much to send at once."),
        429: _("Too many attempts. Wait a moment and try again."),
    }
    template = "partials/_message.html" if is_htmx() else "error.html"
    return render_template(template, message=messages[error.code], status=error.code), error.code
