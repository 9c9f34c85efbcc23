"""A round of the incubator's programme: the companies that go through it together, compared side by side."""
from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ._types import created_at_column

COHORT_NAME_MAX = 120


class Cohort(db.Model):
    __tablename__ = "cohort"
    __table_args__ = (UniqueConstraint("facilitator_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    facilitator_id: Mapped[int] = mapped_column(ForeignKey("facilitator.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(COHORT_NAME_MAX))
    created_at: Mapped[datetime] = created_at_column()
