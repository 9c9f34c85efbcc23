"""What a phone sends about a step: read and checked by the step's kind, carried out here.

Every command is safe to replay: answers are upserts, and anything a phone adds carries the phone's nonce,
so a re-sent submission (a retry after a lost acknowledgement) changes nothing. Submissions that arrive
together are written together, in one transaction (group_commit): a room votes at once.
"""
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from flask import Flask, current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, tuple_

from ..database import upsert_statement, write_transaction
from ..extensions import db
from ..models import Participant, Response, SessionStatus, SessionStep
from ..models._types import utcnow
from ..steps import kind_of
from ..steps.base import CommitmentTick, NewItem, ParsedAnswer, RowChange
from . import company_plans, contributions, follow_up
from .errors import Conflict, DomainError, InvalidInput, NotFound
from .group_commit import GroupCommit
from .signals import board_changed, results_changed


@dataclass(frozen=True)
class Submission:
    participant_id: int
    step_id: int
    form: Mapping[str, list[str]]


def submit(participant_id: int, step_id: int, form: Mapping[str, list[str]]):
    """Carry out what the phone's form asks; returns, once it is committed, the message for the phone (a lazy
    string). A rule that refuses it raises its DomainError."""
    session = db.session()
    if session.in_transaction():
        # What the caller reads next (the phone's stage with its answer) must be read after the commit.
        session.commit()
    return writer(current_app._get_current_object()).run(Submission(participant_id, step_id, form))


def writer(app: Flask) -> GroupCommit:
    """The app's answer writer; workshop.live starts it in the server, elsewhere each submission writes itself."""
    if "verkstad_answers" not in app.extensions:
        app.extensions["verkstad_answers"] = GroupCommit(app, write_batch)
    return app.extensions["verkstad_answers"]


def write_batch(submissions: Sequence[Submission]) -> list[object]:
    """Every submission in one transaction; per submission, its message or the DomainError that refused it.
    A refused submission wrote nothing: each command checks everything before it writes (or, for the rarer
    commands than answers, runs in a savepoint)."""
    outcomes: list[object] = []
    answers = _AnswerRows()
    boards: dict[int, bool] = {}  # session id → whether what phones share changed too
    with write_transaction():
        participants = {participant.id: participant for participant in db.session.scalars(
            select(Participant).where(Participant.id.in_({s.participant_id for s in submissions})))}
        for submission in submissions:
            try:
                participant = participants.get(submission.participant_id)
                if participant is None:
                    raise NotFound(_l("Join the workshop again."))
                step = _answerable_step(participant, submission.step_id)
                kind = kind_of(step)
                outcomes.append(_carry_out(participant, step, kind.parse(step, submission.form), answers))
            except DomainError as refusal:
                outcomes.append(refusal)
                continue
            boards[participant.session_id] = boards.get(participant.session_id, False) or kind.shares_board(step)
        answers.write()
    for session_id, board in boards.items():
        results_changed.send(session_id)
        if board:
            board_changed.send(session_id)
    return outcomes


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


def _carry_out(participant: Participant, step: SessionStep, command, answers: "_AnswerRows"):
    if isinstance(command, ParsedAnswer):
        answers.before(participant.id)
        _store(participant, step, command, answers)
        return _l("Your answer is saved.")
    answers.write()
    try:
        with db.session.begin_nested():
            return _carry_out_change(participant, step, command)
    finally:
        # The next submission reads what this one changed (a new idea in step.items…) afresh, as it would in a
        # transaction of its own.
        db.session.expire_all()


def _carry_out_change(participant: Participant, step: SessionStep, command):
    if isinstance(command, NewItem):
        return contributions.add_item(participant, step, command)
    if isinstance(command, RowChange):
        return company_plans.change_row(participant, step, command)
    if isinstance(command, CommitmentTick):
        return follow_up.tick_from_phone(participant, command.commitment_id, command.done)
    raise InvalidInput()  # pragma: no cover - a kind returned something new


def _store(participant: Participant, step: SessionStep, parsed: ParsedAnswer, answers: "_AnswerRows") -> None:
    """Checks first, then writes: a Conflict leaves nothing behind."""
    if parsed.only_new and db.session.scalar(select(Response.id).where(
            Response.participant_id == participant.id, Response.item_id.in_(list(parsed.values)))):
        raise Conflict(_l("You have already upvoted that."))
    withdrawn = set(parsed.withdrawn)
    if parsed.replaces_step:
        withdrawn |= {item.id for item in step.items} - set(parsed.values)
    now = utcnow()
    answers.add(participant.id, withdrawn, [
        {"participant_id": participant.id, "step_id": step.id, "item_id": item_id, "value": value,
         "created_at": now, "updated_at": now}
        for item_id, value in parsed.values.items()])


class _AnswerRows:
    """A batch's answers, written in two statements: one delete of every withdrawn answer, one upsert of the
    rest. A participant's next submission in the same batch first writes theirs, so every submission sees the
    ones before it, as if each had its own transaction."""

    #: (participant, item) pairs per delete statement, well inside SQLite's limit of bound values.
    PAIRS_PER_DELETE = 4000

    def __init__(self):
        self._withdrawn: list[tuple[int, int]] = []
        self._rows: list[dict] = []
        self._participants: set[int] = set()

    def before(self, participant_id: int) -> None:
        if participant_id in self._participants:
            self.write()

    def add(self, participant_id: int, withdrawn_items: set[int], rows: list[dict]) -> None:
        self._withdrawn += [(participant_id, item_id) for item_id in withdrawn_items]
        self._rows += rows
        self._participants.add(participant_id)

    def write(self) -> None:
        connection = db.session.connection()
        pairs = tuple_(Response.participant_id, Response.item_id)
        for start in range(0, len(self._withdrawn), self.PAIRS_PER_DELETE):
            connection.execute(delete(Response).where(pairs.in_(self._withdrawn[start:start + self.PAIRS_PER_DELETE])))
        if self._rows:
            connection.execute(upsert_statement(Response.__table__, connection.dialect.name,
                                                ("participant_id", "item_id"), ("value", "updated_at")), self._rows)
        self._withdrawn, self._rows, self._participants = [], [], set()
