"""What every step kind provides: how to read an answer, how to sum answers up, which partials show it."""
from collections.abc import Mapping
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from ..services.errors import InvalidInput

#: counts[item_id][value] = how many participants gave that value for that item
Counts = Mapping[int, Mapping[int, int]]


@dataclass(frozen=True)
class ParsedAnswer:
    #: item id → value, every item already checked to belong to the step
    values: dict[int, int]
    #: True when the answer is the participant's whole state for the step (a choice): other items are withdrawn.
    replaces_step: bool


class StepKind:
    name: str = ""
    collects_answers: bool = False
    #: Whether a template step of this kind may list items (options, concerns…).
    items_allowed: bool = False

    def settings_problems(self, settings: dict, items: list[dict]) -> list[tuple[str, object]]:
        """What is wrong with a template step's settings and items: (setting name or "items", message) pairs.
        The base accepts no settings and no items."""
        problems = [(key, _l("Unknown setting.")) for key in sorted(set(settings) - set(self.settings_allowed))]
        if items and not self.items_allowed:
            problems.append(("items", _l("This kind of step has no items.")))
        return problems

    #: Setting names this kind understands.
    settings_allowed: tuple[str, ...] = ()

    def template(self, audience: str) -> str:
        """The partial for "phone", "projector" or "results" of this kind."""
        return f"steps/{self.name}/_{audience}.html"

    def parse_answer(self, step, form: Mapping[str, list[str]]) -> ParsedAnswer:
        raise InvalidInput(_l("This step takes no answers."))

    def summarize(self, step, counts: Counts, respondents: int) -> dict:
        return {"respondents": respondents}


def as_int(raw: str | None, message) -> int:
    try:
        return int(str(raw).strip())
    except (TypeError, ValueError):
        raise InvalidInput(message) from None


def is_flag(value) -> bool:
    return isinstance(value, bool)


def is_whole_number(value, lowest: int, highest: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and lowest <= value <= highest
