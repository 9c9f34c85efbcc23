"""A company's KPIs and commitments in a session: any phone of the company edits them, the others see it live.

Changes are per row and per field, so two phones editing different KPIs of one company never overwrite each
other; two editing the same field at once: the later one wins, and both see the result.
"""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..extensions import db
from ..models import Commitment, Company, Kpi, Participant, SessionStep
from ..steps.base import RowChange
from .errors import InvalidInput, NotFound


@dataclass(frozen=True)
class CompanyList:
    model: type
    limit: int
    full: object  # message when the list is full
    added: object


LISTS = {
    "kpi": CompanyList(Kpi, 12, _l("A company can follow at most 12 KPIs."), _l("Added to your company's KPIs.")),
    "commitment": CompanyList(Commitment, 3, _l("A company writes at most 3 next steps."),
                              _l("Added to your company's next steps.")),
}


def rows_of(company_list: str, step: SessionStep, company_id: int | None = None) -> list:
    model = LISTS[company_list].model
    # By company name, not id: the same order in another instance the session is imported into.
    query = (select(model).join(Company, Company.id == model.company_id).where(model.step_id == step.id)
             .order_by(Company.name, model.id))
    if company_id is not None:
        query = query.where(model.company_id == company_id)
    return list(db.session.scalars(query))


def change_row(participant: Participant, step: SessionStep, change: RowChange):
    """Called inside the submission's transaction; returns the message for the phone."""
    spec = LISTS[change.company_list]
    model = spec.model
    if change.row_id is None:
        replayed = db.session.scalar(select(model).where(model.participant_id == participant.id,
                                                         model.nonce == change.nonce))
        if replayed is not None:
            return spec.added
        # Two phones of a company adding at once must not both pass the limit (the step row is the lock on
        # PostgreSQL; SQLite's writer lock already serialises them).
        db.session.execute(select(SessionStep.id).where(SessionStep.id == step.id).with_for_update())
        count = db.session.scalar(select(func.count()).select_from(model).where(
            model.step_id == step.id, model.company_id == participant.company_id))
        if count >= spec.limit:
            raise InvalidInput(spec.full)
        extra = {"position": count + 1} if model is Commitment else {}
        db.session.add(model(step_id=step.id, company_id=participant.company_id, participant_id=participant.id,
                             nonce=change.nonce, **extra, **change.fields))
        return spec.added
    row = db.session.get(model, change.row_id)
    if row is None or row.step_id != step.id or row.company_id != participant.company_id:
        raise NotFound(_l("That is not on your company's list any more."))
    if change.delete:
        db.session.delete(row)
        return _l("Removed.")
    for name, value in change.fields.items():
        setattr(row, name, value)
    return _l("Saved.")
