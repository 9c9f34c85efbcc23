"""What a screen receives live is what a reload of it shows, in the screen's language: the ticker renders in a
fresh context of its own, which knows no visitor's language."""
import re

from tests.conftest import login
from workshop.extensions import db


def _region(html: str, region_id: str) -> str:
    """The region's HTML without what marks it as a live push (hx-swap-oob) or a login (the CSRF token)."""
    start = html.index(f'id="{region_id}"')
    start = html.rindex("<", 0, start)
    tag = re.match(r"<(\w+)", html[start:])[1]
    depth, position = 0, start
    for match in re.finditer(rf"<(/?){tag}\b", html[start:]):
        depth += -1 if match[1] else 1
        if depth == 0:
            position = start + match.end()
            break
    region = html[start:html.index(">", position) + 1]
    region = re.sub(r'\s*hx-swap-oob="true"', "", region)
    region = re.sub(r'name="csrf_token" value="[^"]*"', "", region)
    return re.sub(r"\s+", " ", region)


def test_a_swedish_projector_receives_the_since_last_time_chart_in_swedish(app, make, socket_client):
    facilitator_id = make.facilitator()
    with app.app_context():
        from workshop.models import Company, Facilitator
        from workshop.services.demo import create_demo_session
        create_demo_session(db.session.get(Facilitator, facilitator_id))
        companies = list(db.session.scalars(db.select(Company.id).where(Company.name.like("Demo:%"))))
    second, _code = make.session(facilitator_id, companies, language="sv")
    make.act(facilitator_id, second, "results")
    coach = app.test_client()
    login(coach)
    projector = socket_client(coach, {"role": "projector", "session": second})
    projector.get_received()

    app.extensions["verkstad_broadcaster"].mark_dirty(second)
    app.extensions["verkstad_broadcaster"].tick()
    pushed = [m["args"][0]["html"] for m in projector.get_received()
              if m["name"] == "swap" and m["args"][0]["channel"] == "results"][-1]

    assert "Företag A" in pushed and "Rummets snitt" in pushed
    assert "Company A" not in pushed and "Average of the room" not in pushed
    assert not re.search(r"\d%", pushed), "Swedish writes a space before the per cent sign"
    page = coach.get(f"/f/sessions/{second}/projector").get_data(as_text=True)
    assert _region(pushed, "live-results") == _region(page, "live-results")
