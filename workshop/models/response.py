"""One participant's answer about one item of a step; re-answering overwrites it."""
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ._types import created_at_column, utcnow


class Response(db.Model):
    __tablename__ = "response"
    __table_args__ = (UniqueConstraint("participant_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    #: Denormalised from the item so a step's tally is one indexed query.
    step_id: Mapped[int] = mapped_column(ForeignKey("session_step.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("step_item.id", ondelete="CASCADE"))
    #: 1 for a chosen option; the rating (1–scale) for a rated item.
    value: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
