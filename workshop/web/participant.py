"""Phones: join by code or QR, pick a company, answer the current step."""
from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from .. import screens
from ..extensions import limiter
from ..i18n import speak
from ..ratelimit import check_answer_rate
from ..services import participants
from ..services.errors import DomainError
from ..services.answers import submit
from . import int_or_none

bp = Blueprint("participant", __name__)

_TOKENS = "phones"  # flask session key: join code → participant token


def _join_rate():
    return current_app.config["JOIN_RATE_LIMIT"]


def _failed(response) -> bool:
    """Only failed look-ups count toward the join limit: a room joining at once shares one address."""
    return response.status_code >= 400


def current_participant(code: str):
    token = (session.get(_TOKENS) or {}).get(participants.normalise_code(code))
    participant = participants.participant_by_token(token)
    if participant is None or participant.company is None:
        return None
    return participant


def csrf_field() -> Markup:
    return Markup('<input type="hidden" name="csrf_token" value="{}">').format(generate_csrf())


@bp.route("/join", methods=["GET", "POST"])
@limiter.limit(_join_rate, methods=["POST"], deduct_when=_failed)
def join():
    error, status = None, 200
    code = request.values.get("code", "")
    if request.method == "POST":
        try:
            found = participants.open_session_by_code(code)
            return redirect(url_for(".pick_company", code=found.join_code))
        except DomainError as failure:
            error, status = failure.message, failure.status
    return render_template("participant/join.html", error=error, code=code), status


@bp.route("/j/<code>", methods=["GET", "POST"])
@limiter.limit(_join_rate, deduct_when=_failed)
def pick_company(code: str):
    try:
        workshop = participants.open_session_by_code(code)
    except DomainError as failure:
        return render_template("participant/join.html", error=failure.message, code=code), failure.status
    if current_participant(workshop.join_code):
        return redirect(url_for(".stage", code=workshop.join_code))
    speak(session.get("lang") or workshop.language)
    error, status = None, 200
    if request.method == "POST":
        try:
            participant = participants.join_session(
                workshop.join_code, int_or_none(request.form.get("company")), request.form.get("nickname"),
                session.get("lang") or workshop.language)
            tokens = dict(session.get(_TOKENS) or {})
            tokens[workshop.join_code] = participant.token
            session[_TOKENS] = tokens
            session.permanent = True
            return redirect(url_for(".stage", code=workshop.join_code))
        except DomainError as failure:
            error, status = failure.message, failure.status
    return render_template("participant/pick_company.html", workshop=workshop, error=error,
                           nickname=request.form.get("nickname", ""),
                           chosen=int_or_none(request.form.get("company"))), status


def _stage_page(participant, message=None, error=None, status=200):
    speak(participant.language)
    workshop = participant.workshop
    html = screens.phone_stage(workshop, participant.company, participant.language, participant,
                               csrf=csrf_field())
    return render_template("participant/stage.html", workshop=workshop, participant=participant,
                           stage_html=html, step_scripts=screens.phone_scripts(workshop), message=message,
                           error=error), status


@bp.get("/p/<code>")
def stage(code: str):
    participant = current_participant(code)
    if participant is None:
        return redirect(url_for(".pick_company", code=participants.normalise_code(code)))
    return _stage_page(participant)


@bp.post("/p/<code>/answer")
def answer(code: str):
    """The form's own submit, for a phone whose socket is down or has no JavaScript."""
    participant = current_participant(code)
    if participant is None:
        return redirect(url_for(".pick_company", code=participants.normalise_code(code)))
    try:
        check_answer_rate(participant.id)
        form = request.form.to_dict(flat=False)
        message = submit(participant.id, int_or_none(request.form.get("step")) or 0, form)
    except DomainError as failure:
        return _stage_page(participant, error=failure.message, status=failure.status)
    return _stage_page(participant, message=message)


@bp.post("/p/<code>/language")
def language(code: str):
    participant = current_participant(code)
    chosen = request.form.get("lang", "")
    if participant is not None:
        try:
            participants.set_language(participant, chosen)
        except DomainError:
            pass
    if chosen in ("sv", "en"):
        session["lang"] = chosen
    return redirect(url_for(".stage", code=participants.normalise_code(code)))
