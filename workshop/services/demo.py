"""A finished demo workshop: for trying Verkstad, for screenshots and for tests.

It is made through the same services a real workshop goes through, so it holds nothing a real one could not.
"""
import random
from datetime import date

from sqlalchemy import select

from ..extensions import db
from ..models import Company, Facilitator, ReadingSource, Template, WorkshopSession
from ..steps import DemoPhone, kind_of
from . import answers, company_plans, follow_up, participants, sessions
from .companies import create_company

DEMO_COMPANIES = ("Demo: Nordljus AB", "Demo: Kaffekollektivet")
PHONES_PER_COMPANY = 3


def _company(facilitator: Facilitator, name: str) -> Company:
    existing = db.session.scalar(
        select(Company).where(Company.facilitator_id == facilitator.id, Company.name == name))
    return existing or create_company(facilitator, name)


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
    concerns_rated = 0
    for step in session.steps:
        sessions.go_to_step(facilitator, session.id, step.position)
        db.session.refresh(step)
        kind = kind_of(step)
        worry = 0.7 if concerns_rated == 0 else 0.35
        concerns_rated += kind.charts_concerns
        demo_phones = [DemoPhone(index, index % PHONES_PER_COMPANY, language, rng, worry)
                       for index in range(len(phones))]
        for phone, demo_phone in zip(phones, demo_phones):
            for form in kind.demo_forms(step, demo_phone):
                answers.submit(phone.id, step.id, form)
        db.session.refresh(step)
        for phone, demo_phone in zip(phones, demo_phones):
            rows = company_plans.rows_of(kind.company_list, step, phone.company_id) if kind.company_list else []
            for form in kind.demo_later_forms(step, demo_phone, rows):
                answers.submit(phone.id, step.id, form)
        if kind.has_results(step):
            sessions.toggle_results(facilitator, session.id)
    sessions.go_to_step(facilitator, session.id, len(session.steps) - 1)
    ended = sessions.end_session(facilitator, session.id)
    _follow_up(ended, companies)
    return ended


def _follow_up(session: WorkshopSession, companies: list[Company]) -> None:
    """A month on: the first company has recorded a reading of each KPI and done its first next step."""
    company = companies[0]
    for step in session.steps:
        kind = kind_of(step)
        for row in company_plans.rows_of(kind.company_list, step, company.id) if kind.company_list else []:
            later = kind.demo_reading(row)
            if later is not None:
                follow_up.add_reading(company, row.id, date.today().isoformat(), later, "", ReadingSource.COMPANY)
    first_step = next(iter(follow_up.company_commitments(company)), None)
    if first_step is not None:
        follow_up.set_done(company, first_step.id, True)
