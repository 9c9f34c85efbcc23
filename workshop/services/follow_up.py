"""Between workshops: a company records KPI readings and ticks its next steps, through its private link or
the facilitator; in its next workshop the open next steps come back and phones of the company tick them."""
import secrets
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from ..database import write_transaction
from ..extensions import db
from ..models import Commitment, Company, Kpi, KpiReading, Participant, SessionStep, WorkshopSession
from ..models._types import utcnow
from ..models.company_plan import READING_NOTE_MAX, ReadingSource
from .errors import InvalidInput, NotFound
from .text import clean_text, parse_number


# --- the private link -----------------------------------------------------------------------------------------
def issue_link(company: Company) -> str:
    """A new secret for the company's link; the old link stops working."""
    with write_transaction():
        company.access_token = secrets.token_urlsafe(24)
    return company.access_token


def revoke_link(company: Company) -> None:
    with write_transaction():
        company.access_token = None


def company_by_token(token: str) -> Company:
    company = db.session.scalar(select(Company).where(Company.access_token == token)) if token else None
    if company is None:
        raise NotFound(_l("This link does not work any more. Ask your coach for a new one."))
    return company


# --- KPI readings ---------------------------------------------------------------------------------------------
def before_workshop(session: WorkshopSession) -> tuple:
    """SQL conditions on WorkshopSession: another workshop of the same facilitator that began before this one."""
    began = session.started_at or session.created_at
    return (WorkshopSession.id != session.id, WorkshopSession.facilitator_id == session.facilitator_id,
            func.coalesce(WorkshopSession.started_at, WorkshopSession.created_at) < began)


def company_kpis(company: Company, before: WorkshopSession | None = None) -> list[Kpi]:
    """Every KPI the company agreed on (in workshops before `before`, when given), oldest workshop first."""
    return list(db.session.scalars(
        select(Kpi).join(SessionStep, SessionStep.id == Kpi.step_id)
        .join(WorkshopSession, WorkshopSession.id == SessionStep.session_id)
        .where(Kpi.company_id == company.id, *(before_workshop(before) if before else ()))
        .order_by(WorkshopSession.created_at, Kpi.id)))


def parse_value(raw: str | None) -> float:
    value = parse_number(raw, _l("Value"))
    if value is None:
        raise InvalidInput(_l("%(field)s cannot be empty.", field=_l("Value")))
    return value


def parse_day(raw: str | None) -> date:
    try:
        day = date.fromisoformat((raw or "").strip())
    except ValueError:
        raise InvalidInput(_l("Pick a date.")) from None
    if day > date.today() + timedelta(days=1):  # a day of slack: the server's clock is UTC, people's is not
        raise InvalidInput(_l("A reading cannot be in the future."))
    if day.year < 2000:
        raise InvalidInput(_l("Pick a date."))
    return day


def add_reading(company: Company, kpi_id: int | None, taken_on: str, value: str, note: str,
                recorded_by: ReadingSource) -> KpiReading:
    kpi = db.session.get(Kpi, kpi_id) if kpi_id is not None else None
    if kpi is None or kpi.company_id != company.id:
        raise NotFound(_l("That KPI is not one of this company's."))
    reading = KpiReading(kpi_id=kpi.id, taken_on=parse_day(taken_on), value=parse_value(value),
                         note=clean_text(note, max_length=READING_NOTE_MAX, required=False, field=_l("Note")),
                         recorded_by=recorded_by)
    with write_transaction():
        db.session.add(reading)
    return reading


def delete_reading(company: Company, reading_id: int) -> None:
    reading = db.session.get(KpiReading, reading_id)
    if reading is None or reading.kpi.company_id != company.id:
        raise NotFound(_l("That reading is gone already."))
    with write_transaction():
        db.session.delete(reading)


# --- next steps -----------------------------------------------------------------------------------------------
def company_commitments(company: Company, before: WorkshopSession | None = None) -> list[Commitment]:
    """Every next step the company wrote (in workshops before `before`, when given), oldest workshop first."""
    return list(db.session.scalars(
        select(Commitment).join(SessionStep, SessionStep.id == Commitment.step_id)
        .join(WorkshopSession, WorkshopSession.id == SessionStep.session_id)
        .where(Commitment.company_id == company.id, *(before_workshop(before) if before else ()))
        .order_by(WorkshopSession.created_at, Commitment.position, Commitment.id)))


def set_done(company: Company, commitment_id: int | None, done: bool) -> Commitment:
    commitment = db.session.get(Commitment, commitment_id) if commitment_id is not None else None
    if commitment is None or commitment.company_id != company.id:
        raise NotFound(_l("That next step is not one of this company's."))
    with write_transaction():
        _mark(commitment, done)
    return commitment


def _mark(commitment: Commitment, done: bool) -> None:
    if commitment.done != done:
        commitment.done = done
        commitment.done_at = utcnow() if done else None


def carried_over(session: WorkshopSession, company_id: int) -> list[Commitment]:
    """The company's next steps from its earlier workshops that were open when this one began: still open, or
    ticked since (so a phone can take a tick back)."""
    began = session.started_at or session.created_at
    return list(db.session.scalars(
        select(Commitment).join(SessionStep, SessionStep.id == Commitment.step_id)
        .join(WorkshopSession, WorkshopSession.id == SessionStep.session_id)
        .where(Commitment.company_id == company_id, *before_workshop(session),
               or_(Commitment.done.is_(False), Commitment.done_at >= began))
        .order_by(WorkshopSession.created_at, Commitment.position, Commitment.id)))


def tick_from_phone(participant: Participant, commitment_id: int, done: bool):
    """Inside the phone's submission: only a carried-over next step of the phone's own company."""
    commitment = next((c for c in carried_over(participant.workshop, participant.company_id)
                       if c.id == commitment_id), None)
    if commitment is None:
        raise NotFound(_l("That next step is not one of your company's."))
    _mark(commitment, done)
    return _l("Marked as done.") if done else _l("Marked as not done.")
