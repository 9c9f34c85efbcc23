"""Reading results: tallies per step for the room and per company, a phone's own answers, head counts."""
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import distinct, func, select

from ..extensions import db
from ..models import Company, Participant, Response, SessionStep, WorkshopSession
from ..numbers import MEAN_PLACES, shown_difference
from ..steps import kind_of
from . import chain, company_plans


@dataclass
class StepResults:
    step: SessionStep
    #: the kind's summary of every answer in the room
    room: dict
    #: company id → the kind's summary of that company's answers
    by_company: dict[int, dict] = field(default_factory=dict)

    @property
    def per_company(self) -> bool:
        """Whether the step has a result per company to show (a slide's thoughts are the room's only)."""
        return kind_of(self.step).per_company_results


def step_results(step: SessionStep) -> StepResults:
    """One grouped query for the counts and one for the respondents, whatever the number of companies."""
    kind = kind_of(step)
    if kind.company_list:
        rows = company_plans.rows_of(kind.company_list, step)
        return StepResults(step, kind.summarize_rows(step, rows), {
            company.id: _one_company(kind.summarize_rows(step, [row for row in rows if row.company_id == company.id]))
            for company in step.session.companies})
    if not kind.collects_answers:
        return StepResults(step, kind.summarize(step, {}, 0), kind.summarize_companies(step))
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
    results = StepResults(
        step,
        kind.summarize(step, room, sum(respondents.values())),
        {company_id: kind.summarize(step, counts, respondents.get(company_id, 0))
         for company_id, counts in per_company.items()},
    )
    source = chain.source_step(step)
    if source is not None and source.kind == step.kind and kind.compares_with_source:
        _compare_with(results, step_results(source))
    return results


def _one_company(summary: dict) -> dict:
    """A company's part of a company list (KPIs, next steps): shown under the company's name, so its rows need no
    heading of their own repeating it."""
    return {**summary, "one_company": True}


def _compare_with(results: StepResults, before: StepResults) -> None:
    """A re-rating: each row gets the mean its item had in the earlier step ("before"), room and company alike."""
    def add_before(summary: dict, earlier: dict | None) -> None:
        means = {row["item"].id: row["mean"] for row in (earlier or {}).get("rows", [])}
        for row in summary.get("rows", []):
            row["before"] = means.get(row["item"].source_item_id)
            # The change as the two means beside it read, rounded as they are shown.
            row["change"] = shown_difference(row["mean"], row["before"], MEAN_PLACES) \
                if None not in (row["mean"], row["before"]) else None

    add_before(results.room, before.room)
    for company_id, summary in results.by_company.items():
        add_before(summary, before.by_company.get(company_id))


def scoped(results: StepResults, company_id: int | None) -> dict:
    """The room's summary, or one company's (an empty one if it has not answered)."""
    if company_id is None:
        return results.room
    kind = kind_of(results.step)
    if company_id in results.by_company:
        return results.by_company[company_id]
    if kind.company_list:
        return _one_company(kind.summarize_rows(results.step, []))
    return kind.summarize(results.step, {}, 0)


def session_results(session: WorkshopSession) -> list[StepResults]:
    return [step_results(step) for step in session.steps if kind_of(step).has_results(step)]


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
