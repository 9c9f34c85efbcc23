"""The incubator's companies, per facilitator."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..database import write_transaction
from ..extensions import db
from ..models import Company, Facilitator
from ..models.company import COMPANY_NAME_MAX
from .errors import Conflict, NotFound
from .text import clean_text


def list_companies(facilitator: Facilitator) -> list[Company]:
    return list(db.session.scalars(
        select(Company).where(Company.facilitator_id == facilitator.id).order_by(Company.name)
    ))


def get_company(facilitator: Facilitator, company_id: int) -> Company:
    company = db.session.get(Company, company_id)
    if company is None or company.facilitator_id != facilitator.id:
        raise NotFound(_l("No such company."))
    return company


def _check_unique(facilitator: Facilitator, name: str, exclude_id: int | None = None) -> None:
    query = select(Company.id).where(Company.facilitator_id == facilitator.id, Company.name == name)
    if exclude_id is not None:
        query = query.where(Company.id != exclude_id)
    if db.session.scalar(query):
        raise Conflict(_l("There is already a company called “%(name)s”.", name=name))


def create_company(facilitator: Facilitator, name: str) -> Company:
    name = clean_text(name, max_length=COMPANY_NAME_MAX, field=_l("Company name"))
    with write_transaction():
        _check_unique(facilitator, name)
        company = Company(facilitator_id=facilitator.id, name=name)
        db.session.add(company)
    return company


def rename_company(facilitator: Facilitator, company_id: int, name: str) -> Company:
    name = clean_text(name, max_length=COMPANY_NAME_MAX, field=_l("Company name"))
    with write_transaction():
        company = get_company(facilitator, company_id)
        _check_unique(facilitator, name, exclude_id=company.id)
        company.name = name
    return company
