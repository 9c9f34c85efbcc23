"""Entry point: `python app.py` serves Verkstad with WebSockets; `flask --app app …` runs the CLI."""
import os
if __name__ == "__main__" and os.environ.get("VERKSTAD_ASYNC_MODE", "gevent") == "gevent":
    from gevent import monkey; monkey.patch_all()  # noqa: E702 — must precede every other import
from workshop import create_app, serve  # noqa: E402
app = create_app()
if __name__ == "__main__":
    serve(app)
