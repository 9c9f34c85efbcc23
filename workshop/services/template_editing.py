"""Copying and editing templates. Every edit changes the template's document and stores it only when the
whole document passes the same check as an imported file, so an edited template is always importable,
exportable and runnable. Sessions keep their own snapshot: editing never changes a past session."""
from flask_babel import force_locale, gettext, lazy_gettext as _l

from ..database import write_transaction
from ..extensions import db
from ..models import Facilitator, Template
from ..steps import KINDS
from .errors import Forbidden, InvalidInput, NotFound
from .template_documents import InvalidTemplate, unused_name, check_document, steps_of, template_document
from .templates import get_template


def editable_template(facilitator: Facilitator, template_id: int) -> Template:
    """A template the facilitator owns; built-in and shared ones are copied first."""
    template = get_template(facilitator, template_id)
    if template.facilitator_id != facilitator.id:
        raise Forbidden(_l("Built-in and shared templates are not edited directly: make a copy."))
    return template


def copy_template(facilitator: Facilitator, template_id: int) -> Template:
    source = get_template(facilitator, template_id)
    document = template_document(source)
    name = {}
    for language, text in document["name"].items():
        with force_locale(language):
            name[language] = gettext("%(name)s (copy)", name=text)
    with write_transaction():
        copy = Template(name=unused_name(name, facilitator), facilitator_id=facilitator.id,
                        steps=steps_of(document))
        db.session.add(copy)
    return copy


def save_document(facilitator: Facilitator, template_id: int, document: dict) -> Template:
    """Replace the template's name and steps with the document's, if the document has no problems."""
    canonical, problems = check_document(document)
    if problems:
        raise InvalidTemplate(problems)
    with write_transaction():
        template = editable_template(facilitator, template_id)
        template.name = canonical["name"]
        template.steps.clear()
        db.session.flush()
        template.steps.extend(steps_of(canonical))
    return template


def edit(facilitator: Facilitator, template_id: int, change) -> Template:
    """Apply `change(document)` to a copy of the template's document, then save it."""
    document = template_document(editable_template(facilitator, template_id))
    change(document)
    return save_document(facilitator, template_id, document)


def _step_at(document: dict, position: int) -> dict:
    if not 0 <= position < len(document["steps"]):
        raise NotFound(_l("No such step."))
    return document["steps"][position]


def new_step(kind_name: str) -> dict:
    """A step of the kind with placeholder texts, ready to be edited."""
    if kind_name not in KINDS:
        raise InvalidInput(_l("Choose a kind of step."))
    step = {"kind": kind_name, "title": {"sv": "Nytt steg", "en": "New step"}, "settings": {}}
    kind = KINDS[kind_name]
    if kind_name == "number":
        step["settings"] = {"min": 0, "max": 100}
    if kind.items_allowed:
        step["items"] = [{"label": {"sv": f"Alternativ {n}", "en": f"Option {n}"}} for n in (1, 2)]
    return step


def add_step(facilitator: Facilitator, template_id: int, kind_name: str) -> Template:
    step = new_step(kind_name)
    return edit(facilitator, template_id, lambda document: document["steps"].append(step))


def _reorder(document: dict, order: list[int]) -> None:
    """Steps in a new order (old positions, 0-based; a missing one is removed). Chained steps keep pointing
    at the same source; a chain whose source is gone is dropped, and the check says what is then missing."""
    new_number = {old: new + 1 for new, old in enumerate(order)}
    steps = [document["steps"][old] for old in order]
    for step in steps:
        chained = step.get("settings", {}).get("items_from")
        if isinstance(chained, dict) and isinstance(chained.get("step"), int):
            source = new_number.get(chained["step"] - 1)
            if source is None:
                del step["settings"]["items_from"]
            else:
                chained["step"] = source
    document["steps"] = steps


def remove_step(facilitator: Facilitator, template_id: int, position: int) -> Template:
    def remove(document):
        _step_at(document, position)
        if len(document["steps"]) == 1:
            raise InvalidInput(_l("A template needs at least one step."))
        _reorder(document, [old for old in range(len(document["steps"])) if old != position])
    return edit(facilitator, template_id, remove)


def move_step(facilitator: Facilitator, template_id: int, position: int, delta: int) -> Template:
    def move(document):
        _step_at(document, position)
        target = position + delta
        if not 0 <= target < len(document["steps"]):
            return
        order = list(range(len(document["steps"])))
        order.insert(target, order.pop(position))
        _reorder(document, order)
    return edit(facilitator, template_id, move)


def replace_step(facilitator: Facilitator, template_id: int, position: int, step: dict) -> Template:
    def replace(document):
        _step_at(document, position)
        document["steps"][position] = step
    return edit(facilitator, template_id, replace)


def rename(facilitator: Facilitator, template_id: int, name: dict) -> Template:
    return edit(facilitator, template_id, lambda document: document.update(name=name))


def delete_template(facilitator: Facilitator, template_id: int) -> None:
    with write_transaction():
        db.session.delete(editable_template(facilitator, template_id))


def step_from_form(kind_name: str, form) -> dict:
    """The template editor's form → a step dict; the document check then says what is wrong with it."""
    kind = KINDS[kind_name]
    step = {"kind": kind_name}
    for key in ("title", "body", "notes"):
        texts = {language: form.get(f"{key}_{language}", "") for language in ("sv", "en")}
        if any(text.strip() for text in texts.values()) or key == "title":
            step[key] = texts
    settings = {}
    for field in kind.setting_fields:
        if field.type == "flag":
            settings[field.name] = form.get(field.name) == "on"
        elif field.type == "number":
            raw = form.get(field.name, "").strip()
            settings[field.name] = int(raw) if raw.lstrip("-").isdigit() else raw
        else:
            texts = {language: form.get(f"{field.name}_{language}", "") for language in ("sv", "en")}
            if any(text.strip() for text in texts.values()):
                settings[field.name] = texts
    if kind.chains and form.get("items_from_step", "").isdigit():
        chained = {"step": int(form["items_from_step"])}
        if form.get("items_from_top", "").isdigit():
            chained["top"] = int(form["items_from_top"])
        settings["items_from"] = chained
    step["settings"] = settings
    if kind.items_allowed:
        step["items"] = _items_from_form(form, kind_name == "choice")
    return step


def _items_from_form(form, with_benchmark: bool) -> list[dict]:
    """One item a line, Swedish and English side by side; a benchmark (percent) a line for polls."""
    lines = {language: form.get(f"items_{language}", "").splitlines() for language in ("sv", "en")}
    benchmarks = form.get("benchmarks", "").splitlines() if with_benchmark else []
    count = max(len(lines["sv"]), len(lines["en"]))
    items = []
    for index in range(count):
        label = {language: (lines[language][index] if index < len(lines[language]) else "").strip()
                 for language in ("sv", "en")}
        if not any(label.values()):
            continue
        item = {"label": label}
        raw = benchmarks[index].strip().replace(",", ".").rstrip("%") if index < len(benchmarks) else ""
        if raw:
            try:
                item["benchmark"] = float(raw) if "." in raw else int(raw)
            except ValueError:
                item["benchmark"] = raw  # the check reports it, with where it is
        items.append(item)
    return items
