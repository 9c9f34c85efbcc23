"""A Markdown summary: the room's results and each company's, step by step."""
from flask import render_template

from ..models import Company, WorkshopSession
from ..services import results
from ..steps import kind_of
from .cells import markdown_text


def summary_context(session: WorkshopSession, company: Company | None) -> dict:
    """What the Markdown and PDF summaries show: every company's part, or one company's beside the room's."""
    companies = [company] if company else session.companies
    step_results = results.session_results(session)
    # One company's part leaves out the room's view of company lists: it names the other companies' KPIs.
    room_shown = {r.step.id for r in step_results if not (company and kind_of(r.step).company_list)}
    return dict(session=session, step_results=step_results, companies=companies, room_shown=room_shown,
                head_counts=[(c, n) for c, n in results.head_counts(session) if c in companies],
                language=session.language, company=company,
                # The whole session's summary names the companies the projector showed as letters; one
                # company's part, shared with that company, does not name the others.
                names_shown=company is None)


def render(session: WorkshopSession, company: Company | None = None) -> bytes:
    return render_template("exports/summary.md", md=markdown_text, **summary_context(session, company)).encode()
