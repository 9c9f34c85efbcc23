"""A Markdown summary: the room's results and each company's, step by step."""
from flask import render_template

from ..models import WorkshopSession
from ..services import results
from .cells import markdown_text


def render(session: WorkshopSession) -> bytes:
    text = render_template(
        "exports/summary.md", session=session, step_results=results.session_results(session),
        head_counts=results.head_counts(session), md=markdown_text, language=session.language,
    )
    return text.encode("utf-8")
