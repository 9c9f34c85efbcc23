"""Downloads: a session's summary, one company's part of it, a company's dossier."""
from flask import Blueprint, Response, abort
from flask_babel import get_locale
from flask_login import current_user, login_required

from .. import exports
from ..services import companies, sessions

bp = Blueprint("exports", __name__, url_prefix="/f")


def _download(data: bytes, mimetype: str, name: str) -> Response:
    return Response(data, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.get("/sessions/<id:session_id>/export.<format_name>")
@login_required
def download(session_id: int, format_name: str):
    if format_name not in exports.FORMATS:
        abort(404)
    workshop = sessions.owned_session(current_user, session_id)
    return _download(exports.export_session(workshop, format_name), exports.FORMATS[format_name].mimetype,
                     exports.filename(workshop, format_name))


@bp.get("/sessions/<id:session_id>/companies/<id:company_id>/export.<format_name>")
@login_required
def company_part(session_id: int, company_id: int, format_name: str):
    if format_name not in exports.FORMATS or not exports.FORMATS[format_name].per_company:
        abort(404)
    workshop = sessions.owned_session(current_user, session_id)
    company = next((c for c in workshop.companies if c.id == company_id), None)
    if company is None:
        abort(404)
    return _download(exports.export_session(workshop, format_name, company),
                     exports.FORMATS[format_name].mimetype, exports.filename(workshop, format_name, company))


@bp.get("/companies/<id:company_id>/dossier.<format_name>")
@login_required
def dossier(company_id: int, format_name: str):
    if format_name not in exports.DOSSIER_FORMATS:
        abort(404)
    company = companies.get_company(current_user, company_id)
    return _download(exports.export_dossier(company, format_name, str(get_locale())),
                     exports.DOSSIER_FORMATS[format_name].mimetype, exports.dossier_filename(company, format_name))
