"""Session exports: a registry of pure functions, session → bytes, each in the session's language."""
from dataclasses import dataclass
from typing import Callable

from flask_babel import force_locale

from ..models import WorkshopSession
from . import csv_rows, markdown


@dataclass(frozen=True)
class ExportFormat:
    render: Callable[[WorkshopSession], bytes]
    mimetype: str
    extension: str


FORMATS: dict[str, ExportFormat] = {
    "md": ExportFormat(markdown.render, "text/markdown; charset=utf-8", "md"),
    "csv": ExportFormat(csv_rows.render, "text/csv; charset=utf-8", "csv"),
}


def export_session(session: WorkshopSession, format_name: str) -> bytes:
    with force_locale(session.language):
        return FORMATS[format_name].render(session)


def filename(session: WorkshopSession, format_name: str) -> str:
    return f"verkstad-{session.join_code}.{FORMATS[format_name].extension}"
