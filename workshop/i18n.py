"""Which language a page speaks: the page's own (a session's, a phone's), the visitor's choice, the browser's."""
from flask import Flask, g, has_request_context, request, session

from .config import SUPPORTED_LANGUAGES

LANGUAGE_NAMES = {"sv": "Svenska", "en": "English"}


def select_locale() -> str:
    if not has_request_context():  # CLI and background tasks
        return g.get("page_language") or "en"
    for choice in (g.get("page_language"), session.get("lang")):
        if choice in SUPPORTED_LANGUAGES:
            return choice
    return request.accept_languages.best_match(SUPPORTED_LANGUAGES) or "en"


def speak(language: str) -> None:
    """Render this request's page in the given language (a session's or a participant's)."""
    if language in SUPPORTED_LANGUAGES:
        g.page_language = language


def init_app(app: Flask) -> None:
    @app.context_processor
    def _languages():
        from flask_babel import get_locale
        return {"language_names": LANGUAGE_NAMES, "current_language": str(get_locale())}
