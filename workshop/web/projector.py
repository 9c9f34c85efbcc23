"""The projector: big type, the current step, live results, the join code; driven by keys or buttons."""
from flask import Blueprint, render_template, url_for
from flask_login import current_user, login_required

from .. import screens
from ..i18n import speak
from ..services import sessions
from ..services.qr import qr_svg

bp = Blueprint("projector", __name__, url_prefix="/f")


@bp.get("/sessions/<id:session_id>/projector")
@login_required
def show(session_id: int):
    workshop = sessions.owned_session(current_user, session_id)
    speak(workshop.language)
    join_url = url_for("participant.pick_company", code=workshop.join_code, _external=True)
    return render_template("projector/show.html", workshop=workshop, join_url=join_url, qr=qr_svg(join_url),
                           stage_html=screens.projector_stage(workshop),
                           results_html=screens.projector_results(workshop))
