"""A coach who prepares and drives workshops."""
import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import JSON, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ._types import created_at_column


def new_login_id() -> str:
    return secrets.token_urlsafe(32)


class Facilitator(UserMixin, db.Model):
    __tablename__ = "facilitator"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Login name; stored lower-case.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    #: argon2 hash, never the password.
    password_hash: Mapped[str] = mapped_column(String(255))
    #: What Flask-Login keeps in the cookie. Rotated on logout and password change,
    #: so a copied cookie dies with the logout.
    login_id: Mapped[str] = mapped_column(String(64), unique=True, default=new_login_id)
    #: {"sv": [...], "en": [...]}: words that flag a participant's text for review; None for the defaults.
    review_words: Mapped[dict | None] = mapped_column(JSON)
    #: Participants' free text is removed this many days after a session ended (totals stay); None keeps it.
    retention_days: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = created_at_column()

    def get_id(self) -> str:
        return self.login_id

    def rotate_login_id(self) -> None:
        self.login_id = new_login_id()
