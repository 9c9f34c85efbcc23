"""Exports: pure functions from a session (or a company's part of it, or a company's whole record) to bytes,
each in the session's language. The web pages and `flask --app app export` use the same registry."""
from dataclasses import dataclass
from typing import Callable

from flask_babel import force_locale

from ..models import Company, WorkshopSession
from . import csv_rows, dossier, json_document, markdown, pdf, xlsx


@dataclass(frozen=True)
class ExportFormat:
    #: (session, company or None for the whole session) → bytes
    render: Callable[[WorkshopSession, Company | None], bytes]
    mimetype: str
    extension: str
    #: Whether it can hold one company's part of a session (JSON is always the whole, for re-import).
    per_company: bool = True


FORMATS: dict[str, ExportFormat] = {
    "md": ExportFormat(markdown.render, "text/markdown; charset=utf-8", "md"),
    "csv": ExportFormat(csv_rows.render, "text/csv; charset=utf-8", "csv"),
    # Excel set to Swedish reads ";" as the separator and needs the BOM to see UTF-8.
    "excel.csv": ExportFormat(csv_rows.render_for_excel, "text/csv; charset=utf-8", "excel.csv"),
    "xlsx": ExportFormat(xlsx.render, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "pdf": ExportFormat(pdf.render_session, "application/pdf", "pdf"),
    "json": ExportFormat(json_document.render, "application/json", "json", per_company=False),
}

DOSSIER_FORMATS: dict[str, ExportFormat] = {
    "md": ExportFormat(dossier.render_markdown, "text/markdown; charset=utf-8", "md"),
    "pdf": ExportFormat(dossier.render_pdf, "application/pdf", "pdf"),
}


def export_session(session: WorkshopSession, format_name: str, company: Company | None = None) -> bytes:
    with force_locale(session.language):
        return FORMATS[format_name].render(session, company)


def filename(session: WorkshopSession, format_name: str, company: Company | None = None) -> str:
    part = f"-{company.id}" if company else ""
    return f"verkstad-{session.join_code}{part}.{FORMATS[format_name].extension}"


def export_dossier(company: Company, format_name: str, language: str) -> bytes:
    with force_locale(language):
        return DOSSIER_FORMATS[format_name].render(company, language)


def dossier_filename(company: Company, format_name: str) -> str:
    return f"verkstad-company-{company.id}.{DOSSIER_FORMATS[format_name].extension}"
