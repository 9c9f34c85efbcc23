"""Looking after what participants wrote: deleting a company with all of it, and removing old free text."""
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update

from ..database import write_transaction
from ..extensions import db
from ..models import (Commitment, Company, Facilitator, Kpi, KpiReading, Participant, SessionEvent, SessionStep,
                      StepItem, WorkshopSession, session_company)
from ..models._types import utcnow
from .companies import get_company
from .errors import InvalidInput
from .signals import results_changed, session_changed

#: What stands in for removed free text; votes and totals stay with the item.
REMOVED_TEXT = {"sv": "(text borttagen)", "en": "(text removed)"}
RETENTION_DAYS_MAX = 3650


def delete_company(facilitator: Facilitator, company_id: int, typed_name: str) -> None:
    """The company, its participants and everything they wrote or answered; the database cascades from the
    company. Items carried over from its participants' items (a re-rating) go too: they are their words."""
    company = get_company(facilitator, company_id)
    if (typed_name or "").strip() != company.name:
        raise InvalidInput(_l("Type the company's name exactly to delete it."))
    with write_transaction():
        session_ids = list(db.session.scalars(
            select(session_company.c.session_id).where(session_company.c.company_id == company.id)))
        written = select(StepItem.id).join(Participant, Participant.id == StepItem.participant_id).where(
            Participant.company_id == company.id)
        written_ids = set(db.session.scalars(written))
        doomed = written_ids | _copies_of(written_ids)
        if doomed:
            db.session.execute(delete(StepItem).where(StepItem.id.in_(doomed)))
        db.session.execute(delete(Company).where(Company.id == company.id))
        for session_id in session_ids:
            db.session.add(SessionEvent(session_id=session_id, facilitator_id=facilitator.id,
                                        action="company_deleted", detail={"items": len(doomed)}))
        db.session.execute(update(WorkshopSession).where(WorkshopSession.id.in_(session_ids))
                           .values(version=WorkshopSession.version + 1))
    db.session.expire_all()
    for session_id in session_ids:  # live screens drop the company at once
        session_changed.send(session_id)
        results_changed.send(session_id)


def set_retention(facilitator: Facilitator, raw: str) -> None:
    text = (raw or "").strip()
    if not text:
        days = None
    else:
        try:
            days = int(text)
        except ValueError:
            raise InvalidInput(_l("Write the number of days, or leave it empty to keep text.")) from None
        if not 1 <= days <= RETENTION_DAYS_MAX:
            raise InvalidInput(_l("Between 1 and %(max)d days.", max=RETENTION_DAYS_MAX))
    with write_transaction():
        facilitator.retention_days = days
    apply_retention(facilitator)


def apply_retention(facilitator: Facilitator) -> int:
    """Remove free text from this facilitator's sessions that ended more than retention_days ago: ideas,
    thoughts and concerns participants wrote, next steps, nicknames and reading notes. Votes, ratings and
    KPI figures stay, so totals do not change. Returns how many sessions were touched."""
    if not facilitator.retention_days:
        return 0
    cutoff = utcnow() - timedelta(days=facilitator.retention_days)
    with write_transaction():
        old = list(db.session.scalars(select(WorkshopSession).where(
            WorkshopSession.facilitator_id == facilitator.id, WorkshopSession.ended_at.is_not(None),
            WorkshopSession.ended_at < cutoff)))
        for session in old:
            steps = select(SessionStep.id).where(SessionStep.session_id == session.id)
            db.session.execute(update(StepItem).where(StepItem.id.in_(_written_items(steps)))
                               .values(label=REMOVED_TEXT))
            # Open next steps still come back at the company's next workshop: their words stay until done.
            db.session.execute(update(Commitment).where(Commitment.step_id.in_(steps), Commitment.done.is_(True))
                               .values(text=REMOVED_TEXT[session.language], owner="–"))
            db.session.execute(update(Participant).where(Participant.session_id == session.id)
                               .values(nickname=None))
            db.session.execute(update(KpiReading).where(KpiReading.kpi_id.in_(
                select(Kpi.id).where(Kpi.step_id.in_(steps))), KpiReading.created_at < cutoff).values(note=""))
    return len(old)


def _written_items(steps) -> set[int]:
    """Items participants wrote in these steps, and the copies a later step made of them."""
    written = set(db.session.scalars(select(StepItem.id).where(StepItem.step_id.in_(steps),
                                                               StepItem.participant_id.is_not(None))))
    return written | _copies_of(written)


def _copies_of(item_ids: set[int]) -> set[int]:
    found: set[int] = set()
    frontier = set(item_ids)
    while frontier:
        frontier = set(db.session.scalars(select(StepItem.id).where(StepItem.source_item_id.in_(frontier)))) - found
        found |= frontier
    return found


def apply_all_retention() -> None:
    for facilitator in db.session.scalars(select(Facilitator).where(Facilitator.retention_days.is_not(None))):
        apply_retention(facilitator)
