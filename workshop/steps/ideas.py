"""An ideas board: short texts from participants, one upvote each per idea, a ranked list on the projector."""
from flask_babel import lazy_gettext as _l

from ..services.errors import InvalidInput
from ..services.text import clean_text
from .base import (
    Counts,
    DemoPhone,
    Figure,
    NewItem,
    ParsedAnswer,
    SettingField,
    StepKind,
    first,
    is_flag,
    nonce_of,
    shown_item,
)

DEMO_IDEAS = {
    "sv": ["Kunderna berättar vad de saknar", "Vi syns när de letar", "Snabbare svar än via e-post",
           "Nöjda kunder delar vidare", "Vi lär oss kundernas språk", "Rekrytering blir lättare"],
    "en": ["Customers tell us what they miss", "We are found when they search", "Faster answers than e-mail",
           "Happy customers share it on", "We learn our customers' words", "Hiring gets easier"],
}

TEXT_MAX = 280

def new_item(form, field) -> NewItem:
    """The "add" form every kind that takes participants' items shares."""
    return NewItem(clean_text(first(form, "text"), max_length=TEXT_MAX, field=field), nonce_of(form))

class IdeasKind(StepKind):
    name = "ideas"
    feeds_later_steps = True
    label = _l("Ideas board")
    collects_answers = True
    takes_input = True
    shared_board = True
    settings_allowed = ("premoderation",)
    setting_fields = (SettingField("premoderation", "flag", _l("Ideas show only once you approve them")),)

    def settings_problems(self, settings, items):
        problems = super().settings_problems(settings, items)
        if "premoderation" in settings and not is_flag(settings["premoderation"]):
            problems.append(("premoderation", _l("Either true or false.")))
        return problems

    def parse(self, step, form):
        action = first(form, "do")
        if action == "add":
            return new_item(form, _l("Your idea"))
        if action == "vote":
            item = shown_item(step, first(form, "item"), _l("That idea is not on the board."))
            if first(form, "on") == "1":
                return ParsedAnswer({item.id: 1}, replaces_step=False, only_new=True)
            return ParsedAnswer({}, replaces_step=False, withdrawn=frozenset({item.id}))
        raise InvalidInput(_l("Write an idea or upvote one."))

    def figures(self, step, summary):
        return [Figure(row["item"], _l("Votes"), row["votes"]) for row in summary["rows"]]

    def summarize(self, step, counts: Counts, respondents: int) -> dict:
        rows = [{"item": item, "votes": int(sum((counts.get(item.id) or {}).values()))} for item in step.shown_items]
        rows.sort(key=lambda row: (-row["votes"], row["item"].position))
        return {"respondents": respondents, "rows": rows}

    def demo_forms(self, step, phone: DemoPhone) -> list[dict]:
        ideas = DEMO_IDEAS[phone.language]
        # A later board (the closing one) gets the same ideas numbered, so that the two boards differ.
        suffix = "" if step.position < 6 else " – " + str(phone.index + 1)
        return [{"do": ["add"], "text": [ideas[phone.index % len(ideas)] + suffix]}]

    def demo_later_forms(self, step, phone: DemoPhone, company_rows: list) -> list[dict]:
        """Upvotes for two of the ideas on the board."""
        return [{"do": ["vote"], "item": [str(item.id)], "on": ["1"]}
                for item in phone.rng.sample(step.shown_items, min(2, len(step.shown_items)))]
