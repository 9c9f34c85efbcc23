"""Workshop templates: an ordered list of steps that sessions copy when they are created."""
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._types import created_at_column

if TYPE_CHECKING:
    from .facilitator import Facilitator


class Template(db.Model):
    __tablename__ = "template"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stable name of a built-in template, so a newer release can refresh its content; None for copies.
    slug: Mapped[str | None] = mapped_column(String(64), unique=True)
    #: {"sv": …, "en": …}
    name: Mapped[dict] = mapped_column(JSON)
    #: Owner of a copied template; None for built-in ones, which every facilitator sees.
    facilitator_id: Mapped[int | None] = mapped_column(ForeignKey("facilitator.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = created_at_column()

    facilitator: Mapped["Facilitator | None"] = relationship()
    steps: Mapped[list["TemplateStep"]] = relationship(
        order_by="TemplateStep.position", cascade="all, delete-orphan", back_populates="template"
    )

    @property
    def is_builtin(self) -> bool:
        return self.slug is not None


class TemplateStep(db.Model):
    __tablename__ = "template_step"
    __table_args__ = (UniqueConstraint("template_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("template.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    #: A key of the step-kind registry (workshop.steps).
    kind: Mapped[str] = mapped_column(String(20))
    #: Texts per language, the kind's settings and its items; the same shape a session step copies.
    content: Mapped[dict] = mapped_column(JSON)

    template: Mapped[Template] = relationship(back_populates="steps")
