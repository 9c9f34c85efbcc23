"""A participant's answer: validated by its step kind, stored as an upsert (replays change nothing)."""
from collections.abc import Mapping

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete

from ..database import upsert, write_transaction
from ..extensions import db
from ..models import Participant, Response, SessionStatus, SessionStep
from ..models._types import utcnow
from ..steps import kind_of
from .errors import Conflict, InvalidInput, NotFound
from .signals import results_changed


def _answerable_step(participant: Participant, step_id: int) -> SessionStep:
    step = db.session.get(SessionStep, step_id)
    if step is None or step.session_id != participant.session_id:
        raise NotFound(_l("That question is not part of this workshop."))
    if step.session.state is not SessionStatus.LIVE:
        raise InvalidInput(_l("This workshop has ended.") if step.session.state is SessionStatus.ENDED
                           else _l("This workshop has not started yet."))
    if not kind_of(step).collects_answers:
        raise InvalidInput(_l("This step takes no answers."))
    if step.voting_locked:
        raise Conflict(_l("Voting is closed for this question."))
    return step


def cast_answer(participant_id: int, step_id: int, form: Mapping[str, list[str]]) -> dict[int, int]:
    """Store the participant's answer to a step; returns item id → value as stored."""
    with write_transaction():
        participant = db.session.get(Participant, participant_id)
        if participant is None:
            raise NotFound(_l("Join the workshop again."))
        step = _answerable_step(participant, step_id)
        parsed = kind_of(step).parse_answer(step, form)
        if parsed.replaces_step:
            db.session.execute(delete(Response).where(
                Response.participant_id == participant.id, Response.step_id == step.id,
                Response.item_id.not_in(list(parsed.values)),
            ))
        now = utcnow()
        for item_id, value in parsed.values.items():
            db.session.execute(upsert(
                Response,
                {"participant_id": participant.id, "step_id": step.id, "item_id": item_id, "value": value,
                 "created_at": now, "updated_at": now},
                conflict_columns=["participant_id", "item_id"], update_columns=["value", "updated_at"],
            ))
        session_id = participant.session_id
    results_changed.send(session_id)
    return parsed.values
