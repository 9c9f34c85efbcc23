"""Cohorts: rounds of the incubator's programme, whose companies are compared side by side."""
from dataclasses import dataclass
from statistics import mean
from string import ascii_uppercase

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..database import write_transaction
from ..extensions import db
from ..models import Cohort, Company, Facilitator
from ..models.cohort import COHORT_NAME_MAX
from ..numbers import lazy_percent
from . import company_records
from .companies import get_company
from .errors import Conflict, NotFound
from .text import clean_text


def list_cohorts(facilitator: Facilitator) -> list[Cohort]:
    return list(db.session.scalars(
        select(Cohort).where(Cohort.facilitator_id == facilitator.id).order_by(Cohort.name)))


def get_cohort(facilitator: Facilitator, cohort_id: int | None) -> Cohort:
    cohort = db.session.get(Cohort, cohort_id) if cohort_id is not None else None
    if cohort is None or cohort.facilitator_id != facilitator.id:
        raise NotFound(_l("No such cohort."))
    return cohort


def create_cohort(facilitator: Facilitator, name: str) -> Cohort:
    name = clean_text(name, max_length=COHORT_NAME_MAX, field=_l("Cohort name"))
    with write_transaction():
        if db.session.scalar(select(Cohort.id).where(Cohort.facilitator_id == facilitator.id, Cohort.name == name)):
            raise Conflict(_l("There is already a cohort called “%(name)s”.", name=name))
        cohort = Cohort(facilitator_id=facilitator.id, name=name)
        db.session.add(cohort)
    return cohort


def place_company(facilitator: Facilitator, company_id: int, cohort_id: int | None) -> Company:
    """Put a company in a cohort, or in none when cohort_id is None."""
    company = get_company(facilitator, company_id)
    cohort = get_cohort(facilitator, cohort_id) if cohort_id is not None else None
    with write_transaction():
        company.cohort_id = cohort.id if cohort else None
    return company


def members(cohort: Cohort) -> list[Company]:
    return list(db.session.scalars(select(Company).where(Company.cohort_id == cohort.id).order_by(Company.name)))


@dataclass
class Comparison:
    records: list[company_records.CompanyRecord]

    @property
    def progress(self) -> float | None:
        """The cohort's average: the mean of its companies' progress toward their targets."""
        values = [record.progress for record in self.records if record.progress is not None]
        return mean(values) if values else None

    @property
    def done_share(self) -> float | None:
        shares = [done_share(record) for record in self.records if record.commitments]
        return mean(shares) if shares else None

    def chart_groups(self, hide_names: bool = False, averages: list | None = None) -> list:
        """Progress toward targets and next steps done: a bar per company, then one per average (the cohort's
        own unless `averages` gives (label, Comparison) pairs), as the chart renderer draws them. With names
        hidden (the projector), companies are "Company A", "B"…"""
        averages = averages if averages is not None else [(_l("Cohort average"), self)]

        def name(index: int, record) -> str:
            return _l("Company %(letter)s", letter=ascii_uppercase[index % 26]) if hide_names \
                else record.company.name

        def bars(share_of, average_of):
            rows = [(name(index, record), share_of(record), lazy_percent(share_of(record)))
                    for index, record in enumerate(self.records)]
            return rows + [(label, average_of(other), lazy_percent(average_of(other))) for label, other in averages]
        return [(_l("Progress toward targets"), bars(lambda record: record.progress, lambda c: c.progress)),
                (_l("Next steps done"), bars(done_share, lambda c: c.done_share))]


def done_share(record: company_records.CompanyRecord) -> float | None:
    return record.done / len(record.commitments) if record.commitments else None


def compare(cohort: Cohort, language: str, before=None) -> Comparison:
    return Comparison([company_records.record_of(company, language, before) for company in members(cohort)])


def session_overview(session, language: str) -> tuple[list, list]:
    """For a workshop's start, "since last time": each company's progress from its earlier workshops (not what
    this one agrees) beside the average of its cohort, or of the room when no company is in a cohort. As chart
    groups twice: with names hidden ("Company A", for the projector) and named (for the facilitator's summary
    and exports). Empty when no company has anything from earlier workshops."""
    room = Comparison([company_records.record_of(company, language, session) for company in session.companies])
    if not any(record.has_plans for record in room.records):
        return [], []
    groups = {company.cohort.id: company.cohort for company in session.companies if company.cohort}
    averages = [(_l("Cohort average: %(name)s", name=cohort.name), compare(cohort, language, session))
                for cohort in sorted(groups.values(), key=lambda cohort: cohort.name)]
    averages = averages or [(_l("Average of the room"), room)]
    return room.chart_groups(hide_names=True, averages=averages), room.chart_groups(averages=averages)


def company_overview(company: Company, session, language: str) -> list:
    """One company's progress toward each target it set in earlier workshops, and those workshops' next steps
    done, as chart groups; empty when it has nothing from earlier workshops."""
    from ..steps.kpi import kpi_name  # noqa: PLC0415 (the step kinds import this module's callers)
    record = company_records.record_of(company, language, session)
    if not record.has_plans:
        return []
    share = done_share(record)
    return [(_l("Progress toward each target"),
             [(kpi_name(kpi, language), kpi.progress, lazy_percent(kpi.progress)) for kpi in record.kpis]),
            (_l("Next steps done"), [(_l("%(done)d of %(total)d", done=record.done, total=len(record.commitments)),
                                      share, lazy_percent(share))])]
