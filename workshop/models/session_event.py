"""What the facilitator did in a session, with who and when: every control action, moderation, a reset with
what it removed."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._types import created_at_column
from .facilitator import Facilitator


class SessionEvent(db.Model):
    __tablename__ = "session_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("workshop_session.id", ondelete="CASCADE"), index=True)
    facilitator_id: Mapped[int | None] = mapped_column(ForeignKey("facilitator.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(30))
    #: e.g. {"step": 3, "answers": 41}
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = created_at_column()

    facilitator: Mapped[Facilitator | None] = relationship()
