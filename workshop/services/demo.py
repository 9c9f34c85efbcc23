"""A finished demo workshop: for trying Verkstad, for screenshots and for tests.

It is made through the same services a real workshop goes through, so it holds nothing a real one could not.
"""
import random
from datetime import date

from sqlalchemy import select

from ..extensions import db
from ..models import Company, Facilitator, ReadingSource, Template, WorkshopSession
from ..steps import kind_of
from . import answers, company_plans, follow_up, participants, sessions
from .companies import create_company

DEMO_COMPANIES = ("Demo: Nordljus AB", "Demo: Kaffekollektivet")
PHONES_PER_COMPANY = 3


def _company(facilitator: Facilitator, name: str) -> Company:
    existing = db.session.scalar(
        select(Company).where(Company.facilitator_id == facilitator.id, Company.name == name))
    return existing or create_company(facilitator, name)


IDEAS = {
    "sv": ["Kunderna berättar vad de saknar", "Vi syns när de letar", "Snabbare svar än via e-post",
           "Nöjda kunder delar vidare", "Vi lär oss kundernas språk", "Rekrytering blir lättare"],
    "en": ["Customers tell us what they miss", "We are found when they search", "Faster answers than e-mail",
           "Happy customers share it on", "We learn our customers' words", "Hiring gets easier"],
}
#: Baseline and target per catalogue KPI, and where the company stood a month later.
KPI_FIGURES = {"followers": (120, 300, 190), "leads": (2, 6, 3), "tone": (3, 4, 4)}
NEXT_STEPS = {"sv": ("Planera veckans inlägg på måndagar", "Svara på kommentarer inom ett dygn"),
              "en": ("Plan the week's posts on Mondays", "Answer comments within a day")}


def _forms(step, phone_index: int, rng: random.Random, worry: float, language: str) -> list[dict]:
    """What one demo phone sends on a step: zero or more forms, as its page would send them."""
    kind = kind_of(step)
    if step.kind == "choice":
        return [{"option": [str(rng.choice(step.shown_items).id)]}]
    if step.kind == "rating":
        scale = kind.scale(step)
        rate = lambda: max(1, min(scale, round(1 + worry * (scale - 1) + rng.uniform(-1, 1))))  # noqa: E731
        return [{f"item-{item.id}": [str(rate())] for item in step.shown_items}]
    if step.kind == "ideas":
        forms = [{"do": ["add"], "text": [IDEAS[language][phone_index % len(IDEAS[language])]
                                          + ("" if step.position < 6 else " – " + str(phone_index + 1))]}]
        return forms
    if step.kind == "number":
        low, high = kind.bounds(step)
        return [{"number": [str(min(high, max(low, round(rng.gauss(45, 20)))))]}]
    if step.kind == "points":
        chosen = rng.sample(step.shown_items, 2)
        return [{f"item-{chosen[0].id}": ["2"], f"item-{chosen[1].id}": ["1"]}]
    if step.kind == "kpi" and phone_index % PHONES_PER_COMPANY == 0:
        return [{"do": ["add"], "catalogue": [key]} for key in ("followers", "leads", "tone")]
    if step.kind == "commitments" and phone_index % PHONES_PER_COMPANY < 2:
        text = NEXT_STEPS[language][phone_index % PHONES_PER_COMPANY]
        return [{"do": ["add"], "text": [text], "owner": [f"P{phone_index + 1}"]}]
    return []


def _votes(step, rng: random.Random) -> list[dict]:
    """Upvotes for two of the ideas on the board."""
    return [{"do": ["vote"], "item": [str(item.id)], "on": ["1"]}
            for item in rng.sample(step.shown_items, min(2, len(step.shown_items)))]


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
        sessions.go_to_step(facilitator, session.id, step.position)
        db.session.refresh(step)
        worry = 0.7 if ratings_seen == 0 else 0.35
        ratings_seen += step.kind == "rating"
        for index, phone in enumerate(phones):
            for form in _forms(step, index, rng, worry, language):
                answers.submit(phone.id, step.id, form)
        if step.kind == "ideas":
            db.session.refresh(step)
            for phone in phones:
                for form in _votes(step, rng):
                    answers.submit(phone.id, step.id, form)
        if step.kind == "kpi":
            for phone in phones[::PHONES_PER_COMPANY]:
                for kpi in company_plans.rows_of("kpi", step, phone.company_id):
                    baseline, target, _later = KPI_FIGURES[kpi.catalogue_key]
                    answers.submit(phone.id, step.id, {
                        "do": ["save"], "kpi": [str(kpi.id)], "baseline": [str(baseline)], "target": [str(target)],
                        "unit": [kpi.unit]})
        if kind_of(step).has_results(step):
            sessions.toggle_results(facilitator, session.id)
    sessions.go_to_step(facilitator, session.id, len(session.steps) - 1)
    ended = sessions.end_session(facilitator, session.id)
    _follow_up(companies)
    return ended


def _follow_up(companies: list[Company]) -> None:
    """A month on: the first company has recorded a reading of each KPI and done its first next step."""
    company = companies[0]
    for kpi in follow_up.company_kpis(company):
        later = KPI_FIGURES[kpi.catalogue_key][2]
        follow_up.add_reading(company, kpi.id, date.today().isoformat(), str(later), "", ReadingSource.COMPANY)
    first_step = next(iter(follow_up.company_commitments(company)), None)
    if first_step is not None:
        follow_up.set_done(company, first_step.id, True)
