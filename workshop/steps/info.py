"""A slide: title and body; the welcome step also shows how to join."""
from flask_babel import lazy_gettext as _l

from ..services.errors import InvalidInput
from ..services import follow_up
from .base import CommitmentTick, DemoPhone, SettingField, StepKind, as_int, first, is_flag
from .ideas import new_item


DEMO_THOUGHTS = {"sv": "Vi hinner inte lägga ut något varje vecka", "en": "We never find time to post every week"}


class InfoKind(StepKind):
    name = "info"
    label = _l("Slide")
    takes_input = True  # a thought, when the step asks for them
    per_company_results = False
    settings_allowed = ("show_join", "thoughts", "premoderation", "carry_over")
    setting_fields = (
        SettingField("show_join", "flag", _l("Show how to join: QR code, code and who has joined")),
        SettingField("thoughts", "flag", _l("Participants may post a thought")),
        SettingField("premoderation", "flag", _l("Thoughts show only once you approve them")),
        SettingField("carry_over", "flag",
                     _l("Each company sees its open next steps from earlier workshops and ticks those it has done")),
    )

    def settings_problems(self, settings, items):
        problems = super().settings_problems(settings, items)
        for flag in self.settings_allowed:
            if flag in settings and not is_flag(settings[flag]):
                problems.append((flag, _l("Either true or false.")))
        return problems

    def shares_board(self, step) -> bool:
        # A tick on one phone shows on the other phones of the company.
        return bool(step.settings.get("thoughts") or step.settings.get("carry_over"))

    def shows_board(self, step) -> bool:
        return bool(step.settings.get("thoughts"))  # next steps carried over come as phone_extras

    def phone_shows_body(self, step) -> bool:
        # The welcome's body tells the room how to join; a phone showing it has joined already.
        return not step.settings.get("show_join")

    def asks_question(self, step) -> bool:
        return bool(step.settings.get("thoughts"))  # ticking one's own next steps answers no question

    def parse(self, step, form):
        action = first(form, "do")
        if step.settings.get("carry_over") and action in ("done", "undone"):
            return CommitmentTick(as_int(first(form, "commitment"), _l("That next step is not one of your company's.")),
                                  action == "done")
        if not step.settings.get("thoughts") or action != "add":
            raise InvalidInput(_l("This step takes no answers."))
        return new_item(form, _l("Your thought"))

    def summarize_companies(self, step) -> dict[int, dict]:
        """With the projector showing one company: its progress toward each of its targets."""
        if not step.settings.get("carry_over"):
            return {}
        from ..services.cohorts import company_overview  # noqa: PLC0415 (see summarize)
        return {company.id: {"respondents": 0, "rows": [],
                             "follow_up": company_overview(company, step.session, step.session.language)}
                for company in step.session.companies}

    def phone_extras(self, step, company) -> dict:
        if not step.settings.get("carry_over"):
            return {}
        return {"carried": follow_up.carried_over(step.session, company.id)}

    def summarize(self, step, counts, respondents: int) -> dict:
        thoughts = step.shown_items
        summary = {"respondents": len(thoughts), "rows": [{"item": item} for item in thoughts]}
        if step.settings.get("carry_over"):
            # Imported here: the cohort comparison reads results, which reads the step kinds.
            from ..services.cohorts import session_overview  # noqa: PLC0415
            # Names only where the facilitator reads them (summary page, exports); the room sees letters.
            summary["follow_up"], summary["follow_up_named"] = session_overview(step.session, step.session.language)
        return summary

    def demo_forms(self, step, phone: DemoPhone) -> list[dict]:
        """Where the step asks for thoughts, the first phone of each company posts one."""
        if not step.settings.get("thoughts") or phone.index_in_company:
            return []
        return [{"do": ["add"], "text": [DEMO_THOUGHTS[phone.language] + f" ({phone.index + 1})"]}]
