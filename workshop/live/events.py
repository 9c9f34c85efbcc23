"""Socket.IO events. Each docstring says who sends it and what follows.

The connection is the identity: a phone proves itself with its participant cookie, a projector or
control screen with the facilitator's login, both checked once in `connect` and kept per socket.
"""
from dataclasses import dataclass

from flask import Flask, request
from flask_babel import force_locale, gettext as _
from flask_login import current_user
from flask_socketio import ConnectionRefusedError, emit, join_room

from .. import screens
from ..config import SUPPORTED_LANGUAGES
from ..extensions import socketio
from ..i18n import select_locale
from ..ratelimit import check_answer_rate
from ..services import sessions
from ..services.answers import submit
from ..services.errors import Busy, DomainError, InvalidInput
from ..web import int_or_none
from ..web.participant import current_participant
from . import rooms
from .broadcast import EVENT, results_version, stage_version

MAX_FORM_FIELDS = 64
#: Longer than any field a step takes (ideas are 280 characters); each kind checks its own limit.
MAX_FIELD_CHARS = 2000


@dataclass
class Identity:
    role: str  # "phone", "projector" or "control"
    session_id: int
    language: str
    participant_id: int | None = None


#: socket id → who is on the other end; per process, as each process serves its own sockets.
identities: dict[str, Identity] = {}


def _send(html: str, channel: str, version: int) -> None:
    emit(EVENT, {"channel": channel, "v": version, "html": html})


def send_snapshot(identity: Identity) -> None:
    """Everything this screen shows, as it is now: the resync after sleep, network loss or restart."""
    if identity.role == "phone":
        participant = current_participant_by_id(identity.participant_id)
        if participant is None:
            return
        workshop = participant.workshop
        _send(screens.phone_stage(workshop, participant.company, participant.language, participant, oob=True),
              "stage", stage_version(workshop))
        return
    workshop = sessions.owned_session(current_user, identity.session_id)
    if identity.role == "projector":
        _send(screens.projector_stage(workshop, oob=True), "stage", stage_version(workshop))
    else:
        _send(screens.control_panel(workshop, identity.language, oob=True), "control", stage_version(workshop))
    _send(screens.projector_results(workshop, oob=True), "results", results_version())


def current_participant_by_id(participant_id: int | None):
    from ..extensions import db
    from ..models import Participant
    return db.session.get(Participant, participant_id) if participant_id else None


def _refuse():
    raise ConnectionRefusedError("unauthorized")


@socketio.on("connect")
def connect(auth):
    """A phone, projector or control screen opens its socket.
    auth: {"role": "phone", "code": JOIN_CODE} or {"role": "projector"|"control", "session": ID}.
    The screen receives its full snapshot at once."""
    from flask import current_app
    current_app.extensions["verkstad_broadcaster"].start_ticker()
    auth = auth if isinstance(auth, dict) else {}
    role = auth.get("role")
    if role == "phone":
        participant = current_participant(str(auth.get("code", ""))[:16])
        if participant is None:
            _refuse()
        identity = Identity("phone", participant.session_id, participant.language, participant.id)
        join_room(rooms.phones(participant.session_id, participant.company_id, participant.language))
        join_room(rooms.participant(participant.id))
    elif role in ("projector", "control") and current_user.is_authenticated:
        try:
            workshop = sessions.owned_session(current_user, int_or_none(auth.get("session")) or 0)
        except DomainError:
            _refuse()
        language = workshop.language if role == "projector" else select_locale()
        identity = Identity(role, workshop.id, language if language in SUPPORTED_LANGUAGES else "en")
        join_room(rooms.projector(workshop.id) if role == "projector" else rooms.control(workshop.id, language))
    else:
        _refuse()
    identities[request.sid] = identity
    with force_locale(identity.language):
        send_snapshot(identity)


@socketio.on("disconnect")
def disconnect(*_args):
    identities.pop(request.sid, None)


@socketio.on("resync")
def resync(_data=None):
    """A screen that woke up (visibilitychange, pageshow) asks for its snapshot again."""
    identity = identities.get(request.sid)
    if identity is not None:
        with force_locale(identity.language):
            send_snapshot(identity)
    return {"ok": identity is not None}


def _form_from(data) -> dict[str, list[str]]:
    """The socket twin of request.form: field name → list of strings, bounded in size."""
    form = data.get("form")
    if not isinstance(form, dict) or len(form) > MAX_FORM_FIELDS:
        raise InvalidInput()
    clean: dict[str, list[str]] = {}
    for key, values in form.items():
        values = values if isinstance(values, list) else [values]
        if not isinstance(key, str) or len(values) > MAX_FORM_FIELDS:
            raise InvalidInput()
        if any(len(str(value)) > MAX_FIELD_CHARS for value in values):
            # Never cut what someone wrote: refuse it whole, with the reason.
            raise InvalidInput(_("That text is too long."))
        clean[key[:64]] = [str(value) for value in values if isinstance(value, (str, int))]
    return clean


def answer(sid: str, data=None):
    """A phone answers the step: {"step": ID, "form": {field: [values]}}.
    Acked with {"ok": bool, "message": text}; the projector learns of it through the results ticker.
    Registered by `register_answer_handler`, not by @socketio.on: see there."""
    identity = identities.get(sid)
    if identity is None or identity.role != "phone":
        return {"ok": False, "message": _("You are not allowed to do that.")}
    data = data if isinstance(data, dict) else {}
    with force_locale(identity.language):
        try:
            check_answer_rate(identity.participant_id)
            message = submit(identity.participant_id, int_or_none(data.get("step")) or 0, _form_from(data))
        except Busy:
            # live.js sends the same answer (same nonce) again by itself in a moment.
            return {"ok": False, "retry": True, "message": _("The server is busy for a moment. Sending again…")}
        except DomainError as error:
            return {"ok": False, "message": str(error.message)}
        return {"ok": True, "message": str(message)}


def register_answer_handler(app: Flask) -> None:
    """The answer event runs in an app context only. Flask-SocketIO would build a request context for every
    event, opening and verifying the phone's session cookie each time: a third of the server's time while a
    room votes (bench/, 2026-11-23). The socket's identity was settled once, in `connect`, with the request."""
    def handle(sid, data=None):
        with app.app_context():
            return answer(sid, data)
    socketio.server.on("answer", handle, namespace="/")


@socketio.on("control")
def control(data):
    """The facilitator's remote (projector keys, a phone as clicker): {"action": "next"|"back"|…}.
    Refused for any socket that is not the session's facilitator."""
    identity = identities.get(request.sid)
    if identity is None or identity.role not in ("projector", "control") or not current_user.is_authenticated:
        return {"ok": False, "message": _("You are not allowed to do that.")}
    action = (data or {}).get("action") if isinstance(data, dict) else None
    try:
        sessions.perform(current_user, identity.session_id, str(action))
    except DomainError as error:
        return {"ok": False, "message": str(error.message)}
    return {"ok": True}
