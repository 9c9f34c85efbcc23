"""Jinja set-up shared by every page, partial and live message."""
import re

from jinja2.ext import Extension

_INDENTATION = re.compile(r"^[ \t]+", re.MULTILINE)


class DropIndentation(Extension):
    """An HTML template's indentation is dropped when it is compiled; its lines stay, so errors name the right
    one. Indentation is for people reading the source and a browser collapses it anyway, but every live message
    carried it to every phone in the room: about a sixth of a rating step's stage. Only the template's own text
    changes, never a value put into it, and Markdown templates (where indentation means something) keep theirs."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        if name and name.endswith(".html"):
            return _INDENTATION.sub("", source)
        return source


def install_filters(app) -> None:
    """Every template writes figures one way (workshop.numbers): Flask-Babel's `decimalformat` replaced by one
    rounding half up, and `percent` for a share (0–1), or "–" for none; and moments in UTC (workshop.moments)."""
    from . import moments, numbers
    app.jinja_env.filters.update(decimalformat=numbers.decimal_text, percent=numbers.percent_text,
                                 utc_iso=moments.utc_iso, utc_text=moments.utc_text)
