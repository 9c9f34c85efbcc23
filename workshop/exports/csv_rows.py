"""Tidy CSV: one row per answer, then one per thing written (added items, KPIs, next steps). The XLSX export
writes the same rows, a sheet per step. Figures stay numbers, their unit in a column of its own, so a
spreadsheet can sum them."""
import csv
import io

from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..models import Company, ItemStatus, Participant, Response, SessionStep, StepItem, WorkshopSession
from ..models._types import as_utc
from ..services import company_plans
from ..steps import kind_of
from .cells import is_number, spreadsheet_cell, spreadsheet_number


def header() -> list[str]:
    return [_("session"), _("step"), _("item"), _("company"), _("participant"), _("value"), _("unit"), _("time")]


def tidy_rows(session: WorkshopSession, company: Company | None = None):
    """(step position, row) pairs: every answer, then everything written, in the session's language."""
    language = session.language
    titles = {step.position: f"{step.position + 1}. {step.text('title', language)}" for step in session.steps}
    units = {step.position: kind_of(step).answer_unit(step, language) for step in session.steps}

    def row(position, item, company_name, participant, value, unit, when):
        return position, [session.join_code, titles[position], item, company_name, participant,
                          value if is_number(value) else str(value), unit,
                          as_utc(when).isoformat(timespec="seconds") if when else ""]

    query = (
        select(SessionStep.position, StepItem.label, Company.name, Participant.number, Response.value,
               Response.updated_at)
        .join(SessionStep, SessionStep.id == Response.step_id)
        .join(StepItem, StepItem.id == Response.item_id)
        .join(Participant, Participant.id == Response.participant_id)
        .join(Company, Company.id == Participant.company_id)
        .where(SessionStep.session_id == session.id, StepItem.status == ItemStatus.SHOWN)
        .order_by(SessionStep.position, StepItem.position, Company.name, Participant.number))
    if company is not None:
        query = query.where(Participant.company_id == company.id)
    for position, label, company_name, number, value, when in db.session.execute(query):
        yield row(position, label.get(language, ""), company_name, f"P{number}", value, units[position], when)
    for step in session.steps:
        kind = kind_of(step)
        company_rows = company_plans.rows_of(kind.company_list, step) if kind.company_list else ()
        for written in kind.written_rows(step, language, company_rows):
            if company is None or written.company == company.name:
                yield row(step.position, str(written.item), written.company, written.participant, written.value,
                          written.unit, written.time)


def render(session: WorkshopSession, company: Company | None = None, *, delimiter: str = ",",
           decimal_mark: str = ".", bom: bool = False) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header())
    for _position, cells in tidy_rows(session, company):
        writer.writerow([spreadsheet_number(cell, decimal_mark) if is_number(cell) else spreadsheet_cell(cell)
                         for cell in cells])
    return ("\ufeff" if bom else "").encode() + out.getvalue().encode("utf-8")


def render_for_excel(session: WorkshopSession, company: Company | None = None) -> bytes:
    """For Excel in a Swedish locale: ";" between cells, a decimal comma and a byte-order mark."""
    return render(session, company, delimiter=";", decimal_mark=",", bom=True)
