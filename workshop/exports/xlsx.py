"""XLSX: an overview sheet (the facts, then each step's figures for the room and each company), then a sheet
per step holding that step's tidy rows (as in the CSV).

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
from .markdown import summary_context

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


def _write_row(sheet, row_number: int, cells, bold=None, number_format=None) -> None:
    for column, value in enumerate(cells):
        if is_number(value):
            sheet.write_number(row_number, column, float(value) if isinstance(value, Decimal) else value,
                               number_format)
        elif value is not None:  # none: an empty cell
            sheet.write_string(row_number, column, str(value), bold)


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
    _write_overview(book, overview, session, company, bold)
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


def _write_overview(book, sheet, session: WorkshopSession, company: Company | None, bold) -> None:
    """What a person reads first: the session's facts, then per step the figures (totals, means, medians) of the
    room and of each company side by side, as numbers."""
    facts = [(_("Session"), session.title), (_("Join code"), session.join_code),
             (_("Date"), (session.started_at or session.created_at).strftime("%Y-%m-%d"))]
    if company is not None:
        facts.append((_("Company"), company.name))
    context = summary_context(session, company)
    facts += [(company_row.name, count) for company_row, count in context["head_counts"]]
    for row_number, (label, value) in enumerate(facts):
        _write_row(sheet, row_number, [label, value], bold)
    table_top = len(facts) + 1
    companies = context["companies"]
    _write_row(sheet, table_top, [_("Step"), _("Item"), _("Figure"), _("Whole room")]
               + [company_row.name for company_row in companies], bold)
    formats = {0: None, 1: book.add_format({"num_format": "0.0"})}
    language = session.language
    row_number = table_top + 1
    for step_results in context["step_results"]:
        step, kind = step_results.step, kind_of(step_results.step)
        room = kind.figures(step, step_results.room) if step.id in context["room_shown"] else []
        per_company = [_figures_by_key(kind.figures(step, results.scoped(step_results, company_row.id)))
                       for company_row in companies] if step_results.per_company else []
        rows = room or (kind.figures(step, results.scoped(step_results, companies[0].id)) if per_company else [])
        for figure in rows:
            key = _figure_key(figure)
            cells = [f"{step.position + 1}. {step.text('title', language)}",
                     figure.item.text(language) if figure.item is not None else "", str(figure.measure),
                     figure.value if room else None] + [figures.get(key) for figures in per_company]
            _write_row(sheet, row_number, cells, number_format=formats.get(figure.decimals))
            row_number += 1
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, 1, 40)
    sheet.set_column(2, 3 + len(companies), 16)
    sheet.activate()


def _figure_key(figure) -> tuple:
    """A figure's place whatever the order of the rows (ideas rank differently in each company)."""
    return (figure.item.id if figure.item is not None else None, str(figure.measure))


def _figures_by_key(figures) -> dict:
    return {_figure_key(figure): figure.value for figure in figures}


def _naive(moment: datetime) -> datetime:
    return moment.replace(tzinfo=None)
