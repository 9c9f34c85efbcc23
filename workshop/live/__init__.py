"""Real time: socket events in, rendered partials out. Services announce; this package pushes."""
import gc

from flask import Flask, current_app

from ..extensions import socketio
from ..services import answers, signals
from .broadcast import Broadcaster

_connected = False


def _broadcaster() -> Broadcaster:
    return current_app.extensions["verkstad_broadcaster"]


def _on_session_changed(session_id: int, **_kw) -> None:
    _broadcaster().push_session(session_id)


def _on_results_changed(session_id: int, **_kw) -> None:
    _broadcaster().mark_dirty(session_id)


def _on_board_changed(session_id: int, **_kw) -> None:
    _broadcaster().mark_board(session_id)


def init_app(app: Flask) -> None:
    global _connected
    # Import the handlers before the first init_app: Flask-SocketIO keeps handlers registered while it
    # is unbound and hands them to every server it creates (one per app, e.g. in tests).
    from . import events
    socketio.init_app(
        app,
        async_mode=app.config["ASYNC_MODE"],
        message_queue=app.config.get("REDIS_URL"),
        channel=app.config["REDIS_PREFIX"],
        max_http_buffer_size=app.config["SOCKET_MAX_MESSAGE_BYTES"],
        # Same-origin only (the default): never "*".
        cors_allowed_origins=app.config.get("SOCKET_ALLOWED_ORIGINS"),
    )
    app.extensions["verkstad_broadcaster"] = Broadcaster(app)
    events.register_answer_handler(app)
    if app.config["ASYNC_MODE"] == "gevent":
        # The server writes answers in batches (services.group_commit); elsewhere each writes itself.
        answers.writer(app).start(socketio.start_background_task)
        _compile_templates(app)
        _collect_garbage_less_often()
    if not _connected:
        # Module-level signals, app-independent receivers: they act on whichever app is current.
        signals.session_changed.connect(_on_session_changed, weak=False)
        signals.results_changed.connect(_on_results_changed, weak=False)
        signals.board_changed.connect(_on_board_changed, weak=False)
        _connected = True


def _compile_templates(app: Flask) -> None:
    """Every template compiled before the first phone connects: compiling a step kind's partial on its first
    step change cost that change 10–15 ms, and the whole room waited for it."""
    for name in app.jinja_env.list_templates(extensions=["html"]):
        app.jinja_env.get_template(name)


def _collect_garbage_less_often() -> None:
    """Thousands of open sockets make a large heap, and Python's default thresholds walk all of it again and
    again while a room votes: 2,000 phones voted at ~700 per second with them, ~1,150 with collection off, and
    ~1,180 with these (bench/, 2026-11-23). What exists at start-up is frozen out of collection for good."""
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)
