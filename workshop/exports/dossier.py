"""A company's dossier: every workshop it took part in, its concerns over time, its KPIs with their readings
and its next steps; Markdown and PDF from the same record the company page shows."""
from flask import render_template

from ..models import Company
from ..services import company_records
from .cells import markdown_text
from .pdf import html_to_pdf


def _context(company: Company, language: str) -> dict:
    return dict(company=company, record=company_records.record_of(company, language), language=language)


def render_markdown(company: Company, language: str) -> bytes:
    return render_template("exports/dossier.md", md=markdown_text, **_context(company, language)).encode()


def render_pdf(company: Company, language: str) -> bytes:
    return html_to_pdf(render_template("exports/dossier_pdf.html", **_context(company, language)))
