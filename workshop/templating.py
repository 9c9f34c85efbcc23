"""Jinja set-up shared by every page, partial and live message."""
import re

from jinja2.ext import Extension

_INDENTATION = re.compile(r"\n\s+")


class DropIndentation(Extension):
    """An HTML template's indentation and blank lines are dropped when it is compiled. They are for people reading
    the source; a browser collapses them anyway, but every live message carries them to every phone in the room:
    about a fifth of a rating step's stage. Only the template's own text changes, never a value put into it, and
    Markdown templates (where indentation means something) keep theirs."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        if name and name.endswith(".html"):
            return _INDENTATION.sub("\n", source)
        return source
