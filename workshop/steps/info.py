"""A slide: title and body; the welcome step also shows how to join."""
from flask_babel import lazy_gettext as _l

from .base import StepKind, is_flag


class InfoKind(StepKind):
    name = "info"
    settings_allowed = ("show_join",)

    def settings_problems(self, settings, items):
        problems = super().settings_problems(settings, items)
        if "show_join" in settings and not is_flag(settings["show_join"]):
            problems.append(("show_join", _l("Either true or false.")))
        return problems
