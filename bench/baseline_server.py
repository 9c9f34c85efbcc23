"""The bare baseline: Flask-SocketIO under gevent doing the same job as a Verkstad vote round, and nothing else
(no database, no templates, no auth): ack a vote, count it in memory, push the tally to the projector at most
every 100 ms, broadcast a step to every phone. After ../shared/reference/ceiling_server.py.
Usage: python -m bench.baseline_server PORT"""
from gevent import monkey

monkey.patch_all()

import sys  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402

from flask import Flask  # noqa: E402
from flask_socketio import SocketIO, join_room  # noqa: E402

app = Flask(__name__)
sio = SocketIO(app, async_mode="gevent", cors_allowed_origins="*")
tally: dict[int, int] = {}
voters: dict[str, int] = {}
dirty = [False]
lock = threading.Lock()


@sio.on("join")
def join(data):
    join_room(data.get("room", "phones"))
    return {"ok": True}


@sio.on("vote")
def vote(data):
    with lock:
        previous = voters.get(data["pid"])
        if previous is not None:
            tally[previous] -= 1
        voters[data["pid"]] = data["option"]
        tally[data["option"]] = tally.get(data["option"], 0) + 1
        dirty[0] = True
    return {"ok": True}


@sio.on("step")
def step(data):
    sio.emit("step", data, to="phones")
    return {"ok": True}


@sio.on("count")
def count(_=None):
    with lock:
        return {"stored": len(voters)}


def pusher():
    while True:
        sio.sleep(0.1)
        if dirty[0]:
            dirty[0] = False
            with lock:
                snapshot, votes = dict(tally), len(voters)
            sio.emit("tally", {"tally": snapshot, "votes": votes, "t": time.time()}, to="projector")


@app.get("/healthz")
def health():
    return "ok"


if __name__ == "__main__":
    sio.start_background_task(pusher)
    sio.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_output=False)
