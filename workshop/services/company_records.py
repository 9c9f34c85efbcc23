"""A company over time: its workshops, its concerns from one workshop to the next, its KPIs with their
follow-up readings and its next steps. Read by the company page, the cohort page, the projector and the
dossier export alike."""
from collections import Counter
from dataclasses import dataclass, field
from statistics import mean

from sqlalchemy import select

from ..extensions import db
from ..models import Commitment, Company, Kpi, SessionStatus, WorkshopSession, session_company
from ..moments import utc_text
from ..numbers import lazy_decimal
from ..steps import kind_of
from . import follow_up, results
from .data_care import REMOVED_TEXT


@dataclass
class ConcernSeries:
    """One concern (by its text) and the company's mean rating of it at each rating step, oldest first."""
    label: str
    points: list[tuple[str, float | None]] = field(default_factory=list)
    scale: int = 5

    @property
    def chart_group(self) -> tuple[str, list[tuple[str, float | None, str]]]:
        """(label, bars) as the chart renderer draws them, each mean written out."""
        return self.label, [(point, value, lazy_decimal(value, "0.0"))
                            for point, value in self.points]


@dataclass
class CompanyRecord:
    company: Company
    sessions: list[WorkshopSession]
    concerns: list[ConcernSeries]
    kpis: list[Kpi]
    commitments: list[Commitment]

    @property
    def progress(self) -> float | None:
        """The mean progress toward target over the KPIs that have one and a reading."""
        return average_progress(self.kpis)

    @property
    def has_plans(self) -> bool:
        """Whether it has KPIs or next steps to look back on."""
        return bool(self.kpis or self.commitments)

    @property
    def done(self) -> int:
        return sum(1 for commitment in self.commitments if commitment.done)


def average_progress(kpis: list[Kpi]) -> float | None:
    values = [kpi.progress for kpi in kpis if kpi.progress is not None]
    return mean(values) if values else None


def sessions_of(company: Company, before: WorkshopSession | None = None) -> list[WorkshopSession]:
    return list(db.session.scalars(
        select(WorkshopSession).join(session_company, session_company.c.session_id == WorkshopSession.id)
        .where(session_company.c.company_id == company.id,
               *(follow_up.before_workshop(before) if before else ()))
        .order_by(WorkshopSession.created_at)))


def point_label(session: WorkshopSession, position: int, with_time: bool = False) -> str:
    """"2026-11-23 · 3": the workshop's date and the step's number, short enough for a chart's axis; with the
    time ("2026-11-23 09:00 UTC · 3") when another of the company's workshops was on the same day."""
    return f"{utc_text(began(session), 'datetime' if with_time else 'date')} · {position + 1}"


def began(session: WorkshopSession):
    return session.started_at or session.created_at


def concern_series(company: Company, sessions: list[WorkshopSession], language: str) -> list[ConcernSeries]:
    series: dict[str, ConcernSeries] = {}
    days = Counter(utc_text(began(session), "date") for session in sessions)
    for session in sessions:
        if session.state is SessionStatus.DRAFT:
            continue
        for step in session.steps:
            if not kind_of(step).charts_concerns:
                continue
            summary = results.scoped(results.step_results(step), company.id)
            for row in summary.get("rows", []):
                if row["item"].label == REMOVED_TEXT:
                    continue  # removed by retention: no longer tells which concern it was
                label = row["item"].text(language)
                entry = series.setdefault(label, ConcernSeries(label, scale=summary.get("scale", 5)))
                entry.points.append((point_label(session, step.position, days[utc_text(began(session), "date")] > 1),
                                     row["mean"]))
    return list(series.values())


def record_of(company: Company, language: str, before: WorkshopSession | None = None) -> CompanyRecord:
    """The company's record, or (with `before`) what it had from the workshops before that one: what "since last
    time" looks back on, leaving out what that workshop itself agrees."""
    sessions = sessions_of(company, before)
    return CompanyRecord(company, sessions, concern_series(company, sessions, language),
                         follow_up.company_kpis(company, before), follow_up.company_commitments(company, before))
