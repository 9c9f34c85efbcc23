"""XLSX: an overview sheet, then a sheet per step holding that step's tidy rows (as in the CSV).

Every text cell is written as a string, never parsed: "=HYPERLINK(…)" typed by a participant stays inert text.
"""
import io
import re
from datetime import datetime
from decimal import Decimal

import xlsxwriter
from flask_babel import gettext as _

from ..models import Company, WorkshopSession
from ..services import results
from ..steps import kind_of
from .cells import is_number
from .csv_rows import header, tidy_rows

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_name(position: int, title: str, taken: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique regardless of case."""
    base = _SHEET_FORBIDDEN.sub(" ", f"{position + 1}. {title}").strip("' ")[:31]
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[:31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def _write_row(sheet, row_number: int, cells, bold=None) -> None:
    for column, value in enumerate(cells):
        if is_number(value):
            sheet.write_number(row_number, column, float(value) if isinstance(value, Decimal) else value)
        else:
            sheet.write_string(row_number, column, "" if value is None else str(value), bold)


def render(session: WorkshopSession, company: Company | None = None) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                     "strings_to_numbers": False})
    # A fixed date, so the same session gives the same file.
    book.set_properties({"title": session.title, "created": _naive(session.started_at or session.created_at)})
    bold = book.add_format({"bold": True})
    taken: set[str] = set()
    overview = book.add_worksheet(_("Overview"))
    taken.add(_("Overview").lower())
    facts = [(_("Session"), session.title), (_("Join code"), session.join_code),
             (_("Date"), (session.started_at or session.created_at).strftime("%Y-%m-%d"))]
    if company is not None:
        facts.append((_("Company"), company.name))
    for company_row, count in results.head_counts(session):
        if company is None or company_row.id == company.id:
            facts.append((company_row.name, count))
    for row_number, (label, value) in enumerate(facts):
        _write_row(overview, row_number, [label, value], bold)
    overview.set_column(0, 1, 28)
    rows_by_step: dict[int, list] = {}
    for position, cells in tidy_rows(session, company):
        rows_by_step.setdefault(position, []).append(cells)
    language = session.language
    for step in session.steps:
        if not kind_of(step).has_results(step):
            continue
        sheet = book.add_worksheet(sheet_name(step.position, step.text("title", language), taken))
        _write_row(sheet, 0, header(), bold)
        for row_number, cells in enumerate(rows_by_step.get(step.position, []), start=1):
            _write_row(sheet, row_number, cells)
        sheet.set_column(0, 1, 14)
        sheet.set_column(2, 2, 40)
        sheet.set_column(3, 7, 16)
        sheet.freeze_panes(1, 0)
    book.close()
    return out.getvalue()


def _naive(moment: datetime) -> datetime:
    return moment.replace(tzinfo=None)
