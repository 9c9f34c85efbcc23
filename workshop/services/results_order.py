"""The order of a step's items by what the room gave them: votes for ideas, points, ratings' means."""
from sqlalchemy import func, select

from ..extensions import db
from ..models import Response, SessionStep, StepItem


def ranked_items(step: SessionStep) -> list[StepItem]:
    """Visible items, the most voted (summed values) first; ties keep the step's order."""
    totals = dict(db.session.execute(
        select(Response.item_id, func.sum(Response.value)).where(Response.step_id == step.id)
        .group_by(Response.item_id)).all())
    return sorted(step.shown_items, key=lambda item: (-(totals.get(item.id) or 0), item.position))
