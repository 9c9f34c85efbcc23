"""Dot-voting: a budget of points spread over the items; over budget is refused, the projector ranks totals."""
from flask_babel import lazy_gettext as _l

from ..services.errors import InvalidInput
from .base import Counts, DemoPhone, Figure, ParsedAnswer, SettingField, StepKind, as_int, is_whole_number, shown_item

FIELD_PREFIX = "item-"
BUDGET_RANGE = (1, 100)


class PointsKind(StepKind):
    name = "points"
    feeds_later_steps = True
    label = _l("Points (dot-voting)")
    collects_answers = True
    takes_input = True
    items_allowed = True
    settings_allowed = ("budget", "items_from")
    setting_fields = (SettingField("budget", "number", _l("Points per participant"), *BUDGET_RANGE),)
    #: The budget counter, the + and − buttons, and no sending over the budget.
    script = "steps/points.js"

    @staticmethod
    def budget(step) -> int:
        return int(step.settings.get("budget", 3))

    def settings_problems(self, settings, items):
        problems = super().settings_problems(settings, items)
        if "budget" in settings and not is_whole_number(settings["budget"], *BUDGET_RANGE):
            problems.append(("budget", _l("A whole number from %(low)d to %(high)d.",
                                          low=BUDGET_RANGE[0], high=BUDGET_RANGE[1])))
        if not items and "items_from" not in settings:
            problems.append(("items", _l("Points need at least one item to spend them on.")))
        return problems

    def parse_answer(self, step, form) -> ParsedAnswer:
        budget = self.budget(step)
        spend: dict[int, int] = {}
        for key, raw in form.items():
            if not key.startswith(FIELD_PREFIX) or not raw or raw[-1] == "":
                continue
            item = shown_item(step, key.removeprefix(FIELD_PREFIX), _l("That item is not part of this question."))
            points = as_int(raw[-1], _l("Points are whole numbers from 0 to %(n)d.", n=budget))
            if not 0 <= points <= budget:
                raise InvalidInput(_l("Points are whole numbers from 0 to %(n)d.", n=budget))
            if points:
                spend[item.id] = points
        spent = sum(spend.values())
        if spent > budget:
            raise InvalidInput(_l("You have %(budget)d points and tried to spend %(spent)d.", budget=budget,
                                  spent=spent))
        if not spent:
            raise InvalidInput(_l("Spend at least one point."))
        return ParsedAnswer(values=spend, replaces_step=True)

    def figures(self, step, summary):
        return [Figure(row["item"], _l("Points"), row["points"]) for row in summary["rows"]]

    def summarize(self, step, counts: Counts, respondents: int) -> dict:
        rows = [{"item": item, "points": sum(value * n for value, n in (counts.get(item.id) or {}).items())}
                for item in step.shown_items]
        rows.sort(key=lambda row: (-row["points"], row["item"].position))
        return {"respondents": respondents, "rows": rows, "budget": self.budget(step)}

    def demo_forms(self, step, phone: DemoPhone) -> list[dict]:
        chosen = phone.rng.sample(step.shown_items, 2)
        return [{f"item-{chosen[0].id}": ["2"], f"item-{chosen[1].id}": ["1"]}]
