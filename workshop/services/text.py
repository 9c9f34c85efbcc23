"""Cleaning of text people type: names, nicknames, later ideas and commitments."""
import unicodedata

from flask_babel import lazy_gettext as _l

from .errors import InvalidInput

# Bidi overrides and isolates can make a name read backwards on the projector.
_BIDI_CONTROLS = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}
_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}
_ZWJ = "\u200d"


def _is_pictograph(ch: str) -> bool:
    return unicodedata.category(ch) == "So" or ch == "\ufe0f" or 0x1F3FB <= ord(ch) <= 0x1F3FF


def _joins_emoji(text: str, index: int) -> bool:
    """A zero-width joiner between two pictographs is part of an emoji sequence, not a hidden character."""
    return 0 < index < len(text) - 1 and _is_pictograph(text[index - 1]) and _is_pictograph(text[index + 1])


def clean_text(value: str | None, *, max_length: int, required: bool = True, field=None) -> str:
    """NFC-normalised, without control, bidi-override or zero-width characters, trimmed; or InvalidInput."""
    text = unicodedata.normalize("NFC", value or "")
    kept = []
    for index, ch in enumerate(text):
        if ch == _ZWJ and _joins_emoji(text, index):
            kept.append(ch)  # 👩‍💻 is one picture; without the joiner it falls apart into two
        elif ch not in _BIDI_CONTROLS and ch not in _INVISIBLE and (ch == " " or unicodedata.category(ch)[0] != "C"):
            kept.append(ch)
    text = "".join(kept)
    text = " ".join(text.split())
    label = field if field is not None else _l("This field")
    if required and not text:
        raise InvalidInput(_l("%(field)s cannot be empty.", field=label))
    if len(text) > max_length:
        raise InvalidInput(_l("%(field)s can be at most %(max)d characters.", field=label, max=max_length))
    return text


NUMBER_LIMIT = 1e12


def parse_number(raw: str | None, field):
    """A number as people type it ("1 200", "3,5", "−2"), None when empty, or InvalidInput naming the field."""
    text = (raw or "").strip().replace(" ", "").replace("\u00a0", "").replace(",", ".").replace("\u2212", "-")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise InvalidInput(_l("%(field)s is a number.", field=field)) from None
    if not -NUMBER_LIMIT < value < NUMBER_LIMIT:  # also refuses nan and inf
        raise InvalidInput(_l("%(field)s is a number.", field=field))
    return value
