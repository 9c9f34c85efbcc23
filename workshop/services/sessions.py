"""Sessions from the facilitator's side: create from a template, then drive them step by step."""
import secrets
from collections.abc import Callable
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from ..config import SUPPORTED_LANGUAGES
from ..database import write_transaction
from ..extensions import db
from ..models import (Commitment, Company, Facilitator, Kpi, Response, SessionEvent, SessionStatus, SessionStep,
                      StepItem, WorkshopSession)
from ..models._types import as_utc, utcnow
from ..models.session import JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH
from ..steps import KINDS
from . import chain
from .errors import InvalidInput, NotFound
from .signals import results_changed, session_changed
from .templates import get_template

TIMER_SECONDS = 60
TIMER_EXTENSION = 30


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def _unused_join_code() -> str:
    while True:
        code = new_join_code()
        if not db.session.scalar(select(WorkshopSession.id).where(WorkshopSession.join_code == code)):
            return code


def sessions_of(facilitator: Facilitator) -> list[WorkshopSession]:
    return list(db.session.scalars(
        select(WorkshopSession).where(WorkshopSession.facilitator_id == facilitator.id)
        .order_by(WorkshopSession.created_at.desc(), WorkshopSession.id.desc())
    ))


def owned_session(facilitator: Facilitator, session_id: int) -> WorkshopSession:
    """The facilitator's own session; anyone else's, or none, is NotFound (never Forbidden: no probing)."""
    session = db.session.get(WorkshopSession, session_id)
    if session is None or session.facilitator_id != facilitator.id:
        raise NotFound(_l("No such session."))
    return session


def create_session(facilitator: Facilitator, template_id: int, language: str,
                   company_ids: list[int]) -> WorkshopSession:
    """A draft session holding a snapshot of the template, so later template edits never change it."""
    if language not in SUPPORTED_LANGUAGES:
        raise InvalidInput(_l("Choose Swedish or English."))
    if not company_ids:
        raise InvalidInput(_l("Choose at least one company."))
    with write_transaction():
        template = get_template(facilitator, template_id)
        companies = list(db.session.scalars(
            select(Company).where(Company.id.in_(company_ids), Company.facilitator_id == facilitator.id)
        ))
        if len(companies) != len(set(company_ids)):
            raise NotFound(_l("No such company."))
        session = WorkshopSession(
            facilitator_id=facilitator.id,
            title=template.name.get(language) or template.name.get("en", ""),
            join_code=_unused_join_code(),
            language=language,
            status=SessionStatus.DRAFT,
            companies=companies,
        )
        for position, template_step in enumerate(template.steps):
            content = dict(template_step.content)
            items = KINDS[template_step.kind].snapshot_items(content)
            content.pop("items", None)
            session.steps.append(SessionStep(
                position=position, kind=template_step.kind, content=content,
                items=[StepItem(position=i, label=item["label"], benchmark=item.get("benchmark"))
                       for i, item in enumerate(items)],
            ))
        db.session.add(session)
    return session


def _change(facilitator: Facilitator, session_id: int, change: Callable[[WorkshopSession], bool | None],
            action: str | None, *, allow_ended: bool = False) -> WorkshopSession:
    """Apply one facilitator action in a write transaction, kept on the session's record with who and when,
    then tell the screens (after commit)."""
    with write_transaction():
        session = owned_session(facilitator, session_id)
        if session.state is SessionStatus.ENDED and not allow_ended:
            raise InvalidInput(_l("This session has ended."))
        changed = change(session) is not False
        if changed:
            session.touch()
            if action:
                record(session, facilitator, action, step=session.current_position + 1)
    if changed:
        session_changed.send(session.id)
        results_changed.send(session.id)
    return session


def start_session(facilitator: Facilitator, session_id: int) -> WorkshopSession:
    return _change(facilitator, session_id, lambda s: s.start() if s.state is SessionStatus.DRAFT else False,
                   "start")


def end_session(facilitator: Facilitator, session_id: int) -> WorkshopSession:
    return _change(facilitator, session_id, lambda s: s.end(), "end")


def _arrive(session: WorkshopSession, position: int) -> bool:
    """Go to a step; a chained step picks up what its source step gathered until now."""
    if not session.go_to(position):
        return False
    chain.refresh_items(session.current_step)
    return True


def go_to_step(facilitator: Facilitator, session_id: int, position: int) -> WorkshopSession:
    return _change(facilitator, session_id, lambda s: _arrive(s, position), "step")


def move(facilitator: Facilitator, session_id: int, delta: int) -> WorkshopSession:
    """Next (+1) or back (-1); at either end nothing happens."""
    return _change(facilitator, session_id, lambda s: _arrive(s, s.current_position + delta),
                   "next" if delta > 0 else "back")


def toggle_results(facilitator: Facilitator, session_id: int) -> WorkshopSession:
    def toggle(session: WorkshopSession):
        session.current_step.results_visible = not session.current_step.results_visible
    return _change(facilitator, session_id, toggle, "results")


def toggle_lock(facilitator: Facilitator, session_id: int) -> WorkshopSession:
    def toggle(session: WorkshopSession):
        step = session.current_step
        step.voting_locked = not step.voting_closed
        step.timer_ends_at = None  # a lock or unlock by hand ends the countdown
    return _change(facilitator, session_id, toggle, "lock")


def show_results_of(facilitator: Facilitator, session_id: int, company_id: int | None) -> WorkshopSession:
    """The projector's results for the whole room (None) or for one attending company."""
    def scope(session: WorkshopSession):
        if company_id is not None and company_id not in {c.id for c in session.companies}:
            raise NotFound(_l("No such company."))
        session.results_company_id = company_id
    return _change(facilitator, session_id, scope, "scope", allow_ended=True)


def toggle_premoderation(facilitator: Facilitator, session_id: int) -> WorkshopSession:
    """From now on, what participants write on this step waits for approval (or no longer does)."""
    def toggle(session: WorkshopSession):
        step = session.current_step
        if "premoderation" not in KINDS[step.kind].settings_allowed:
            raise InvalidInput(_l("This step has nothing to approve."))
        settings = {**step.settings, "premoderation": not step.settings.get("premoderation")}
        step.content = {**step.content, "settings": settings}
    return _change(facilitator, session_id, toggle, "premoderation")


def toggle_blackout(facilitator: Facilitator, session_id: int) -> WorkshopSession:
    def toggle(session: WorkshopSession):
        session.blackout = not session.blackout
    return _change(facilitator, session_id, toggle, "blackout")


def start_timer(facilitator: Facilitator, session_id: int, seconds: int = TIMER_SECONDS) -> WorkshopSession:
    """A countdown on the current step; at zero voting locks. Starting again restarts it."""
    def start(session: WorkshopSession):
        step = session.current_step
        step.voting_locked = False
        step.timer_ends_at = utcnow() + timedelta(seconds=seconds)
    return _change(facilitator, session_id, start, "timer")


def extend_timer(facilitator: Facilitator, session_id: int) -> WorkshopSession:
    def extend(session: WorkshopSession):
        step = session.current_step
        if step.timer_ends_at is None or step.voting_closed:
            raise InvalidInput(_l("No countdown is running."))
        step.timer_ends_at = as_utc(step.timer_ends_at) + timedelta(seconds=TIMER_EXTENSION)
    return _change(facilitator, session_id, extend, "extend")


def stop_timer(facilitator: Facilitator, session_id: int) -> WorkshopSession:
    def stop(session: WorkshopSession):
        if session.current_step.timer_ends_at is None:
            return False
        session.current_step.timer_ends_at = None
    return _change(facilitator, session_id, stop, "stop_timer")


def expire_timers() -> None:
    """Lock the steps whose countdown has run out (the live ticker calls this), and tell their screens.
    Answers are refused from the first second past zero anyway; this makes the lock visible and lasting."""
    due = select(SessionStep).where(SessionStep.timer_ends_at.is_not(None), SessionStep.timer_ends_at <= utcnow())
    # A plain read first: most seconds nothing is due, and SQLite's writer lock is for the answers.
    if db.session.scalar(due.with_only_columns(SessionStep.id).limit(1)) is None:
        db.session.rollback()
        return
    with write_transaction():
        expired = list(db.session.scalars(due))
        for step in expired:
            step.timer_ends_at = None
            step.voting_locked = True
            step.session.touch()
        session_ids = {step.session_id for step in expired}
    for session_id in session_ids:
        session_changed.send(session_id)


def reset_step(facilitator: Facilitator, session_id: int) -> WorkshopSession:
    """Remove every answer to the current step, and what phones added to it; kept on record as an event."""
    def reset(session: WorkshopSession):
        step = session.current_step
        removed = {"answers": db.session.execute(delete(Response).where(Response.step_id == step.id)).rowcount,
                   "items": db.session.execute(delete(StepItem).where(
                       StepItem.step_id == step.id, StepItem.participant_id.is_not(None))).rowcount}
        for model in (Kpi, Commitment):
            removed[model.__tablename__] = db.session.execute(
                delete(model).where(model.step_id == step.id)).rowcount
        db.session.expire(step, ["items"])
        record(session, facilitator, "reset", step=step.position + 1, **removed)
    return _change(facilitator, session_id, reset, None)


def record(session: WorkshopSession, facilitator: Facilitator, action: str, **detail) -> None:
    """Keep a facilitator's action on the session's record (inside the action's transaction)."""
    db.session.add(SessionEvent(session_id=session.id, facilitator_id=facilitator.id, action=action, detail=detail))


#: The facilitator's actions by name, shared by the control buttons (HTTP) and the remote (socket).
ACTIONS: dict[str, Callable[[Facilitator, int], WorkshopSession]] = {
    "start": start_session,
    "end": end_session,
    "next": lambda facilitator, session_id: move(facilitator, session_id, +1),
    "back": lambda facilitator, session_id: move(facilitator, session_id, -1),
    "results": toggle_results,
    "lock": toggle_lock,
    "blackout": toggle_blackout,
    "premoderation": toggle_premoderation,
    "timer": start_timer,
    "extend": extend_timer,
    "stop_timer": stop_timer,
    "reset": reset_step,
}


def perform(facilitator: Facilitator, session_id: int, action: str) -> WorkshopSession:
    if action not in ACTIONS:
        raise NotFound(_l("No such action."))
    return ACTIONS[action](facilitator, session_id)
