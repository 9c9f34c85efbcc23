"""Templates as JSON documents: the built-in ones on disk, and the files facilitators export and import.

A document is checked as a whole before anything is stored, and every problem is reported with where it
is ("steps[3].items[1].label.sv"), so a coach fixing a file by hand sees all of it at once.
"""
import json
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..config import SUPPORTED_LANGUAGES
from ..database import write_transaction
from ..extensions import db
from ..models import Facilitator, Template, TemplateStep
from ..steps import KINDS
from .errors import InvalidInput
from .text import clean_text

SCHEMA_VERSION = 1
MAX_DOCUMENT_BYTES = 512 * 1024
MAX_STEPS = 60
MAX_ITEMS = 40
NAME_MAX, TITLE_MAX, BODY_MAX, LABEL_MAX = 120, 200, 4000, 280

#: Text fields of a step: (key, required, longest).
STEP_TEXTS = (("title", True, TITLE_MAX), ("body", False, BODY_MAX), ("notes", False, BODY_MAX))
STEP_KEYS = {"kind", "settings", "items"} | {key for key, _, _ in STEP_TEXTS}
ITEM_KEYS = {"label", "benchmark"}


@dataclass(frozen=True)
class Problem:
    where: object  # a path such as "steps[2].title.sv", or a lazy string such as "line 3"
    message: object  # a lazy string, translated when shown

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class InvalidTemplate(InvalidInput):
    """A document with problems; nothing of it was stored."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(_l("The template has problems; nothing was imported."))


class _Checker:
    """Collects problems while it builds the clean, canonical form of a document."""

    def __init__(self):
        self.problems: list[Problem] = []

    def problem(self, where: str, message) -> None:
        self.problems.append(Problem(where, message))

    def texts(self, value, where: str, *, required: bool, longest: int) -> dict | None:
        """A {"sv": …, "en": …} pair, both languages present when required."""
        if value is None and not required:
            return None
        if not isinstance(value, dict):
            self.problem(where, _l("Needs a text in Swedish (sv) and English (en)."))
            return None
        clean = {}
        for key in value:
            if key not in SUPPORTED_LANGUAGES:
                self.problem(f"{where}.{key}", _l("Unknown language; use sv and en."))
        for language in SUPPORTED_LANGUAGES:
            raw = value.get(language)
            if raw is None and not required:
                continue
            if not isinstance(raw, str):
                self.problem(f"{where}.{language}", _l("Needs a text."))
                continue
            try:
                clean[language] = _clean_block(raw, longest, required)
            except InvalidInput as error:
                self.problem(f"{where}.{language}", error.message)
        return clean

    def unknown_keys(self, value: dict, allowed: set[str], where: str) -> None:
        for key in sorted(set(value) - allowed):
            self.problem(f"{where}.{key}" if where else key, _l("Unknown field."))


def _clean_block(raw: str, longest: int, required: bool) -> str:
    """Like clean_text, but paragraphs (line breaks) of a slide's body survive."""
    lines = [clean_text(line, max_length=longest, required=False) for line in raw.split("\n")]
    text = "\n".join(lines).strip()
    if required and not text:
        raise InvalidInput(_l("Cannot be empty."))
    if len(text) > longest:
        raise InvalidInput(_l("Can be at most %(max)d characters.", max=longest))
    return text


def check_document(document) -> tuple[dict | None, list[Problem]]:
    """The canonical form of a template document and the list of its problems (empty when it is fine)."""
    check = _Checker()
    if not isinstance(document, dict):
        check.problem("$", _l("A template file holds one JSON object."))
        return None, check.problems
    check.unknown_keys(document, {"schema", "slug", "name", "steps"}, "")
    if document.get("schema") != SCHEMA_VERSION:
        check.problem("schema", _l("Unsupported schema version; this Verkstad reads version %(v)d.",
                                   v=SCHEMA_VERSION))
    name = check.texts(document.get("name"), "name", required=True, longest=NAME_MAX)
    steps = document.get("steps")
    clean_steps = []
    if not isinstance(steps, list) or not steps:
        check.problem("steps", _l("Needs a list of at least one step."))
    elif len(steps) > MAX_STEPS:
        check.problem("steps", _l("At most %(n)d steps.", n=MAX_STEPS))
    else:
        clean_steps = [_check_step(check, step, f"steps[{index}]") for index, step in enumerate(steps)]
        _check_chains(check, clean_steps)
    if check.problems:
        return None, check.problems
    canonical = {"schema": SCHEMA_VERSION, "name": name, "steps": clean_steps}
    if isinstance(document.get("slug"), str):
        canonical["slug"] = document["slug"]
    return canonical, []


def _check_step(check: _Checker, step, where: str) -> dict:
    if not isinstance(step, dict):
        check.problem(where, _l("A step is a JSON object."))
        return {}
    kind = KINDS.get(step.get("kind"))
    if kind is None:
        check.problem(f"{where}.kind", _l("Unknown step kind; use one of: %(kinds)s.", kinds=", ".join(KINDS)))
        return {}
    check.unknown_keys(step, STEP_KEYS, where)
    clean = {"kind": kind.name}
    for key, required, longest in STEP_TEXTS:
        texts = check.texts(step.get(key), f"{where}.{key}", required=required, longest=longest)
        if texts:
            clean[key] = texts
    settings = step.get("settings", {})
    if not isinstance(settings, dict):
        check.problem(f"{where}.settings", _l("Settings are a JSON object."))
        settings = {}
    items = _check_items(check, step.get("items", []), f"{where}.items")
    for key, message in kind.settings_problems(settings, items):
        check.problem(f"{where}.settings.{key}" if key != "items" else f"{where}.items", message)
    clean["settings"] = settings
    if items or kind.items_allowed:
        clean["items"] = items
    return clean


def _check_chains(check: _Checker, steps: list[dict]) -> None:
    """`items_from`: {"step": an earlier step's number (1-based), "top": how many of its best, optional}."""
    for index, step in enumerate(steps):
        chained = step.get("settings", {}).get("items_from")
        if chained is None:
            continue
        where = f"steps[{index}].settings.items_from"
        source = chained.get("step") if isinstance(chained, dict) else None
        if not isinstance(source, int) or isinstance(source, bool) or not 1 <= source <= index:
            check.problem(where, _l("Names an earlier step by its number, e.g. {\"step\": 3}."))
            continue
        source_kind = KINDS.get(steps[source - 1].get("kind"))
        if source_kind is None or not source_kind.feeds_later_steps:
            check.problem(where, _l("Step %(n)d has no items to take over.", n=source))
        top = chained.get("top")
        if top is not None and (not isinstance(top, int) or isinstance(top, bool) or not 1 <= top <= MAX_ITEMS):
            check.problem(f"{where}.top", _l("A whole number from 1 to %(n)d.", n=MAX_ITEMS))
        if set(chained) - {"step", "top"}:
            check.problem(where, _l("Unknown field."))


def _check_items(check: _Checker, items, where: str) -> list[dict]:
    if not isinstance(items, list):
        check.problem(where, _l("Items are a list."))
        return []
    if len(items) > MAX_ITEMS:
        check.problem(where, _l("At most %(n)d items.", n=MAX_ITEMS))
        return []
    clean = []
    for index, item in enumerate(items):
        place = f"{where}[{index}]"
        if not isinstance(item, dict):
            check.problem(place, _l("An item is a JSON object."))
            continue
        check.unknown_keys(item, ITEM_KEYS, place)
        entry = {"label": check.texts(item.get("label"), f"{place}.label", required=True, longest=LABEL_MAX)}
        benchmark = item.get("benchmark")
        if benchmark is not None:
            if isinstance(benchmark, bool) or not isinstance(benchmark, (int, float)) or not 0 <= benchmark <= 100:
                check.problem(f"{place}.benchmark", _l("A benchmark is a percentage from 0 to 100."))
            entry["benchmark"] = benchmark
        clean.append(entry)
    return clean


def template_document(template: Template) -> dict:
    """What `export` writes. A built-in template's slug stays behind: an imported copy is never built-in."""
    return {"schema": SCHEMA_VERSION, "name": template.name,
            "steps": [{"kind": step.kind, **step.content} for step in template.steps]}


def dumps(document: dict) -> str:
    """The one way a document is written, so exporting twice gives the same bytes."""
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def loads(data: bytes | str) -> dict:
    if len(data) > MAX_DOCUMENT_BYTES:
        raise InvalidTemplate([Problem("$", _l("The file is larger than %(kb)d KB.", kb=MAX_DOCUMENT_BYTES // 1024))])
    try:
        return json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        line = getattr(error, "lineno", 1)
        raise InvalidTemplate([Problem(_l("line %(n)d", n=line), _l("This is not valid JSON."))]) from None


def steps_of(document: dict) -> list[TemplateStep]:
    return [TemplateStep(position=position, kind=step["kind"],
                         content={key: value for key, value in step.items() if key != "kind"})
            for position, step in enumerate(document["steps"])]


def import_template(document, owner: Facilitator | None) -> Template:
    """A new template from a checked document, owned by `owner` (None: shared, like the built-in ones)."""
    canonical, problems = check_document(document)
    if problems:
        raise InvalidTemplate(problems)
    with write_transaction():
        template = Template(name=unused_name(canonical["name"], owner), facilitator_id=owner.id if owner else None,
                            steps=steps_of(canonical))
        db.session.add(template)
    return template


def unused_name(name: dict, owner: Facilitator | None) -> dict:
    """Imports never replace a template: a second import of the same file is named "… (2)"."""
    taken = {tuple(sorted(existing.items())) for existing in db.session.scalars(
        select(Template.name).where(Template.facilitator_id == (owner.id if owner else None)))}
    candidate, number = dict(name), 1
    while tuple(sorted(candidate.items())) in taken:
        number += 1
        candidate = {language: f"{text} ({number})" for language, text in name.items()}
    return candidate
