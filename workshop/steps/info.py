"""A slide: title and body; the welcome step also shows how to join."""
from flask_babel import lazy_gettext as _l

from ..services.errors import InvalidInput
from .base import SettingField, StepKind, first, is_flag
from .ideas import new_item


class InfoKind(StepKind):
    name = "info"
    label = _l("Slide")
    takes_input = True  # a thought, when the step asks for them
    settings_allowed = ("show_join", "thoughts", "premoderation")
    setting_fields = (
        SettingField("show_join", "flag", _l("Show how to join: QR code, code and who has joined")),
        SettingField("thoughts", "flag", _l("Participants may post a thought")),
        SettingField("premoderation", "flag", _l("Thoughts show only once you approve them")),
    )

    def settings_problems(self, settings, items):
        problems = super().settings_problems(settings, items)
        for flag in self.settings_allowed:
            if flag in settings and not is_flag(settings[flag]):
                problems.append((flag, _l("Either true or false.")))
        return problems

    def shares_board(self, step) -> bool:
        return bool(step.settings.get("thoughts"))

    def parse(self, step, form):
        if not step.settings.get("thoughts") or first(form, "do") != "add":
            raise InvalidInput(_l("This step takes no answers."))
        return new_item(form, _l("Your thought"))

    def summarize(self, step, counts, respondents: int) -> dict:
        thoughts = step.shown_items
        return {"respondents": len(thoughts), "rows": [{"item": item} for item in thoughts]}
