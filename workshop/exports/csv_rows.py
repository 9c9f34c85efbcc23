"""Tidy CSV: one row per answer, then one per thing written (added items, KPIs, next steps)."""
import csv
import io

from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..models import Company, ItemStatus, Participant, Response, SessionStep, StepItem, WorkshopSession
from ..models._types import as_utc
from ..services import company_plans
from ..steps import kind_of
from .cells import spreadsheet_cell


def answer_rows(session: WorkshopSession):
    return db.session.execute(
        select(SessionStep.position, SessionStep.content, StepItem.label, Company.name, Participant.number,
               Response.value, Response.updated_at)
        .join(SessionStep, SessionStep.id == Response.step_id)
        .join(StepItem, StepItem.id == Response.item_id)
        .join(Participant, Participant.id == Response.participant_id)
        .join(Company, Company.id == Participant.company_id)
        .where(SessionStep.session_id == session.id, StepItem.status == ItemStatus.SHOWN)
        .order_by(SessionStep.position, StepItem.position, Company.name, Participant.number)
    ).all()


def written_rows(session: WorkshopSession):
    """What participants wrote, step by step: added items, KPIs, next steps (each kind says how)."""
    for step in session.steps:
        kind = kind_of(step)
        company_rows = company_plans.rows_of(kind.company_list, step) if kind.company_list else ()
        for row in kind.written_rows(step, session.language, company_rows):
            yield step.position, step.content, row


def render(session: WorkshopSession) -> bytes:
    language = session.language
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_("session"), _("step"), _("item"), _("company"), _("participant"), _("value"), _("time")])

    def write(position, content, item, company, participant, value, when):
        title = (content.get("title") or {}).get(language, "")
        writer.writerow([spreadsheet_cell(cell) for cell in (
            session.join_code, f"{position + 1}. {title}", item, company, participant, value,
            as_utc(when).isoformat(timespec="seconds") if when else "",
        )])

    for position, content, label, company, number, value, when in answer_rows(session):
        write(position, content, label.get(language, ""), company, f"P{number}", value, when)
    for position, content, row in written_rows(session):
        write(position, content, str(row.item), row.company, row.participant, str(row.value), row.time)
    return out.getvalue().encode("utf-8")
