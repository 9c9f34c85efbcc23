"""What participants write for everyone to see (ideas, thoughts, concerns of their own) and its moderation.

An item a participant wrote shows at once, unless the step is pre-moderated; then only its author and the
facilitator see it until it is approved. Text matching the review word lists is flagged for the facilitator.
Hidden items are gone from phones, projector, summary and exports; their answers are kept, so unhiding
restores them.
"""
import json
import re
from functools import cache
from importlib.resources import files

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..database import write_transaction
from ..extensions import db
from ..models import Facilitator, ItemStatus, Participant, SessionStep, StepItem
from ..steps.base import NewItem
from .errors import InvalidInput, NotFound
from .sessions import owned_session, record
from .signals import board_changed, results_changed

#: At most this many items of their own per participant and step: a room is not a spam target.
ITEMS_PER_PARTICIPANT = 10


REVIEW_WORD_MAX = 40
REVIEW_WORDS_MAX = 500


@cache
def default_review_words() -> dict[str, tuple[str, ...]]:
    data = json.loads((files("workshop") / "content" / "review_words.json").read_text(encoding="utf-8"))
    return {language: tuple(word.lower() for word in words) for language, words in data.items()}


def review_words(facilitator: Facilitator) -> dict[str, tuple[str, ...]]:
    """The facilitator's own Swedish and English lists, or the built-in ones."""
    if facilitator.review_words is None:
        return default_review_words()
    return {language: tuple(facilitator.review_words.get(language, ())) for language in ("sv", "en")}


def set_review_words(facilitator: Facilitator, lists: dict[str, str]) -> None:
    """One word a line per language; blank lines and repeats dropped, stored lower-case."""
    words = {}
    for language in ("sv", "en"):
        unique = dict.fromkeys(line.strip().lower() for line in lists.get(language, "").splitlines() if line.strip())
        if any(len(word) > REVIEW_WORD_MAX for word in unique) or len(unique) > REVIEW_WORDS_MAX:
            raise InvalidInput(_l("At most %(n)d words a list, each at most %(max)d characters.",
                                  n=REVIEW_WORDS_MAX, max=REVIEW_WORD_MAX))
        words[language] = list(unique)
    with write_transaction():
        db.session.get(Facilitator, facilitator.id).review_words = words


def _words(text: str) -> str:
    return " " + " ".join(re.findall(r"\w+", text.lower())) + " "


def needs_review(text: str, lists: dict[str, tuple[str, ...]]) -> bool:
    """True when the text holds a listed word or phrase of either language (whole words, any case)."""
    found = _words(text)
    return any(_words(listed) in found for words in lists.values() for listed in words if _words(listed).strip())


def add_item(participant: Participant, step: SessionStep, new: NewItem):
    """Called inside the submission's transaction; returns the message for the phone."""
    replayed = db.session.scalar(
        select(StepItem).where(StepItem.participant_id == participant.id, StepItem.nonce == new.nonce))
    if replayed is not None:
        return _added_message(replayed)
    own = db.session.scalar(select(func.count()).select_from(StepItem).where(
        StepItem.step_id == step.id, StepItem.participant_id == participant.id))
    if own >= ITEMS_PER_PARTICIPANT:
        raise InvalidInput(_l("You have added %(n)d already; that is the most for this step.", n=own))
    duplicate = next((item for item in step.items if item.status != ItemStatus.HIDDEN
                      and item.text(participant.language).casefold() == new.text.casefold()), None)
    if duplicate is not None:
        raise InvalidInput(_l("That is already on the list."))
    # The step row is the lock that hands out positions one at a time (PostgreSQL; SQLite's writer lock
    # already does).
    db.session.execute(select(SessionStep.id).where(SessionStep.id == step.id).with_for_update())
    position = (db.session.scalar(select(func.max(StepItem.position)).where(StepItem.step_id == step.id)) or 0) + 1
    item = StepItem(
        step_id=step.id, position=position, label={"sv": new.text, "en": new.text},
        participant_id=participant.id, nonce=new.nonce,
        flagged=needs_review(new.text, review_words(participant.workshop.facilitator)),
        status=ItemStatus.PENDING if step.settings.get("premoderation") else ItemStatus.SHOWN,
    )
    db.session.add(item)
    db.session.flush()
    return _added_message(item)


def _added_message(item: StepItem):
    if item.status == ItemStatus.PENDING:
        return _l("Thank you! It appears once the facilitator has approved it.")
    return _l("Added. Thank you!")


MODERATION = {"hide": ItemStatus.HIDDEN, "show": ItemStatus.SHOWN, "approve": ItemStatus.SHOWN}


def moderate(facilitator: Facilitator, session_id: int, item_id: int, action: str) -> StepItem:
    """Hide, show again or approve a participant's item of one of the facilitator's sessions."""
    if action not in MODERATION:
        raise NotFound()
    with write_transaction():
        session = owned_session(facilitator, session_id)
        item = db.session.get(StepItem, item_id)
        if item is None or item.step.session_id != session.id:
            raise NotFound(_l("No such item."))
        item.status = MODERATION[action]
        record(session, facilitator, action, step=item.step.position + 1, item=item.id)
    board_changed.send(session_id)
    results_changed.send(session_id)
    return item

