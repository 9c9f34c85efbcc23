"""Limits keyed by who acts rather than by address: a whole room may share one IP on venue wifi."""
import threading
import time
from collections import defaultdict, deque

from flask import Flask, current_app
from limits import RateLimitItem, parse

from .extensions import limiter
from .services.errors import RateLimited


def check_answer_rate(participant_id: int) -> None:
    limit = parse(current_app.config["ANSWER_RATE_LIMIT"])
    if current_app.config["RATELIMIT_STORAGE_URI"].startswith("memory"):
        allowed = _answer_windows(current_app).hit(limit, participant_id)
    else:  # Redis: every process counts the same participant's answers together
        try:
            allowed = limiter.limiter.hit(limit, "answer", str(participant_id))
        except Exception:  # Redis away: the answer still counts (the limit guards the room, not the vote)
            current_app.logger.warning("answer limit not checked: the rate-limit storage is unavailable")
            allowed = True
    if not allowed:
        raise RateLimited()


class MovingWindows:
    """A moving window of each participant's recent answers, in this process.

    Not limits' MemoryStorage for this one: it starts a timer thread whenever its last one ended, and under
    gevent each start waits for the hub to run the new thread. A room voting at once queued behind those starts:
    about 2 s per vote at 1,000 phones (bench/, 2026-11-23). Here nothing waits.
    """

    #: Past this many participants, those with no answer inside their window are forgotten.
    PRUNE_ABOVE = 10_000

    def __init__(self):
        self._times: dict[int, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()
        self._pruned_at = 0.0

    def hit(self, limit: RateLimitItem, participant_id: int) -> bool:
        now = time.monotonic()
        since = now - limit.get_expiry()
        with self._lock:
            times = self._times[participant_id]
            while times and times[0] <= since:
                times.popleft()
            if len(times) >= limit.amount:
                return False
            times.append(now)
            if len(self._times) > self.PRUNE_ABOVE and self._pruned_at <= since:
                self._prune(since)
                self._pruned_at = now  # at most once per window
            return True

    def _prune(self, since: float) -> None:
        for participant_id in [key for key, times in self._times.items() if not times or times[-1] <= since]:
            del self._times[participant_id]


def _answer_windows(app: Flask) -> MovingWindows:
    if "verkstad_answer_windows" not in app.extensions:
        app.extensions["verkstad_answer_windows"] = MovingWindows()
    return app.extensions["verkstad_answer_windows"]
