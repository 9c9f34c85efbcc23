"""Phones joining a session: by code, picking their company."""
import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..config import SUPPORTED_LANGUAGES
from ..database import write_transaction
from ..extensions import db
from ..models import Participant, SessionStatus, WorkshopSession
from ..models.participant import NICKNAME_MAX
from ..models.session import JOIN_CODE_LENGTH
from .errors import InvalidInput, NotFound
from .signals import results_changed
from .text import clean_text


def normalise_code(raw: str | None) -> str:
    """People type codes with spaces, dashes and lower case; all of that is fine."""
    return "".join(ch for ch in (raw or "").upper() if ch.isalnum())


def open_session_by_code(raw_code: str | None) -> WorkshopSession:
    """The live session with this join code, or a message saying why not."""
    code = normalise_code(raw_code)
    if len(code) != JOIN_CODE_LENGTH:
        raise InvalidInput(_l("A join code has %(n)d characters.", n=JOIN_CODE_LENGTH))
    session = db.session.scalar(select(WorkshopSession).where(WorkshopSession.join_code == code))
    if session is None:
        raise NotFound(_l("There is no workshop with the code %(code)s. Check the code on the screen.", code=code))
    if session.state is SessionStatus.ENDED:
        raise InvalidInput(_l("This workshop has ended."))
    if session.state is SessionStatus.DRAFT:
        raise InvalidInput(_l("This workshop has not started yet. Try again when the facilitator starts it."))
    return session


def join_session(raw_code: str, company_id: int | None, nickname: str | None, language: str) -> Participant:
    nickname = clean_text(nickname, max_length=NICKNAME_MAX, required=False, field=_l("Nickname")) or None
    with write_transaction():
        session = open_session_by_code(raw_code)
        if company_id not in {company.id for company in session.companies}:
            raise InvalidInput(_l("Choose your company."))
        # Numbers are handed out in order; on PostgreSQL the session row is the lock that keeps two phones
        # joining at once from taking the same one (SQLite's IMMEDIATE transaction already serialises them).
        db.session.execute(select(WorkshopSession.id).where(WorkshopSession.id == session.id).with_for_update())
        number = (db.session.scalar(
            select(func.max(Participant.number)).where(Participant.session_id == session.id)) or 0) + 1
        participant = Participant(
            session_id=session.id, company_id=company_id, token=secrets.token_urlsafe(32), number=number,
            nickname=nickname, language=language if language in SUPPORTED_LANGUAGES else session.language,
        )
        db.session.add(participant)
    results_changed.send(participant.session_id)
    return participant


def participant_by_token(token: str | None) -> Participant | None:
    if not token:
        return None
    return db.session.scalar(select(Participant).where(Participant.token == token))


def set_language(participant: Participant, language: str) -> None:
    if language not in SUPPORTED_LANGUAGES:
        raise InvalidInput(_l("Choose Swedish or English."))
    with write_transaction():
        db.session.get(Participant, participant.id).language = language
