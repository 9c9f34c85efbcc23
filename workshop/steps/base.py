"""What every step kind provides: how to read an answer, how to sum answers up, which partials show it."""
import random
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from ..services.errors import InvalidInput

#: counts[item_id][value] = how many participants gave that value for that item
Counts = Mapping[int, Mapping[int, int]]


# --- what a phone's form asks for, once its kind has read and checked it; workshop.services carries it out ----
@dataclass(frozen=True)
class ParsedAnswer:
    #: item id → value, every item already checked to belong to the step
    values: dict[int, int]
    #: True when the answer is the participant's whole state for the step (a choice): other items are withdrawn.
    replaces_step: bool
    #: Items whose answer is taken back (an upvote undone).
    withdrawn: frozenset[int] = frozenset()
    #: An upvote: refused when the participant already gave one to that item.
    only_new: bool = False


@dataclass(frozen=True)
class NewItem:
    """A participant adds an item: an idea, a thought, a concern of their own."""
    text: str
    nonce: str


@dataclass(frozen=True)
class RowChange:
    """Add (row_id None), change or delete a row of the company's list: its KPIs or its next steps."""
    company_list: str  # "kpi" or "commitment"
    row_id: int | None
    nonce: str
    delete: bool = False
    fields: dict = field(default_factory=dict)


@dataclass(frozen=True)
class CommitmentTick:
    """A next step of the company's, from an earlier workshop, marked done (or not done after all)."""
    commitment_id: int
    done: bool


Command = ParsedAnswer | NewItem | RowChange | CommitmentTick


@dataclass(frozen=True)
class ExportRow:
    """One row of the tidy CSV export beyond the answers: item, company, participant, value (a number stays a
    number), its unit, time."""
    item: str
    company: str
    participant: str
    value: object
    time: object
    unit: str = ""


@dataclass(frozen=True)
class Figure:
    """One number of a step's summary for the XLSX overview: a measure (mean, answers…) of an item, or of the
    step as a whole when `item` is None."""
    item: object
    measure: object
    value: float | int | None
    #: Decimals a person reads it with (a mean "0.0"); the cell keeps the exact value.
    decimals: int = 0


@dataclass(frozen=True)
class SettingField:
    """One setting as the template editor shows it: a checkbox, a whole number, or a text in both languages."""
    name: str
    type: str  # "flag", "number" or "texts"
    label: object
    low: int = 0
    high: int = 0
NONCE_MAX = 40


@dataclass(frozen=True)
class DemoPhone:
    """One phone of the demo workshop (services/demo.py), as a kind's demo answers see it."""
    #: Its place among all the session's phones, and among its own company's.
    index: int
    index_in_company: int
    language: str
    rng: random.Random
    #: 0–1: how worried the room is at this point of the workshop (a calmer second rating of concerns).
    worry: float


class StepKind:
    name: str = ""
    #: What the template editor calls it.
    label: object = ""
    #: Its results are counted from responses (choices, ratings, votes, points, numbers).
    collects_answers: bool = False
    #: Phones take part: the step has forms, and it refuses them when voting is locked.
    takes_input: bool = False
    #: What one phone adds (ideas, KPIs…) others see: phones of the room get a refreshed stage.
    shared_board: bool = False
    #: The company list ("kpi", "commitment") this kind edits instead of answering items; None for most.
    company_list: str | None = None
    #: Summaries and exports show its results per company too, not only the room's.
    per_company_results: bool = True
    #: The kind's own phone script under static/js/ (e.g. "steps/points.js"), loaded by the phones of a session
    #: that has a step of this kind; None when live.js is all it needs.
    script: str | None = None
    #: The step shows every step's results (the closing summary), a card for each, rather than its own.
    sums_up_session: bool = False
    #: A later step can take over this kind's items (settings.items_from), its best first.
    feeds_later_steps: bool = False
    #: A step of this kind that took its items from one of the same kind shows each item's change since then.
    compares_with_source: bool = False
    #: Its per-item means are a company's concerns, followed from one workshop to the next (the company page).
    charts_concerns: bool = False

    def shares_board(self, step) -> bool:
        return self.shared_board

    def shows_board(self, step) -> bool:
        """Whether a phone's page shows the room's or the company's board on this step."""
        return self.shares_board(step) or bool(self.company_list)

    def has_results(self, step) -> bool:
        """Whether the step has something to reveal on the projector, the summary and the exports."""
        return self.collects_answers or bool(self.company_list) or self.shares_board(step)

    def asks_question(self, step) -> bool:
        """Whether participants answer something here, so that the projector may count answers while it hides
        them (a slide that only shows how to join asks nothing: "0 answers so far" would mislead)."""
        return self.takes_input

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
    #: How the template editor shows them ("items_from" has an editor of its own).
    setting_fields: tuple[SettingField, ...] = ()

    @property
    def chains(self) -> bool:
        """Whether a step of this kind can take its items from an earlier step."""
        return "items_from" in self.settings_allowed

    def template(self, audience: str) -> str:
        """The partial for "phone", "projector" or "results" of this kind."""
        return f"steps/{self.name}/_{audience}.html"

    def snapshot_items(self, content: dict) -> list[dict]:
        """The items a session's copy of the step starts with."""
        return content.get("items", [])

    def parse_answer(self, step, form: Mapping[str, list[str]]) -> ParsedAnswer:
        raise InvalidInput(_l("This step takes no answers."))

    def parse(self, step, form: Mapping[str, list[str]]) -> Command:
        """Read a phone's form into a command; the base reads it as an answer."""
        return self.parse_answer(step, form)

    def summarize(self, step, counts: Counts, respondents: int) -> dict:
        return {"respondents": respondents}

    def figures(self, step, summary: dict) -> list[Figure]:
        """The summary's numbers for the overview of an export: its totals, means, medians."""
        return []

    def summarize_companies(self, step) -> dict[int, dict]:
        """For kinds that collect no answers: a summary per company id, if the kind has one (else the room's
        summary stands for every company)."""
        return {}

    def phone_shows_body(self, step) -> bool:
        """Whether phones show the step's body text; a welcome's "scan the QR code" is for those not in yet."""
        return True

    @property
    def notes_answers(self) -> bool:
        """Whether a phone says "you have answered" on this kind: where an answer is the person's (a choice,
        ratings, points, a number), not an upvote on what others wrote."""
        return self.collects_answers and not self.shared_board

    def shows_answered(self, answers) -> bool:
        """Whether a phone with these answers of its own says it has answered."""
        return self.notes_answers and bool(answers)

    def phone_extras(self, step, company) -> dict:
        """What else a company's phones show on this step, beyond its items and board."""
        return {}

    def answer_unit(self, step, language: str) -> str:
        """The unit of the numbers phones answer with (minutes…), for the exports' unit column."""
        return ""

    def written_rows(self, step, language: str, company_rows=()) -> list[ExportRow]:
        """Tidy export rows for what was written rather than answered: items participants added (their text,
        "added" as the value), or a company list's rows (KPIs, next steps). Answers are exported alike for
        every kind."""
        return [ExportRow(item.text(language), item.author.company.name if item.author else "",
                          item.author.pseudonym if item.author else "", _l("added"), item.created_at)
                for item in step.shown_items if item.participant_id]

    # --- the demo workshop: what its phones send, as their pages would ------------------------------------------
    def demo_forms(self, step, phone: DemoPhone) -> list[dict]:
        """The forms one demo phone sends on this step (none for a kind that takes no input)."""
        return []

    def demo_later_forms(self, step, phone: DemoPhone, company_rows: list) -> list[dict]:
        """What it sends once every phone's first forms are in: upvotes on others' ideas, figures for the KPIs
        its company added (`company_rows`: the company's rows of this kind's list)."""
        return []

    def demo_reading(self, row) -> str | None:
        """A month after the demo workshop, the value its company records for a row of this kind's list."""
        return None


def as_int(raw: str | None, message) -> int:
    try:
        return int(str(raw).strip())
    except (TypeError, ValueError):
        raise InvalidInput(message) from None


def is_flag(value) -> bool:
    return isinstance(value, bool)


def is_whole_number(value, lowest: int, highest: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and lowest <= value <= highest


def first(form: Mapping[str, list[str]], key: str) -> str:
    values = form.get(key) or []
    return values[-1] if values else ""


def nonce_of(form: Mapping[str, list[str]]) -> str:
    """The phone's id of this submission; without one (no JavaScript) each post counts as new."""
    nonce = first(form, "nonce").strip()
    return nonce[:NONCE_MAX] if nonce else secrets.token_hex(16)


def shown_item(step, raw, message):
    """An item of this step that everyone may see, by the id a form sent, or InvalidInput."""
    item_id = as_int(raw, message)
    item = next((item for item in step.items if item.id == item_id), None)
    if item is None or not item.is_shown:
        raise InvalidInput(message)
    return item
