"""A startup of the incubator; its answers are kept across sessions."""
from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ._types import created_at_column

COMPANY_NAME_MAX = 120


class Company(db.Model):
    __tablename__ = "company"
    __table_args__ = (UniqueConstraint("facilitator_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The coach whose incubator list this company is on; nobody else sees it.
    facilitator_id: Mapped[int] = mapped_column(ForeignKey("facilitator.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(COMPANY_NAME_MAX))
    created_at: Mapped[datetime] = created_at_column()
