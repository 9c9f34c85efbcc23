"""Which process pushes what, when one or several processes serve a site.

Answers mark their session dirty and a ticker renders its results at most once a tick (workshop.live.broadcast).
On one process, the embedded default on a coach's laptop with no Redis, the marks are sets in memory and the
process's own ticker takes them. With `VERKSTAD_REDIS_URL` several processes serve one site: a vote on one process
must reach a projector on another (Flask-SocketIO's message queue carries the emit) and be rendered once, not once
per process. So the marks live in Redis, and each live session has a short lease: only the process holding it takes
that session's marks. The holder renews it with every tick that finds its session dirty; when its holder dies or
stalls, the lease lapses and the next process to tick takes over. Marks stay in Redis until a holder takes them,
so a takeover loses none. Two holders for a moment (one stalled past its lease) would only render twice: every
message is a complete, versioned snapshot.
"""
import os
import socket
import threading
from typing import Protocol

import redis
from flask import Flask

KINDS = ("results", "boards")  # what a tick pushes: the projector's results, the boards phones share
#: Long enough to outlast a slow render under load, short enough that a dead holder's sessions move on quickly.
LEASE_SECONDS = 3.0


class Coordination(Protocol):
    def mark(self, kind: str, session_id: int) -> None:
        """Session `session_id` needs its `kind` pushed at the next tick."""

    def take(self) -> dict[str, set[int]]:
        """The marked sessions this process pushes now, by kind; their marks are gone once taken."""

    def claim(self, job: str, seconds: float) -> bool:
        """Whether this process runs `job` now: at most once per `seconds` across all processes."""


class LocalCoordination:
    """One process: the marks in memory, every job run where it is due."""

    def __init__(self):
        self._marks: dict[str, set[int]] = {kind: set() for kind in KINDS}
        self._lock = threading.Lock()

    def mark(self, kind: str, session_id: int) -> None:
        with self._lock:
            self._marks[kind].add(session_id)

    def take(self) -> dict[str, set[int]]:
        with self._lock:
            taken, self._marks = self._marks, {kind: set() for kind in KINDS}
        return taken

    def claim(self, job: str, seconds: float) -> bool:
        return True


# Atomic, so a mark is either taken by the lease's holder or left for the next tick. The lease keys are made from
# ARGV, which a single Redis instance allows (Redis Cluster would want them in KEYS).
# KEYS: one dirty set per kind. ARGV: this process, the lease in ms, the lease keys' prefix.
_TAKE = """
local taken = {}
for k, dirty in ipairs(KEYS) do
  local mine = {}
  for _, id in ipairs(redis.call('SMEMBERS', dirty)) do
    local lease = ARGV[3] .. id
    local holder = redis.call('GET', lease)
    if holder == false or holder == ARGV[1] then
      redis.call('SET', lease, ARGV[1], 'PX', ARGV[2])
      redis.call('SREM', dirty, id)
      table.insert(mine, id)
    end
  end
  taken[k] = mine
end
return taken
"""


class RedisCoordination:
    """Several processes: the marks in Redis sets, a lease per session (`SET NX PX`), one run of a job per period."""

    def __init__(self, url: str, prefix: str, lease_seconds: float = LEASE_SECONDS):
        self.redis = redis.Redis.from_url(url, socket_timeout=5)
        self.prefix = prefix
        self.holder = process_name()
        self.lease_ms = int(lease_seconds * 1000)
        self._take = self.redis.register_script(_TAKE)

    def _dirty_key(self, kind: str) -> str:
        return f"{self.prefix}:dirty:{kind}"

    def lease_key(self, session_id: int) -> str:
        return f"{self.prefix}:tick:{session_id}"

    def mark(self, kind: str, session_id: int) -> None:
        self.redis.sadd(self._dirty_key(kind), session_id)

    def take(self) -> dict[str, set[int]]:
        taken = self._take(keys=[self._dirty_key(kind) for kind in KINDS],
                           args=[self.holder, self.lease_ms, self.lease_key("")])
        return {kind: {int(session_id) for session_id in ids} for kind, ids in zip(KINDS, taken)}

    def claim(self, job: str, seconds: float) -> bool:
        return bool(self.redis.set(f"{self.prefix}:job:{job}", self.holder, nx=True, px=int(seconds * 1000)))


def process_name() -> str:
    """Who holds a lease, readable in Redis: this machine and process."""
    return f"{socket.gethostname()}:{os.getpid()}"


def for_app(app: Flask) -> Coordination:
    if app.config.get("REDIS_URL"):
        return RedisCoordination(app.config["REDIS_URL"], app.config["REDIS_PREFIX"])
    return LocalCoordination()
