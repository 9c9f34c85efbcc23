"""Facilitator accounts: the first-run set-up, login checks and logout."""
from functools import cache

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..database import write_transaction
from ..extensions import db
from ..models import Facilitator
from .errors import Conflict, Forbidden, InvalidInput
from .text import clean_text

PASSWORD_MIN = 10


@cache
def _hasher_of(profile: str) -> PasswordHasher:
    return PasswordHasher.from_parameters(getattr(profiles, profile))


def _hasher() -> PasswordHasher:
    """argon2-cffi's own default (RFC 9106, low memory) unless PASSWORD_HASH_PROFILE names another of its
    profiles: the test suite's CHEAPEST hashes in microseconds instead of up to seconds on a loaded machine."""
    return _hasher_of(current_app.config["PASSWORD_HASH_PROFILE"])


def needs_setup() -> bool:
    """True until the first facilitator exists."""
    return db.session.scalar(select(func.count()).select_from(Facilitator)) == 0


def _valid_email(email: str) -> str:
    email = clean_text(email, max_length=254, field=_l("E-mail")).lower()
    local, _, domain = email.partition("@")
    if not local or "." not in domain or " " in email:
        raise InvalidInput(_l("Enter a valid e-mail address."))
    return email


def create_facilitator(email: str, password: str, *, first_run: bool = False) -> Facilitator:
    """A new account. With first_run, refused once any account exists (the set-up page is one-shot)."""
    email = _valid_email(email)
    if len(password or "") < PASSWORD_MIN:
        raise InvalidInput(_l("The password needs at least %(n)d characters.", n=PASSWORD_MIN))
    with write_transaction():
        if first_run and not needs_setup():
            raise Forbidden(_l("Verkstad is already set up. Log in instead."))
        if db.session.scalar(select(Facilitator).where(Facilitator.email == email)):
            raise Conflict(_l("There is already an account with that e-mail."))
        facilitator = Facilitator(email=email, password_hash=_hasher().hash(password))
        db.session.add(facilitator)
    return facilitator


def authenticate(email: str, password: str) -> Facilitator:
    """The facilitator with these credentials, or Forbidden with one message for every failure."""
    facilitator = db.session.scalar(select(Facilitator).where(Facilitator.email == (email or "").strip().lower()))
    try:
        if facilitator is None:
            raise VerificationError
        _hasher().verify(facilitator.password_hash, password or "")
    except (VerificationError, InvalidHashError):
        raise Forbidden(_l("Wrong e-mail or password.")) from None
    if _hasher().check_needs_rehash(facilitator.password_hash):
        with write_transaction():
            facilitator.password_hash = _hasher().hash(password)
    return facilitator


def load_by_login_id(login_id: str) -> Facilitator | None:
    return db.session.scalar(select(Facilitator).where(Facilitator.login_id == login_id))


def end_all_logins(facilitator: Facilitator) -> None:
    """Logout: every cookie that carried the old login id stops working, copies included."""
    with write_transaction():
        db.session.get(Facilitator, facilitator.id).rotate_login_id()
