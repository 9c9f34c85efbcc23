"""Reading results: tallies per step for the room and per company, a phone's own answers, head counts."""
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import distinct, func, select

from ..extensions import db
from ..models import Company, Participant, Response, SessionStep, WorkshopSession
from ..steps import kind_of


@dataclass
class StepResults:
    step: SessionStep
    #: the kind's summary of every answer in the room
    room: dict
    #: company id → the kind's summary of that company's answers
    by_company: dict[int, dict] = field(default_factory=dict)


def step_results(step: SessionStep) -> StepResults:
    """One grouped query for the counts and one for the respondents, whatever the number of companies."""
    kind = kind_of(step)
    if not kind.collects_answers:
        return StepResults(step, kind.summarize(step, {}, 0))
    rows = db.session.execute(
        select(Participant.company_id, Response.item_id, Response.value, func.count())
        .join(Participant, Participant.id == Response.participant_id)
        .where(Response.step_id == step.id)
        .group_by(Participant.company_id, Response.item_id, Response.value)
    ).all()
    respondents = dict(db.session.execute(
        select(Participant.company_id, func.count(distinct(Response.participant_id)))
        .join(Participant, Participant.id == Response.participant_id)
        .where(Response.step_id == step.id)
        .group_by(Participant.company_id)
    ).all())
    room: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    per_company: dict[int, dict[int, dict[int, int]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    for company_id, item_id, value, count in rows:
        room[item_id][value] += count
        per_company[company_id][item_id][value] += count
    return StepResults(
        step,
        kind.summarize(step, room, sum(respondents.values())),
        {company_id: kind.summarize(step, counts, respondents.get(company_id, 0))
         for company_id, counts in per_company.items()},
    )


def scoped(results: StepResults, company_id: int | None) -> dict:
    """The room's summary, or one company's (an empty one if it has not answered)."""
    if company_id is None:
        return results.room
    return results.by_company.get(company_id) or kind_of(results.step).summarize(results.step, {}, 0)


def session_results(session: WorkshopSession) -> list[StepResults]:
    return [step_results(step) for step in session.steps if kind_of(step).collects_answers]


def own_answers(participant: Participant, step: SessionStep) -> dict[int, int]:
    return dict(db.session.execute(
        select(Response.item_id, Response.value)
        .where(Response.participant_id == participant.id, Response.step_id == step.id)
    ).all())


def head_counts(session: WorkshopSession) -> list[tuple[Company, int]]:
    """Joined participants per attending company, companies with nobody included."""
    counts = dict(db.session.execute(
        select(Participant.company_id, func.count()).where(Participant.session_id == session.id)
        .group_by(Participant.company_id)
    ).all())
    return [(company, counts.get(company.id, 0)) for company in session.companies]
