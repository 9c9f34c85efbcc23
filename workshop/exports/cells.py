"""Making user text safe for the file it lands in, and numbers readable as numbers."""
import re
from decimal import Decimal

from ..numbers import exact

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Inline markup anywhere (links need "[", so parentheses stay plain), block markup only where the text starts.
_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
_MARKDOWN_BLOCK_START = re.compile(r"^([#+\-!=>]|\d+[.)])")


def spreadsheet_cell(value) -> str:
    """A spreadsheet would run '=HYPERLINK(…)' typed by a participant; a leading apostrophe makes it text."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def is_number(value) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def spreadsheet_number(value, decimal_mark: str = ".") -> str:
    """A number as a spreadsheet reads it into a number: no exponent, no thousands separator, no trailing ".0",
    and the decimal mark the spreadsheet's locale expects (Excel set to Swedish reads "3,5", not "3.5")."""
    return format(exact(value).normalize(), "f").replace(".", decimal_mark)


def markdown_text(value) -> str:
    """Participants' text as literal text in Markdown: no links, emphasis, HTML or table breaks."""
    text = " ".join(("" if value is None else str(value)).split())
    text = _MARKDOWN_INLINE.sub(r"\\\1", text)
    # "1." is escaped as "1\.", a heading or list mark as "\#", "\-".
    return _MARKDOWN_BLOCK_START.sub(lambda m: m[1][:-1] + "\\" + m[1][-1] if m[1][0].isdigit() else "\\" + m[1],
                                     text)
