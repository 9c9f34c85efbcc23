"""The facilitator's companies: the list, each company's page over time, its private link, deleting it."""
from datetime import date

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user, login_required

from ..models import ReadingSource
from ..services import cohorts, companies, company_records, data_care, follow_up
from ..services.errors import DomainError
from . import int_or_none

bp = Blueprint("companies", __name__, url_prefix="/f/companies")


@bp.before_request
@login_required
def _facilitators_only():
    """Every page here needs a logged-in facilitator."""


def _list_page(error=None, status=200, name=""):
    return render_template("companies/list.html", companies=companies.list_companies(current_user),
                           cohorts=cohorts.list_cohorts(current_user), error=error, name=name), status


@bp.route("", methods=["GET", "POST"])
def company_list():
    if request.method == "POST":
        try:
            companies.create_company(current_user, request.form.get("name", ""))
            return redirect(url_for(".company_list"))
        except DomainError as failure:
            return _list_page(failure.message, failure.status, request.form.get("name", ""))
    return _list_page()


@bp.post("/<id:company_id>")
def rename_company(company_id: int):
    try:
        companies.rename_company(current_user, company_id, request.form.get("name", ""))
    except DomainError as failure:
        if failure.status == 404:
            raise
        return _list_page(failure.message, failure.status)
    return redirect(url_for(".company_list"))


def company_page(company_id: int, error=None, status=200):
    company = companies.get_company(current_user, company_id)
    return render_template(
        "companies/company.html", company=company, cohorts=cohorts.list_cohorts(current_user),
        record=company_records.record_of(company, str(get_locale())), today=date.today().isoformat(),
        error=error), status


@bp.get("/<id:company_id>")
def show(company_id: int):
    return company_page(company_id)


def _then_show(company_id: int, action):
    """Carry out one change, then back to the company's page; a refusal shows there, nothing lost."""
    try:
        action()
    except DomainError as failure:  # an unknown company raises again there: a plain 404
        return company_page(company_id, failure.message, failure.status)
    return redirect(url_for(".show", company_id=company_id, _anchor=request.form.get("then") or None))


@bp.post("/<id:company_id>/cohort")
def place(company_id: int):
    return _then_show(company_id, lambda: cohorts.place_company(
        current_user, company_id, int_or_none(request.form.get("cohort"))))


@bp.post("/<id:company_id>/link")
def issue_link(company_id: int):
    return _then_show(company_id, lambda: follow_up.issue_link(companies.get_company(current_user, company_id)))


@bp.post("/<id:company_id>/link/revoke")
def revoke_link(company_id: int):
    return _then_show(company_id, lambda: follow_up.revoke_link(companies.get_company(current_user, company_id)))


@bp.post("/<id:company_id>/readings")
def add_reading(company_id: int):
    form = request.form
    return _then_show(company_id, lambda: follow_up.add_reading(
        companies.get_company(current_user, company_id), int_or_none(form.get("kpi")), form.get("taken_on"),
        form.get("value"), form.get("note"), ReadingSource.FACILITATOR))


@bp.post("/<id:company_id>/readings/<id:reading_id>/delete")
def delete_reading(company_id: int, reading_id: int):
    return _then_show(company_id, lambda: follow_up.delete_reading(
        companies.get_company(current_user, company_id), reading_id))


@bp.post("/<id:company_id>/commitments/<id:commitment_id>")
def tick(company_id: int, commitment_id: int):
    return _then_show(company_id, lambda: follow_up.set_done(
        companies.get_company(current_user, company_id), commitment_id, request.form.get("done") == "1"))


@bp.route("/<id:company_id>/delete", methods=["GET", "POST"])
def delete(company_id: int):
    company = companies.get_company(current_user, company_id)
    error, status = None, 200
    if request.method == "POST":
        try:
            data_care.delete_company(current_user, company_id, request.form.get("name", ""))
            return redirect(url_for(".company_list"))
        except DomainError as failure:
            error, status = failure.message, failure.status
    return render_template("companies/delete.html", company=company, error=error,
                           record=company_records.record_of(company, str(get_locale()))), status
