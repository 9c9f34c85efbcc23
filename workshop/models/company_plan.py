"""What a company agrees on in a session: its KPIs and its commitments. Any member of the company edits them."""
import enum
from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, DateTime, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._types import created_at_column, utcnow
from .company import Company

KPI_NAME_MAX = 80
KPI_UNIT_MAX = 20
READING_NOTE_MAX = 200
COMMITMENT_TEXT_MAX = 200
COMMITMENT_OWNER_MAX = 60


class KpiCategory(enum.StrEnum):
    QUANTITATIVE = "quantitative"
    QUALITATIVE = "qualitative"


class Kpi(db.Model):
    __tablename__ = "kpi"
    __table_args__ = (
        UniqueConstraint("participant_id", "nonce"),
        CheckConstraint("category in ('quantitative', 'qualitative')", name="category"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    step_id: Mapped[int] = mapped_column(ForeignKey("session_step.id", ondelete="CASCADE"), index=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"), index=True)
    #: A key of the KPI catalogue ("reach", "tone"…), or None for the company's own.
    catalogue_key: Mapped[str | None] = mapped_column(String(30))
    #: The company's own name for it; for a catalogue KPI, None (the catalogue names it in both languages).
    name: Mapped[str | None] = mapped_column(String(KPI_NAME_MAX))
    category: Mapped[str] = mapped_column(String(12))
    baseline: Mapped[float | None] = mapped_column(Float)
    target: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(KPI_UNIT_MAX), default="")
    due: Mapped[date | None] = mapped_column(Date)
    #: Who added it (a phone), for replays: the same nonce from the same phone adds nothing.
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id", ondelete="SET NULL"))
    nonce: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    company: Mapped[Company] = relationship()
    readings: Mapped[list["KpiReading"]] = relationship(
        order_by="(KpiReading.taken_on, KpiReading.id)", cascade="all, delete-orphan", back_populates="kpi")

    @property
    def latest(self) -> "KpiReading | None":
        return self.readings[-1] if self.readings else None

    @property
    def progress(self) -> float | None:
        """How far the latest reading has come from the baseline toward the target, 0–1 (lower targets count
        too: a target below the baseline is reached by going down); None without baseline, target or reading."""
        if self.latest is None or self.baseline is None or self.target is None or self.target == self.baseline:
            return None
        share = (self.latest.value - self.baseline) / (self.target - self.baseline)
        return min(1.0, max(0.0, share))


class ReadingSource(enum.StrEnum):
    COMPANY = "company"  # through the company's private link
    FACILITATOR = "facilitator"


class KpiReading(db.Model):
    """A follow-up value of a KPI between workshops: how far the company has come toward its target."""
    __tablename__ = "kpi_reading"
    __table_args__ = (CheckConstraint("recorded_by in ('company', 'facilitator')", name="recorded_by"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kpi_id: Mapped[int] = mapped_column(ForeignKey("kpi.id", ondelete="CASCADE"), index=True)
    taken_on: Mapped[date] = mapped_column(Date)
    value: Mapped[float] = mapped_column(Float)
    note: Mapped[str] = mapped_column(String(READING_NOTE_MAX), default="")
    recorded_by: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = created_at_column()

    kpi: Mapped[Kpi] = relationship(back_populates="readings")


class Commitment(db.Model):
    __tablename__ = "commitment"
    __table_args__ = (UniqueConstraint("participant_id", "nonce"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    step_id: Mapped[int] = mapped_column(ForeignKey("session_step.id", ondelete="CASCADE"), index=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(COMMITMENT_TEXT_MAX))
    owner: Mapped[str] = mapped_column(String(COMMITMENT_OWNER_MAX))
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    #: When it was ticked done (in a later session, through the private link or by the facilitator).
    done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id", ondelete="SET NULL"))
    nonce: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    company: Mapped[Company] = relationship()
