"""The facilitator's templates: list, copy, edit step by step, import and export as JSON."""
import re

from flask import Blueprint, Response, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext as _
from flask_login import current_user, login_required

from ..services import template_documents, template_editing, templates
from ..services.errors import DomainError
from ..services.template_documents import InvalidTemplate
from ..steps import KINDS

bp = Blueprint("template_editor", __name__, url_prefix="/f/templates")


@bp.app_template_filter("where")
def readable_where(where) -> str:
    """"steps[2].items[0].label.sv" as a coach counts: "Step 3 › item 1 › label › sv"."""
    def number(match):
        return f"{_('Step') if match[1] == 'steps' else _('item')} {int(match[2]) + 1}"
    return " › ".join(re.sub(r"^(steps|items)\[(\d+)\]$", number, part) for part in str(where).split("."))


@bp.before_request
@login_required
def _facilitators_only():
    """Every page here needs a logged-in facilitator."""


def _list_page(problems=None, error=None, status=200):
    return render_template("template_editor/list.html", templates=templates.list_templates(current_user),
                           language=str(get_locale()), problems=problems, error=error), status


@bp.get("/")
def template_list():
    return _list_page()


@bp.post("/import")
def import_file():
    upload = request.files.get("file")
    try:
        data = upload.read(template_documents.MAX_DOCUMENT_BYTES + 1) if upload else b""
        template = template_documents.import_template(template_documents.loads(data), current_user)
    except InvalidTemplate as failure:
        return _list_page(problems=failure.problems, error=failure.message, status=422)
    return redirect(url_for(".editor", template_id=template.id))


@bp.get("/<id:template_id>/export.json")
def export_file(template_id: int):
    template = templates.get_template(current_user, template_id)
    body = template_documents.dumps(template_documents.template_document(template))
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": f'attachment; filename="verkstad-template-{template.id}.json"'})


@bp.post("/<id:template_id>/copy")
def copy(template_id: int):
    template = template_editing.copy_template(current_user, template_id)
    return redirect(url_for(".editor", template_id=template.id))


@bp.post("/<id:template_id>/delete")
def delete(template_id: int):
    template_editing.delete_template(current_user, template_id)
    return redirect(url_for(".template_list"))


def _editor_page(template_id: int, problems=None, error=None, status=200):
    template = template_editing.editable_template(current_user, template_id)
    return render_template("template_editor/editor.html", template=template, kinds=KINDS,
                           language=str(get_locale()), problems=problems, error=error), status


@bp.get("/<id:template_id>")
def editor(template_id: int):
    return _editor_page(template_id)


def _edited(template_id: int, change, back_to=None):
    """Run an edit; on problems show them on the page the person was on, with nothing changed."""
    try:
        change()
    except InvalidTemplate as failure:
        if back_to is not None:
            return back_to(problems=failure.problems, error=failure.message, status=422)
        return _editor_page(template_id, failure.problems, failure.message, 422)
    except DomainError as failure:
        return _editor_page(template_id, error=failure.message, status=failure.status)
    return redirect(url_for(".editor", template_id=template_id))


@bp.post("/<id:template_id>/name")
def rename(template_id: int):
    name = {language: request.form.get(f"name_{language}", "") for language in ("sv", "en")}
    return _edited(template_id, lambda: template_editing.rename(current_user, template_id, name))


@bp.post("/<id:template_id>/steps")
def add_step(template_id: int):
    kind = request.form.get("kind", "")
    return _edited(template_id, lambda: template_editing.add_step(current_user, template_id, kind))


@bp.post("/<id:template_id>/steps/<int:position>/<any(up, down):direction>")
def move_step(template_id: int, position: int, direction: str):
    delta = -1 if direction == "up" else 1
    return _edited(template_id, lambda: template_editing.move_step(current_user, template_id, position, delta))


@bp.post("/<id:template_id>/steps/<int:position>/delete")
def remove_step(template_id: int, position: int):
    return _edited(template_id, lambda: template_editing.remove_step(current_user, template_id, position))


def _step_page(template_id: int, position: int, step=None, problems=None, error=None, status=200):
    template = template_editing.editable_template(current_user, template_id)
    if not 0 <= position < len(template.steps):
        return _editor_page(template_id, error=_("No such step."), status=404)
    stored = template.steps[position]
    step = step or {"kind": stored.kind, **stored.content}
    return render_template("template_editor/step.html", template=template, position=position, step=step,
                           kind=KINDS[step["kind"]], language=str(get_locale()), problems=problems,
                           error=error), status


@bp.get("/<id:template_id>/steps/<int:position>")
def step_form(template_id: int, position: int):
    return _step_page(template_id, position)


@bp.post("/<id:template_id>/steps/<int:position>")
def save_step(template_id: int, position: int):
    template = template_editing.editable_template(current_user, template_id)
    if not 0 <= position < len(template.steps):
        return _editor_page(template_id, error=_("No such step."), status=404)
    step = template_editing.step_from_form(template.steps[position].kind, request.form)

    def back_to(**page):
        # The form as the person filled it in, with every problem listed: nothing they typed is lost.
        return _step_page(template_id, position, step=step, **page)
    return _edited(template_id, lambda: template_editing.replace_step(current_user, template_id, position, step),
                   back_to)
