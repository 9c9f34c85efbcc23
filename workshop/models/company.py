"""A startup of the incubator; its answers are kept across sessions."""
from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._types import created_at_column
from .cohort import Cohort

COMPANY_NAME_MAX = 120


class Company(db.Model):
    __tablename__ = "company"
    __table_args__ = (UniqueConstraint("facilitator_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The coach whose incubator list this company is on; nobody else sees it.
    facilitator_id: Mapped[int] = mapped_column(ForeignKey("facilitator.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(COMPANY_NAME_MAX))
    #: The programme round it belongs to, if any.
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohort.id", ondelete="SET NULL"), index=True)
    #: The secret of the company's private link (KPI readings, next steps ticked between workshops);
    #: None when the facilitator has revoked it or never made one.
    access_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = created_at_column()

    cohort: Mapped[Cohort | None] = relationship()
