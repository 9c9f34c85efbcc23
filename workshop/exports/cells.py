"""Making user text safe for the file it lands in."""
import re

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~])")


def spreadsheet_cell(value) -> str:
    """A spreadsheet would run '=HYPERLINK(…)' typed by a participant; a leading apostrophe makes it text."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def markdown_text(value) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", "" if value is None else str(value))
