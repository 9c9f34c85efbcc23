"""A live workshop: its snapshot of steps, where it stands and who takes part."""
import enum
import math
from typing import TYPE_CHECKING
from datetime import datetime

from sqlalchemy import (JSON, Boolean, CheckConstraint, Column, DateTime, Float, ForeignKey, Integer, String, Table,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._types import as_utc, created_at_column, utcnow
from .company import Company
from .facilitator import Facilitator

if TYPE_CHECKING:
    from .participant import Participant
    from .session_event import SessionEvent

JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L
JOIN_CODE_LENGTH = 6


class SessionStatus(enum.StrEnum):
    DRAFT = "draft"
    LIVE = "live"
    ENDED = "ended"


session_company = Table(
    "session_company",
    db.metadata,
    Column("session_id", ForeignKey("workshop_session.id", ondelete="CASCADE"), primary_key=True),
    Column("company_id", ForeignKey("company.id", ondelete="CASCADE"), primary_key=True),
)


class WorkshopSession(db.Model):
    __tablename__ = "workshop_session"
    __table_args__ = (CheckConstraint("status in ('draft', 'live', 'ended')", name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    facilitator_id: Mapped[int] = mapped_column(ForeignKey("facilitator.id", ondelete="CASCADE"), index=True)
    #: The template's name when the session was made, in the session's language.
    title: Mapped[str] = mapped_column(String(200))
    #: What phones type or scan; unique among all sessions, accepted only while the session is live.
    join_code: Mapped[str] = mapped_column(String(JOIN_CODE_LENGTH), unique=True)
    #: The language of the projector and the default on phones ("sv" or "en").
    language: Mapped[str] = mapped_column(String(2))
    status: Mapped[str] = mapped_column(String(10), default=SessionStatus.DRAFT)
    #: Position of the step on screen (0-based).
    current_position: Mapped[int] = mapped_column(Integer, default=0)
    #: The projector shows the results of one company, or of the whole room when None.
    results_company_id: Mapped[int | None] = mapped_column(ForeignKey("company.id", ondelete="SET NULL"))
    #: The projector shows nothing but black (a pause for discussion); phones are not affected.
    blackout: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Bumped on every change of what the screens show, so clients can drop stale snapshots.
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = created_at_column()
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    steps: Mapped[list["SessionStep"]] = relationship(
        order_by="SessionStep.position", cascade="all, delete-orphan", back_populates="session"
    )
    companies: Mapped[list[Company]] = relationship(secondary=session_company, order_by=Company.name)
    facilitator: Mapped["Facilitator"] = relationship()
    #: The record of what was done, newest first.
    events: Mapped[list["SessionEvent"]] = relationship(order_by="SessionEvent.id.desc()", viewonly=True)

    @property
    def state(self) -> SessionStatus:
        return SessionStatus(self.status)

    @property
    def current_step(self) -> "SessionStep":
        return self.steps[self.current_position]

    def touch(self) -> None:
        self.version += 1

    def start(self) -> None:
        self.status = SessionStatus.LIVE
        self.started_at = self.started_at or utcnow()
        self.touch()

    def end(self) -> None:
        self.status = SessionStatus.ENDED
        self.ended_at = utcnow()
        self.touch()

    def go_to(self, position: int) -> bool:
        """Move to a step; answers of every step are kept. False when there is no such step."""
        if not 0 <= position < len(self.steps) or position == self.current_position:
            return False
        self.current_position = position
        self.touch()
        return True


class SessionStep(db.Model):
    """A copy of a template step, so editing the template never changes this session."""

    __tablename__ = "session_step"
    __table_args__ = (UniqueConstraint("session_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("workshop_session.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    #: Texts per language ("title", "body", "notes") and the kind's "settings".
    content: Mapped[dict] = mapped_column(JSON)
    #: Results are hidden on the projector until the facilitator reveals them.
    results_visible: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Once locked, answers to this step are refused.
    voting_locked: Mapped[bool] = mapped_column(Boolean, default=False)
    #: A running countdown: when it passes, voting locks. None when no timer runs.
    timer_ends_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    session: Mapped[WorkshopSession] = relationship(back_populates="steps")
    items: Mapped[list["StepItem"]] = relationship(
        order_by="StepItem.position", cascade="all, delete-orphan", back_populates="step"
    )

    @property
    def seconds_left(self) -> int | None:
        """Whole seconds until the countdown locks voting; None without a countdown."""
        if self.timer_ends_at is None:
            return None
        return max(0, math.ceil((as_utc(self.timer_ends_at) - utcnow()).total_seconds()))

    @property
    def voting_closed(self) -> bool:
        """Locked by the facilitator, or its countdown has run out."""
        return self.voting_locked or self.seconds_left == 0

    @property
    def shown_items(self) -> list["StepItem"]:
        """The items everyone may see: neither hidden nor waiting for approval."""
        return [item for item in self.items if item.is_shown]

    def text(self, field: str, language: str) -> str:
        values = self.content.get(field) or {}
        return values.get(language) or values.get("en") or values.get("sv") or ""

    @property
    def settings(self) -> dict:
        return self.content.get("settings") or {}


class ItemStatus(enum.StrEnum):
    SHOWN = "shown"
    #: Waiting for the facilitator's approval (pre-moderation); seen only by its author and the facilitator.
    PENDING = "pending"
    #: Hidden by the facilitator: gone from phones, projector, summary and exports.
    HIDDEN = "hidden"


class StepItem(db.Model):
    """Something to answer about: an option of a poll, a concern to rate, an idea or a thought a participant
    posted, or an item carried over from an earlier step."""

    __tablename__ = "step_item"
    __table_args__ = (
        UniqueConstraint("step_id", "position"),
        UniqueConstraint("participant_id", "nonce"),
        CheckConstraint("status in ('shown', 'pending', 'hidden')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    step_id: Mapped[int] = mapped_column(ForeignKey("session_step.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    #: {"sv": …, "en": …}; an item a participant wrote holds their text under both keys.
    label: Mapped[dict] = mapped_column(JSON)
    #: A reference figure shown beside the room's result (percent for choices), or None.
    benchmark: Mapped[float | None] = mapped_column(Float)
    #: Who wrote it, when a participant did; None for the template's items.
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"), index=True)
    #: The phone's id for one submission, so a re-sent "add" never adds twice.
    nonce: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(10), default=ItemStatus.SHOWN)
    #: A word of the review lists matched: the facilitator should look at it.
    flagged: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The item of an earlier step this one was carried over from (a re-rating compares the two).
    source_item_id: Mapped[int | None] = mapped_column(ForeignKey("step_item.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = created_at_column()

    step: Mapped[SessionStep] = relationship(back_populates="items")
    author: Mapped["Participant | None"] = relationship()

    def text(self, language: str) -> str:
        return self.label.get(language) or self.label.get("en") or self.label.get("sv") or ""

    @property
    def is_shown(self) -> bool:
        return self.status == ItemStatus.SHOWN
