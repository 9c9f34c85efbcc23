"""A company's private link: between workshops, anyone holding it records KPI readings and ticks next steps.
No account: the link's secret is the key, and the facilitator can revoke it."""
from datetime import date

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_babel import get_locale

from ..extensions import limiter
from ..models import ReadingSource
from ..services import company_records, follow_up
from ..services.errors import DomainError
from . import int_or_none

bp = Blueprint("company_link", __name__, url_prefix="/c")


def _rate():
    return current_app.config["JOIN_RATE_LIMIT"]


def _failed(response) -> bool:
    return response.status_code >= 400


def _page(token: str, error=None, status=200):
    company = follow_up.company_by_token(token)
    return render_template("companies/private.html", company=company, token=token, error=error,
                           record=company_records.record_of(company, str(get_locale())),
                           today=date.today().isoformat()), status


@bp.get("/<token>")
@limiter.limit(_rate, deduct_when=_failed)
def show(token: str):
    return _page(token)


def _then_show(token: str, action):
    company = follow_up.company_by_token(token)
    try:
        action(company)
    except DomainError as failure:
        return _page(token, failure.message, failure.status)
    return redirect(url_for(".show", token=token, _anchor=request.form.get("then") or None))


@bp.post("/<token>/readings")
@limiter.limit(_rate, deduct_when=_failed)
def add_reading(token: str):
    form = request.form
    return _then_show(token, lambda company: follow_up.add_reading(
        company, int_or_none(form.get("kpi")), form.get("taken_on"), form.get("value"), form.get("note"),
        ReadingSource.COMPANY))


@bp.post("/<token>/commitments/<id:commitment_id>")
@limiter.limit(_rate, deduct_when=_failed)
def tick(token: str, commitment_id: int):
    return _then_show(token, lambda company: follow_up.set_done(company, commitment_id,
                                                                request.form.get("done") == "1"))
