"""Limits keyed by who acts rather than by address: a whole room may share one IP on venue wifi."""
from flask import current_app
from limits import parse

from .extensions import limiter
from .services.errors import RateLimited


def check_answer_rate(participant_id: int) -> None:
    limit = parse(current_app.config["ANSWER_RATE_LIMIT"])
    if not limiter.limiter.hit(limit, "answer", str(participant_id)):
        raise RateLimited()
