"""Print-ready A4 PDFs from the same partials the pages use, charts included as vector SVG, via WeasyPrint."""
from pathlib import Path

from flask import current_app, render_template

from ..models import Company, WorkshopSession
from ..services.errors import DomainError
from .markdown import summary_context


class PdfUnavailable(DomainError):
    status = 503


def html_to_pdf(html: str) -> bytes:
    try:
        # Imported here: WeasyPrint needs the system's Pango, which only PDF exports should depend on.
        from weasyprint import CSS, HTML
    except OSError as error:  # pragma: no cover - a machine without Pango
        from flask_babel import lazy_gettext as _l
        current_app.logger.error("WeasyPrint cannot load: %s", error)
        raise PdfUnavailable(_l("PDF export needs the Pango library on the server (Debian: libpango-1.0-0).")) \
            from None
    stylesheet = Path(current_app.static_folder) / "css" / "print.css"
    return HTML(string=html, base_url=current_app.static_folder).write_pdf(
        stylesheets=[CSS(filename=str(stylesheet))])


def render_session(session: WorkshopSession, company: Company | None = None) -> bytes:
    return html_to_pdf(render_template("exports/summary_pdf.html", **summary_context(session, company)))
