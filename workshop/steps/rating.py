"""Rate each item from 1 to N; the projector shows the mean and the spread per item."""
from flask_babel import lazy_gettext as _l

from ..numbers import MEAN_PLACES
from ..services.errors import InvalidInput
from .base import (
    Counts,
    DemoPhone,
    Figure,
    ParsedAnswer,
    SettingField,
    StepKind,
    as_int,
    first,
    is_flag,
    is_whole_number,
)
from .ideas import new_item

FIELD_PREFIX = "item-"
SCALE_RANGE = (2, 10)


class RatingKind(StepKind):
    name = "rating"
    feeds_later_steps = True
    compares_with_source = True
    charts_concerns = True
    label = _l("Rating")
    collects_answers = True
    takes_input = True
    items_allowed = True
    settings_allowed = ("scale", "allow_add", "items_from")
    setting_fields = (
        SettingField("scale", "number", _l("Ratings from 1 to"), *SCALE_RANGE),
        SettingField("allow_add", "flag", _l("Participants may add items for everyone to rate")),
    )

    def settings_problems(self, settings, items):
        problems = super().settings_problems(settings, items)
        if "scale" in settings and not is_whole_number(settings["scale"], *SCALE_RANGE):
            problems.append(("scale", _l("A whole number from %(low)d to %(high)d.",
                                         low=SCALE_RANGE[0], high=SCALE_RANGE[1])))
        if "allow_add" in settings and not is_flag(settings["allow_add"]):
            problems.append(("allow_add", _l("Either true or false.")))
        if not items and "items_from" not in settings and not settings.get("allow_add"):
            problems.append(("items", _l("A rating needs at least one item to rate.")))
        return problems

    @staticmethod
    def scale(step) -> int:
        return int(step.settings.get("scale", 5))

    def shares_board(self, step) -> bool:
        return bool(step.settings.get("allow_add"))

    def parse(self, step, form):
        if first(form, "do") == "add":
            if not step.settings.get("allow_add"):
                raise InvalidInput(_l("This question takes no new items."))
            return new_item(form, _l("Your item"))
        return self.parse_answer(step, form)

    def parse_answer(self, step, form) -> ParsedAnswer:
        scale = self.scale(step)
        valid = {item.id for item in step.shown_items}
        values: dict[int, int] = {}
        for key, raw in form.items():
            if not key.startswith(FIELD_PREFIX):
                continue
            item_id = as_int(key.removeprefix(FIELD_PREFIX), _l("That item is not part of this question."))
            if item_id not in valid:
                raise InvalidInput(_l("That item is not part of this question."))
            if not raw or raw[-1] in ("", None):
                continue
            value = as_int(raw[-1], _l("Give a rating from 1 to %(n)d.", n=scale))
            if not 1 <= value <= scale:
                raise InvalidInput(_l("Give a rating from 1 to %(n)d.", n=scale))
            values[item_id] = value
        if not values:
            raise InvalidInput(_l("Give a rating from 1 to %(n)d.", n=scale))
        return ParsedAnswer(values=values, replaces_step=False)

    def figures(self, step, summary):
        return [figure for row in summary["rows"] for figure in (
            Figure(row["item"], _l("Mean"), row["mean"], MEAN_PLACES), Figure(row["item"], _l("Answers"), row["n"]))]

    def summarize(self, step, counts: Counts, respondents: int) -> dict:
        scale = self.scale(step)
        rows = []
        for item in step.shown_items:
            distribution = [int((counts.get(item.id) or {}).get(value, 0)) for value in range(1, scale + 1)]
            n = sum(distribution)
            mean = sum(value * count for value, count in zip(range(1, scale + 1), distribution)) / n if n else None
            rows.append({"item": item, "n": n, "mean": mean, "distribution": distribution,
                         "peak": max(distribution) or 1})
        return {"respondents": respondents, "rows": rows, "scale": scale}

    def demo_forms(self, step, phone: DemoPhone) -> list[dict]:
        scale = self.scale(step)

        def rate() -> int:
            return max(1, min(scale, round(1 + phone.worry * (scale - 1) + phone.rng.uniform(-1, 1))))
        return [{f"item-{item.id}": [str(rate())] for item in step.shown_items}]
