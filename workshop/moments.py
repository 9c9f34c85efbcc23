"""How the server writes a moment. It does not know the reader's time zone, so it writes UTC and says so; on the
facilitator's pages static/js/local-time.js rewrites each `<time>` in the reader's own zone and language."""
from datetime import datetime

from .models._types import as_utc

FORMATS = {"datetime": "%Y-%m-%d %H:%M UTC", "time": "%H:%M:%S UTC", "date": "%Y-%m-%d"}


def utc_iso(moment: datetime) -> str:
    """For a `<time datetime>`: "2026-11-23T09:00:00Z"."""
    return as_utc(moment).isoformat(timespec="seconds").replace("+00:00", "Z")


def utc_text(moment: datetime, style: str = "datetime") -> str:
    """"2026-11-23 09:00 UTC" ("datetime"), "09:00:00 UTC" ("time") or "2026-11-23" ("date")."""
    return as_utc(moment).strftime(FORMATS[style])
