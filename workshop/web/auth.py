"""First-run set-up, login and logout for facilitators."""
from flask import Blueprint, abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user

from ..config import SUPPORTED_LANGUAGES
from ..extensions import limiter, login_manager
from ..services import accounts, templates
from ..services.errors import DomainError, InvalidInput

bp = Blueprint("auth", __name__)
login_manager.login_view = "auth.login"
login_manager.session_protection = "basic"


@login_manager.user_loader
def _load_facilitator(login_id: str):
    return accounts.load_by_login_id(login_id)


@login_manager.unauthorized_handler
def _unauthorized():
    # Pages send a person to the login form; actions (POST, htmx) are refused outright.
    if request.headers.get("HX-Request"):
        # A screen whose login ended (logged out elsewhere, a restart with a new key): say so, offer a reload.
        return render_template("partials/_reload.html",
                               message=_l("Your login has ended. Reload the page to log in again.")), 401
    if request.method != "GET":
        abort(403)
    return redirect(url_for("auth.login", next=request.path))


def _login_rate():
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.get("/")
def index():
    if accounts.needs_setup():
        return redirect(url_for("auth.setup"))
    if current_user.is_authenticated:
        return redirect(url_for("facilitator.dashboard"))
    return redirect(url_for("participant.join"))


@bp.route("/setup", methods=["GET", "POST"])
def setup():
    if not accounts.needs_setup():
        return redirect(url_for("auth.login"))
    error = None
    if request.method == "POST":
        try:
            if request.form.get("password") != request.form.get("password_again"):
                raise InvalidInput(_l("The two passwords differ."))
            facilitator = accounts.create_facilitator(
                request.form.get("email", ""), request.form.get("password", ""), first_run=True)
            templates.ensure_builtin_templates()
            login_user(facilitator)
            return redirect(url_for("facilitator.dashboard"))
        except DomainError as failure:
            error = failure.message
    return render_template("auth/setup.html", error=error, email=request.form.get("email", "")), 422 if error else 200


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_rate, methods=["POST"])
def login():
    error = None
    if request.method == "POST":
        try:
            facilitator = accounts.authenticate(request.form.get("email", ""), request.form.get("password", ""))
            session.clear()
            login_user(facilitator)
            target = request.args.get("next", "")
            # Only same-site paths: an open redirect would make a phishing link look like ours.
            safe = target.startswith("/") and not target.startswith("//") and "\\" not in target
            return redirect(target if safe else url_for("facilitator.dashboard"))
        except DomainError as failure:
            error = failure.message
    status = 401 if error else 200
    return render_template("auth/login.html", error=error, email=request.form.get("email", "")), status


@bp.post("/logout")
@login_required
def logout():
    accounts.end_all_logins(current_user)
    logout_user()
    session.clear()
    return redirect(url_for("auth.login"))


@bp.post("/language")
def language():
    """Switch the interface language; a phone's choice is also stored on its participant."""
    chosen = request.form.get("lang")
    if chosen in SUPPORTED_LANGUAGES:
        session["lang"] = chosen
    target = request.form.get("next", "")
    return redirect(target if target.startswith("/") and not target.startswith("//") else url_for("auth.index"))
