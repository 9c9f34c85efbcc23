"""A phone in a session: anonymous, tied to one company."""
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from typing import TYPE_CHECKING

from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._types import created_at_column
from .company import Company

if TYPE_CHECKING:
    from .session import WorkshopSession

NICKNAME_MAX = 40


class Participant(db.Model):
    __tablename__ = "participant"
    __table_args__ = (UniqueConstraint("session_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("workshop_session.id", ondelete="CASCADE"), index=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"), index=True)
    #: The secret the phone's cookie carries; the only proof of who answers.
    token: Mapped[str] = mapped_column(String(64), unique=True)
    #: 1, 2, 3 … within the session; exports name participants "P<number>", never by nickname.
    number: Mapped[int] = mapped_column(Integer)
    nickname: Mapped[str | None] = mapped_column(String(NICKNAME_MAX))
    language: Mapped[str] = mapped_column(String(2))
    created_at: Mapped[datetime] = created_at_column()

    company: Mapped[Company] = relationship()
    workshop: Mapped["WorkshopSession"] = relationship()

    @property
    def pseudonym(self) -> str:
        return f"P{self.number}"
