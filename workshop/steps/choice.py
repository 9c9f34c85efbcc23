"""A poll: one option (or several) per participant, shown as bars, optionally beside benchmark figures."""
from flask_babel import lazy_gettext as _l

from ..numbers import whole_percents
from ..services.errors import InvalidInput
from .base import Counts, DemoPhone, Figure, ParsedAnswer, SettingField, StepKind, as_int, is_flag


class ChoiceKind(StepKind):
    name = "choice"
    feeds_later_steps = True
    label = _l("Poll")
    collects_answers = True
    takes_input = True
    items_allowed = True
    settings_allowed = ("multiple", "benchmark_label")
    setting_fields = (
        SettingField("multiple", "flag", _l("Several answers allowed")),
        SettingField("benchmark_label", "texts", _l("Name of the benchmark figures")),
    )

    def settings_problems(self, settings, items):
        problems = super().settings_problems(settings, items)
        if "multiple" in settings and not is_flag(settings["multiple"]):
            problems.append(("multiple", _l("Either true or false.")))
        label = settings.get("benchmark_label")
        if label is not None and not (isinstance(label, dict) and all(
                isinstance(label.get(language), str) and label[language].strip() for language in ("sv", "en"))):
            problems.append(("benchmark_label", _l("Needs a text in Swedish (sv) and English (en).")))
        if len(items) < 2:
            problems.append(("items", _l("A poll needs at least two options.")))
        return problems

    def parse_answer(self, step, form) -> ParsedAnswer:
        raw = form.get("option") or []
        if not raw:
            raise InvalidInput(_l("Choose one of the options."))
        multiple = bool(step.settings.get("multiple"))
        if len(raw) > 1 and not multiple:
            raise InvalidInput(_l("Choose only one option."))
        valid = {item.id for item in step.items}
        chosen = {as_int(value, _l("Choose one of the options.")) for value in raw}
        if not chosen <= valid:
            raise InvalidInput(_l("That option is not part of this question."))
        return ParsedAnswer(values=dict.fromkeys(chosen, 1), replaces_step=True)

    def figures(self, step, summary):
        return [figure for row in summary["rows"] for figure in (
            Figure(row["item"], _l("Answers"), row["count"]), Figure(row["item"], _l("Share (%)"), row["percent"]))]

    def summarize(self, step, counts: Counts, respondents: int) -> dict:
        tallies = [sum((counts.get(item.id) or {}).values()) for item in step.items]
        rows = [{"item": item, "count": count, "percent": percent, "benchmark": item.benchmark}
                for item, count, percent in zip(step.items, tallies, whole_percents(tallies, respondents))]
        return {"respondents": respondents, "rows": rows,
                "has_benchmark": any(item.benchmark is not None for item in step.items)}

    def demo_forms(self, step, phone: DemoPhone) -> list[dict]:
        return [{"option": [str(phone.rng.choice(step.shown_items).id)]}]
