"""What a phone sends about a step: read and checked by the step's kind, carried out here in one transaction.

Every command is safe to replay: answers are upserts, and anything a phone adds carries the phone's nonce,
so a re-sent submission (a retry after a lost acknowledgement) changes nothing.
"""
from collections.abc import Mapping

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from ..database import upsert, write_transaction
from ..extensions import db
from ..models import Participant, Response, SessionStatus, SessionStep
from ..models._types import utcnow
from ..steps import kind_of
from ..steps.base import CommitmentTick, NewItem, ParsedAnswer, RowChange
from . import company_plans, contributions, follow_up
from .errors import Conflict, InvalidInput, NotFound
from .signals import board_changed, results_changed


def _answerable_step(participant: Participant, step_id: int) -> SessionStep:
    step = db.session.get(SessionStep, step_id)
    if step is None or step.session_id != participant.session_id:
        raise NotFound(_l("That question is not part of this workshop."))
    if step.session.state is not SessionStatus.LIVE:
        raise InvalidInput(_l("This workshop has ended.") if step.session.state is SessionStatus.ENDED
                           else _l("This workshop has not started yet."))
    if not kind_of(step).takes_input:
        raise InvalidInput(_l("This step takes no answers."))
    if step.voting_closed:
        raise Conflict(_l("Voting is closed for this question."))
    return step


def submit(participant_id: int, step_id: int, form: Mapping[str, list[str]]):
    """Carry out what the phone's form asks; returns the message for the phone (a lazy string)."""
    with write_transaction():
        participant = db.session.get(Participant, participant_id)
        if participant is None:
            raise NotFound(_l("Join the workshop again."))
        step = _answerable_step(participant, step_id)
        kind = kind_of(step)
        shares_board = kind.shares_board(step)
        command = kind.parse(step, form)
        if isinstance(command, ParsedAnswer):
            _store(participant, step, command)
            message = _l("Your answer is saved.")
        elif isinstance(command, NewItem):
            message = contributions.add_item(participant, step, command)
        elif isinstance(command, RowChange):
            message = company_plans.change_row(participant, step, command)
        elif isinstance(command, CommitmentTick):
            message = follow_up.tick_from_phone(participant, command.commitment_id, command.done)
        else:  # pragma: no cover - a kind returned something new
            raise InvalidInput()
        session_id = participant.session_id
    results_changed.send(session_id)
    if shares_board:
        board_changed.send(session_id)
    return message


def _store(participant: Participant, step: SessionStep, parsed: ParsedAnswer) -> None:
    if parsed.only_new and db.session.scalar(select(Response.id).where(
            Response.participant_id == participant.id, Response.item_id.in_(list(parsed.values)))):
        raise Conflict(_l("You have already upvoted that."))
    if parsed.replaces_step:
        db.session.execute(delete(Response).where(
            Response.participant_id == participant.id, Response.step_id == step.id,
            Response.item_id.not_in(list(parsed.values)),
        ))
    if parsed.withdrawn:
        db.session.execute(delete(Response).where(
            Response.participant_id == participant.id, Response.item_id.in_(list(parsed.withdrawn))))
    now = utcnow()
    for item_id, value in parsed.values.items():
        db.session.execute(upsert(
            Response,
            {"participant_id": participant.id, "step_id": step.id, "item_id": item_id, "value": value,
             "created_at": now, "updated_at": now},
            conflict_columns=["participant_id", "item_id"], update_columns=["value", "updated_at"],
        ))
