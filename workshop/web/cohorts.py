"""Cohorts: the programme's rounds, and a round's companies side by side."""
from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user, login_required

from ..services import cohorts
from ..services.errors import DomainError

bp = Blueprint("cohorts", __name__, url_prefix="/f/cohorts")


@bp.before_request
@login_required
def _facilitators_only():
    """Every page here needs a logged-in facilitator."""


@bp.route("", methods=["GET", "POST"])
def cohort_list():
    error, status = None, 200
    if request.method == "POST":
        try:
            created = cohorts.create_cohort(current_user, request.form.get("name", ""))
            return redirect(url_for(".show", cohort_id=created.id))
        except DomainError as failure:
            error, status = failure.message, failure.status
    return render_template("cohorts/list.html", cohorts=cohorts.list_cohorts(current_user), error=error,
                           name=request.form.get("name", "")), status


@bp.get("/<id:cohort_id>")
def show(cohort_id: int):
    cohort = cohorts.get_cohort(current_user, cohort_id)
    return render_template("cohorts/cohort.html", cohort=cohort,
                           comparison=cohorts.compare(cohort, str(get_locale())))
