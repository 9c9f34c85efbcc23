"""Entry point: `python app.py` serves Verkstad with WebSockets; `flask --app app …` runs the CLI."""
import os
if __name__ == "__main__" and os.environ.get("VERKSTAD_ASYNC_MODE", "gevent") == "gevent":
    from gevent import monkey; monkey.patch_all()  # noqa: E702 — must precede every other import
from workshop import create_app, socketio  # noqa: E402
app = create_app()
if __name__ == "__main__":
    socketio.run(app, host=os.environ.get("HOST", "127.0.0.1"), port=int(os.environ.get("PORT", "5000")))
