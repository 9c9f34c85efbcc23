"""Tidy CSV: one row per answer."""
import csv
import io

from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..models import Company, Participant, Response, SessionStep, StepItem, WorkshopSession
from .cells import spreadsheet_cell


def answer_rows(session: WorkshopSession):
    return db.session.execute(
        select(SessionStep.position, SessionStep.content, StepItem.label, Company.name, Participant.number,
               Response.value, Response.updated_at)
        .join(SessionStep, SessionStep.id == Response.step_id)
        .join(StepItem, StepItem.id == Response.item_id)
        .join(Participant, Participant.id == Response.participant_id)
        .join(Company, Company.id == Participant.company_id)
        .where(SessionStep.session_id == session.id)
        .order_by(SessionStep.position, StepItem.position, Company.name, Participant.number)
    ).all()


def render(session: WorkshopSession) -> bytes:
    language = session.language
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_("session"), _("step"), _("item"), _("company"), _("participant"), _("value"), _("time")])
    for position, content, label, company, number, value, when in answer_rows(session):
        title = (content.get("title") or {}).get(language, "")
        writer.writerow([spreadsheet_cell(cell) for cell in (
            session.join_code, f"{position + 1}. {title}", label.get(language, ""), company, f"P{number}",
            value, when.isoformat(timespec="seconds") if when else "",
        )])
    return out.getvalue().encode("utf-8")
