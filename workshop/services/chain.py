"""Chained steps: a step that takes its items from an earlier one (the top ideas, or every concern rated).

Items are copied when the session reaches the chained step, so everything added before then comes along;
each copy remembers its source, which is how a re-rating compares with the first rating.
"""
from sqlalchemy import func, select

from ..extensions import db
from ..models import SessionStep, StepItem
from .results_order import ranked_items


def source_step(step: SessionStep) -> SessionStep | None:
    chained = step.settings.get("items_from")
    if not isinstance(chained, dict):
        return None
    position = chained.get("step")
    if not isinstance(position, int) or not 1 <= position <= step.position:
        return None
    return step.session.steps[position - 1]


def refresh_items(step: SessionStep) -> None:
    """Copy the source's visible items this step does not have yet (inside the caller's transaction)."""
    source = source_step(step)
    if source is None:
        return
    top = step.settings["items_from"].get("top")
    wanted = ranked_items(source)[:top] if isinstance(top, int) else source.shown_items
    copied = {item.source_item_id for item in step.items}
    position = db.session.scalar(select(func.max(StepItem.position)).where(StepItem.step_id == step.id)) or 0
    for item in wanted:
        if item.id in copied:
            continue
        position += 1
        step.items.append(StepItem(position=position, label=dict(item.label), source_item_id=item.id))
