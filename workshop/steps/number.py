"""One number in a range with a unit (minutes a week…); the projector shows a histogram and the median."""
import statistics

from flask_babel import lazy_gettext as _l

from ..services.errors import InvalidInput
from .base import Counts, DemoPhone, Figure, ParsedAnswer, SettingField, StepKind, as_int, first, is_whole_number

BINS = 8
NICE_WIDTHS = (1, 2, 5, 10, 15, 20, 25, 30, 50, 60, 100, 120, 250, 500, 1000)
LIMIT = 1_000_000


class NumberKind(StepKind):
    name = "number"
    label = _l("Number estimate")
    collects_answers = True
    takes_input = True
    settings_allowed = ("min", "max", "unit")
    setting_fields = (
        SettingField("min", "number", _l("Lowest answer"), -LIMIT, LIMIT),
        SettingField("max", "number", _l("Highest answer"), -LIMIT, LIMIT),
        SettingField("unit", "texts", _l("Unit")),
    )

    @staticmethod
    def bounds(step) -> tuple[int, int]:
        return int(step.settings.get("min", 0)), int(step.settings.get("max", 100))

    def settings_problems(self, settings, items):
        problems = super().settings_problems(settings, items)
        low, high = settings.get("min", 0), settings.get("max", 100)
        if not is_whole_number(low, -LIMIT, LIMIT) or not is_whole_number(high, -LIMIT, LIMIT) or low >= high:
            problems.append(("max", _l("min and max are whole numbers, min below max.")))
        unit = settings.get("unit")
        if unit is not None and not (isinstance(unit, dict) and all(isinstance(unit.get(lang), str)
                                                                    for lang in ("sv", "en"))):
            problems.append(("unit", _l("Needs a text in Swedish (sv) and English (en).")))
        return problems

    def snapshot_items(self, content: dict) -> list[dict]:
        # The answer is stored against one item, the question itself, like every other answer.
        return [{"label": content.get("title", {})}]

    def parse_answer(self, step, form) -> ParsedAnswer:
        low, high = self.bounds(step)
        message = _l("Give a whole number from %(low)d to %(high)d.", low=low, high=high)
        raw = first(form, "number").strip().replace("\u2212", "-").replace(" ", "")
        if not raw:
            raise InvalidInput(message)
        value = as_int(raw, message)
        if not low <= value <= high:
            raise InvalidInput(message)
        return ParsedAnswer(values={step.items[0].id: value}, replaces_step=True)

    def answer_unit(self, step, language: str) -> str:
        return (step.settings.get("unit") or {}).get(language, "")

    def figures(self, step, summary):
        return [Figure(None, _l("Median"), summary["median"], 1), Figure(None, _l("Mean"), summary["mean"], 1),
                Figure(None, _l("Answers"), summary["n"])]

    def summarize(self, step, counts: Counts, respondents: int) -> dict:
        low, high = self.bounds(step)
        values = sorted(value for per_value in counts.values() for value, n in per_value.items() for _ in range(n))
        # Round bin widths (10, 50…) read better on a projector than exact eighths of the range.
        raw_width = -(-(high - low + 1) // BINS)
        width = next((nice for nice in NICE_WIDTHS if nice >= raw_width), raw_width)
        bins = [{"low": start, "high": min(high, start + width - 1), "count": 0}
                for start in range(low, high + 1, width)]
        for each in bins:  # the last bin may hold one value: "300", not "300–300"
            each["label"] = str(each["low"]) if each["low"] == each["high"] else f"{each['low']}–{each['high']}"
        for value in values:
            bins[min(len(bins) - 1, (value - low) // width)]["count"] += 1
        return {"respondents": respondents, "n": len(values), "bins": bins,
                "peak": max((b["count"] for b in bins), default=0) or 1,
                "median": statistics.median(values) if values else None,
                "mean": statistics.fmean(values) if values else None,
                "unit": step.settings.get("unit") or {}}

    def demo_forms(self, step, phone: DemoPhone) -> list[dict]:
        low, high = self.bounds(step)
        return [{"number": [str(min(high, max(low, round(phone.rng.gauss(45, 20)))))]}]
