"""Every live region is one partial, rendered here for the page, the htmx answer and the broadcast alike.

Broadcast renders run in a fresh request context (see workshop.live.broadcast), so nothing personal,
such as a CSRF token or a login, can leak into HTML that a whole room receives.
"""
from flask import render_template as _render
from markupsafe import Markup
from flask_babel import force_locale

from .models import Company, Participant, WorkshopSession
from .services import results as results_service
from .steps import kind_of


def render_template(name: str, **context) -> Markup:
    """Rendered partials are trusted HTML for the pages that include them (user text inside is escaped)."""
    return Markup(_render(name, **context))


def board_results(step) -> results_service.StepResults | None:
    """The results behind what phones share on this step (the room's ideas or thoughts, the companies' KPIs and
    next steps), or None when it has no board."""
    return results_service.step_results(step) if kind_of(step).shows_board(step) else None


def phone_stage(session: WorkshopSession, company: Company, language: str,
                participant: Participant | None = None, *, oob: bool = False, csrf: str = "",
                shared_results: results_service.StepResults | None = None) -> str:
    """What a phone shows: the current step, with this participant's answers when one is given.
    `shared_results`: the step's board_results(), when the caller renders several phone stages at once."""
    step = session.current_step
    kind = kind_of(step)
    answers = results_service.own_answers(participant, step) if participant else {}
    shared = shared_results or board_results(step)
    board = None
    if shared is not None:
        board = results_service.scoped(shared, company.id) if kind.company_list else shared.room
    company_results = []
    if kind.sums_up_session:
        company_results = [(r.step, results_service.scoped(r, company.id))
                           for r in results_service.session_results(session)]
    with force_locale(language):
        return render_template(
            "partials/_phone_stage.html", session=session, step=step, kind=kind, company=company,
            language=language, answers=answers, board=board, company_results=company_results, oob=oob, csrf=csrf,
            **kind.phone_extras(step, company),
        )


def phone_scripts(session: WorkshopSession) -> list[str]:
    """The step kinds' own scripts (static/js/…) that this session's phones need, once each, in step order."""
    return list(dict.fromkeys(kind_of(step).script for step in session.steps if kind_of(step).script))


def projector_stage(session: WorkshopSession, *, oob: bool = False) -> str:
    step = session.current_step
    with force_locale(session.language):
        return render_template("partials/_projector_stage.html", session=session, step=step, kind=kind_of(step),
                               language=session.language, oob=oob)


def projector_results(session: WorkshopSession, *, oob: bool = False) -> str:
    """The results region and the head counts: what the coalescing ticker pushes."""
    step = session.current_step
    kind = kind_of(step)
    scope = session.results_company_id
    if kind.sums_up_session:
        shown = [(r.step, results_service.scoped(r, scope)) for r in results_service.session_results(session)]
    elif kind.has_results(step):
        shown = [(step, results_service.scoped(results_service.step_results(step), scope))]
    else:
        shown = []
    scope_company = next((c for c in session.companies if c.id == scope), None)
    with force_locale(session.language):
        return render_template(
            "partials/_projector_results.html", session=session, step=step, kind=kind,
            shown=[(shown_step, results, kind_of(shown_step)) for shown_step, results in shown],
            scope_company=scope_company, head_counts=results_service.head_counts(session),
            language=session.language, oob=oob,
        )


def control_panel(session: WorkshopSession, language: str, *, oob: bool = False) -> str:
    with force_locale(language):
        return render_template("partials/_control.html", session=session, step=session.current_step,
                               kind=kind_of(session.current_step), language=language, oob=oob)
