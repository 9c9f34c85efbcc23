"""The projector: big type, the current step, live results, the join code; driven by keys or buttons."""
from flask import Blueprint, render_template
from flask_login import current_user, login_required

from .. import screens
from ..i18n import speak
from ..services import sessions
from ..services.qr import qr_svg
from .join_links import join_link

bp = Blueprint("projector", __name__, url_prefix="/f")


@bp.get("/sessions/<id:session_id>/projector")
@login_required
def show(session_id: int):
    workshop = sessions.owned_session(current_user, session_id)
    speak(workshop.language)
    join = join_link(workshop.join_code)
    return render_template("projector/show.html", workshop=workshop, join=join, qr=qr_svg(join.url),
                           stage_html=screens.projector_stage(workshop),
                           results_html=screens.projector_results(workshop))
