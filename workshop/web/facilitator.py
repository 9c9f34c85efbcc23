"""The facilitator's pages: dashboard, companies, sessions and the control view that drives them."""
from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext as _
from flask_login import current_user, login_required

from .. import screens
from ..services import companies, contributions, data_care, results, sessions, templates
from ..services.errors import DomainError
from . import int_or_none, is_htmx
from .join_links import join_link

bp = Blueprint("facilitator", __name__, url_prefix="/f")


@bp.before_request
@login_required
def _facilitators_only():
    """Every page here needs a logged-in facilitator."""


@bp.get("/")
def dashboard():
    return render_template("facilitator/dashboard.html", sessions=sessions.sessions_of(current_user),
                           companies=companies.list_companies(current_user))


@bp.route("/sessions/new", methods=["GET", "POST"])
def new_session():
    error, status = None, 200
    if request.method == "POST":
        try:
            created = sessions.create_session(
                current_user, int_or_none(request.form.get("template")), request.form.get("language", ""),
                [value for value in map(int_or_none, request.form.getlist("companies")) if value is not None])
            return redirect(url_for(".control", session_id=created.id))
        except DomainError as failure:
            error, status = failure.message, failure.status
    return render_template("facilitator/new_session.html", templates=templates.list_templates(current_user),
                           companies=companies.list_companies(current_user), error=error,
                           form=request.form), status


@bp.get("/sessions/<id:session_id>")
def control(session_id: int):
    workshop = sessions.owned_session(current_user, session_id)
    return render_template("facilitator/control.html", workshop=workshop, join=join_link(workshop.join_code),
                           control_html=screens.control_panel(workshop, str(get_locale())),
                           results_html=screens.projector_results(workshop))


@bp.post(f"/sessions/<id:session_id>/<any({', '.join(sessions.ACTIONS)}):action>")
def act(session_id: int, action: str):
    return _after_action(sessions.perform(current_user, session_id, action))


@bp.post("/sessions/<id:session_id>/items/<id:item_id>/<any(hide, show, approve):action>")
def moderate(session_id: int, item_id: int, action: str):
    """Hide an idea or thought everywhere, show it again, or approve one waiting for it."""
    contributions.moderate(current_user, session_id, item_id, action)
    return _after_action(sessions.owned_session(current_user, session_id))


@bp.post("/sessions/<id:session_id>/step")
def go_to(session_id: int):
    position = int_or_none(request.form.get("position"))
    return _after_action(sessions.go_to_step(current_user, session_id, position if position is not None else -1))


@bp.post("/sessions/<id:session_id>/scope")
def scope(session_id: int):
    return _after_action(sessions.show_results_of(current_user, session_id,
                                                  int_or_none(request.form.get("company"))))


def _after_action(workshop):
    if request.args.get("view") == "projector":
        return "", 204  # the projector hears of the change over its socket, like every other screen
    if is_htmx():
        return screens.control_panel(workshop, str(get_locale()), oob=True)
    return redirect(request.referrer or url_for(".control", session_id=workshop.id))


@bp.get("/sessions/<id:session_id>/summary")
def summary(session_id: int):
    workshop = sessions.owned_session(current_user, session_id)
    return render_template("facilitator/summary.html", workshop=workshop,
                           step_results=results.session_results(workshop))


@bp.route("/settings", methods=["GET", "POST"])
def settings():
    """The review word lists: a participant's text holding one of these words is flagged for the facilitator."""
    if request.method == "POST":
        lists = {language: request.form.get(f"words_{language}", "") for language in ("sv", "en")}
        return _settings_saved(lambda: contributions.set_review_words(current_user, lists))
    return _settings_page()


@bp.post("/settings/retention")
def retention():
    """How long participants' free text is kept after a session ends."""
    return _settings_saved(lambda: data_care.set_retention(current_user, request.form.get("retention_days", "")))


def _settings_saved(change):
    try:
        change()
    except DomainError as failure:
        return _settings_page(error=failure.message, status=failure.status)
    return _settings_page(message=_("Saved."))


def _settings_page(message=None, error=None, status=200):
    return render_template("facilitator/settings.html", words=contributions.review_words(current_user),
                           retention_days=request.form.get("retention_days", current_user.retention_days or ""),
                           message=message, error=error), status
