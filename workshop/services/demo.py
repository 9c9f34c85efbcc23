"""A finished demo workshop: for trying Verkstad, for screenshots and for tests.

It is made through the same services a real workshop goes through, so it holds nothing a real one could not.
"""
import random

from sqlalchemy import select

from ..extensions import db
from ..models import Company, Facilitator, Template, WorkshopSession
from ..steps import kind_of
from . import answers, participants, sessions
from .companies import create_company

DEMO_COMPANIES = ("Demo: Nordljus AB", "Demo: Kaffekollektivet")
PHONES_PER_COMPANY = 3


def _company(facilitator: Facilitator, name: str) -> Company:
    existing = db.session.scalar(
        select(Company).where(Company.facilitator_id == facilitator.id, Company.name == name))
    return existing or create_company(facilitator, name)


def _answer_form(step, rng: random.Random, worry: float) -> dict[str, list[str]]:
    """A plausible answer; `worry` from 0 to 1 pushes ratings of concerns up."""
    if step.kind == "choice":
        return {"option": [str(rng.choice(step.items).id)]}
    scale = kind_of(step).scale(step)
    rate = lambda: max(1, min(scale, round(1 + worry * (scale - 1) + rng.uniform(-1, 1))))  # noqa: E731
    return {f"item-{item.id}": [str(rate())] for item in step.items}


def create_demo_session(facilitator: Facilitator, language: str = "en", seed: int = 2026) -> WorkshopSession:
    """An ended session of the built-in template with two companies whose phones answered every question;
    the second rating of the concerns is calmer than the first, as after a good workshop."""
    rng = random.Random(seed)
    template_id = db.session.scalar(select(Template.id).where(Template.slug == "social-media"))
    companies = [_company(facilitator, name) for name in DEMO_COMPANIES]
    session = sessions.create_session(facilitator, template_id, language, [company.id for company in companies])
    sessions.start_session(facilitator, session.id)
    phones = [participants.join_session(session.join_code, company.id, f"{company.name[6:]} {number}", language)
              for company in companies for number in range(1, PHONES_PER_COMPANY + 1)]
    session = db.session.get(WorkshopSession, session.id)
    ratings_seen = 0
    for step in session.steps:
        if not kind_of(step).collects_answers:
            continue
        worry = 0.7 if ratings_seen == 0 else 0.35
        ratings_seen += step.kind == "rating"
        for phone in phones:
            answers.cast_answer(phone.id, step.id, _answer_form(step, rng, worry))
        sessions.go_to_step(facilitator, session.id, step.position)
        sessions.toggle_results(facilitator, session.id)
    sessions.go_to_step(facilitator, session.id, len(session.steps) - 1)
    return sessions.end_session(facilitator, session.id)
