"""Downloads of a session's summary."""
from flask import Blueprint, Response, abort
from flask_login import current_user, login_required

from .. import exports
from ..services import sessions

bp = Blueprint("exports", __name__, url_prefix="/f")


@bp.get("/sessions/<id:session_id>/export.<format_name>")
@login_required
def download(session_id: int, format_name: str):
    if format_name not in exports.FORMATS:
        abort(404)
    workshop = sessions.owned_session(current_user, session_id)
    return Response(
        exports.export_session(workshop, format_name), mimetype=exports.FORMATS[format_name].mimetype,
        headers={"Content-Disposition": f'attachment; filename="{exports.filename(workshop, format_name)}"'},
    )
