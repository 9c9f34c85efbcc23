"""Real time: socket events in, rendered partials out. Services announce; this package pushes."""
from flask import Flask, current_app

from ..extensions import socketio
from ..services import signals
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
    from . import events  # noqa: F401
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
    if not _connected:
        # Module-level signals, app-independent receivers: they act on whichever app is current.
        signals.session_changed.connect(_on_session_changed, weak=False)
        signals.results_changed.connect(_on_results_changed, weak=False)
        signals.board_changed.connect(_on_board_changed, weak=False)
        _connected = True
