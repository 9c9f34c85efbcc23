"""The facilitator's side: first-run set-up, login, own sessions only, actions only by the owner."""
import pytest

from tests.conftest import PASSWORD, csrf_from, join, login


def test_first_visit_leads_to_setup_which_creates_the_account_and_is_then_closed(client, sql):
    assert client.get("/").headers["Location"].endswith("/setup")
    page = client.get("/setup").get_data(as_text=True)
    response = client.post("/setup", data={"email": "Coach@Example.org", "password": PASSWORD,
                                           "password_again": PASSWORD, "csrf_token": csrf_from(page)})
    assert response.headers["Location"].endswith("/f/")
    assert "Social media: security, time and effect" in client.get("/f/sessions/new").get_data(as_text=True)
    assert sql("select email from facilitator") == [("coach@example.org",)]
    assert sql("select password_hash from facilitator")[0][0].startswith("$argon2")
    assert client.get("/setup").headers["Location"].endswith("/login")


def test_setup_refuses_a_short_password_and_differing_passwords(client, sql):
    token = csrf_from(client.get("/setup").get_data(as_text=True))
    short = client.post("/setup", data={"email": "a@b.se", "password": "short", "password_again": "short",
                                        "csrf_token": token})
    assert "at least 10 characters" in short.get_data(as_text=True)
    differ = client.post("/setup", data={"email": "a@b.se", "password": PASSWORD, "password_again": PASSWORD + "x",
                                         "csrf_token": token})
    assert "The two passwords differ." in differ.get_data(as_text=True)
    assert sql("select count(*) from facilitator")[0][0] == 0


def test_wrong_password_is_refused_and_guessing_hits_the_rate_limit(client, make):
    make.facilitator()
    statuses = [login(client, password=f"wrong guess {i}").status_code for i in range(12)]
    assert statuses[0] == 401
    assert statuses[-1] == 429


def test_logout_kills_a_copied_session_cookie(app, client, make):
    make.facilitator()
    login(client)
    stolen = app.test_client()
    cookie = client.get_cookie("session")
    stolen.set_cookie("session", cookie.value)
    assert stolen.get("/f/").status_code == 200
    page = client.get("/f/").get_data(as_text=True)
    client.post("/logout", data={"csrf_token": csrf_from(page)})
    assert stolen.get("/f/").status_code == 302


def test_pages_need_login_and_actions_without_login_are_forbidden(client, world):
    assert client.get("/f/").headers["Location"].startswith("/login")
    assert client.get(f"/f/sessions/{world['session']}/projector").status_code == 302
    assert client.post(f"/f/sessions/{world['session']}/next").status_code in (400, 403)


def test_a_participant_calling_facilitator_actions_is_refused(app, world, sql):
    phone = app.test_client()
    join(phone, world["code"], world["acme"])
    page = phone.get(f"/p/{world['code']}").get_data(as_text=True)
    token = csrf_from(page)
    for action in ("next", "results", "lock", "end"):
        response = phone.post(f"/f/sessions/{world['session']}/{action}", headers={"X-CSRFToken": token})
        assert response.status_code == 403
    assert sql("select current_position, status from workshop_session") == [(0, "live")]


def test_a_participant_socket_cannot_drive_the_session(app, world, socket_client, sql):
    phone = app.test_client()
    join(phone, world["code"], world["acme"])
    sio = socket_client(phone, {"role": "phone", "code": world["code"]})
    assert sio.emit("control", {"action": "next"}, callback=True) == {
        "ok": False, "message": "You are not allowed to do that."}
    projector = socket_client(phone, {"role": "projector", "session": world["session"]})
    assert not projector.is_connected()
    assert sql("select current_position from workshop_session") == [(0,)]


def test_a_facilitator_sees_only_their_own_sessions(app, make, world):
    make.facilitator("other@example.org")
    other = app.test_client()
    login(other, "other@example.org")
    for path in ("", "/projector", "/summary", "/export.md", "/export.csv"):
        assert other.get(f"/f/sessions/{world['session']}{path}").status_code == 404
    token = csrf_from(other.get("/f/").get_data(as_text=True))
    assert other.post(f"/f/sessions/{world['session']}/next", headers={"X-CSRFToken": token}).status_code == 404
    assert "Acme AB" not in other.get("/f/companies").get_data(as_text=True)


@pytest.mark.parametrize("session_id", ["-1", "abc", "99999999999999999999"])
def test_malformed_session_ids_are_not_found(client, make, world, session_id):
    login(client)
    assert client.get(f"/f/sessions/{session_id}").status_code == 404


def test_a_form_post_without_csrf_token_is_refused(client, make, sql):
    make.facilitator()
    login(client)
    response = client.post("/f/companies", data={"name": "Sneaky AB"})
    assert response.status_code == 400
    assert "expired" in response.get_data(as_text=True)
    assert sql("select count(*) from company")[0][0] == 0


def test_companies_are_created_renamed_and_duplicates_refused(client, make, sql):
    make.facilitator()
    login(client)
    token = csrf_from(client.get("/f/companies").get_data(as_text=True))
    client.post("/f/companies", data={"name": "Acme AB", "csrf_token": token})
    duplicate = client.post("/f/companies", data={"name": "  Acme   AB ", "csrf_token": token})
    assert duplicate.status_code == 409
    assert "There is already a company called “Acme AB”." in duplicate.get_data(as_text=True)
    empty = client.post("/f/companies", data={"name": " ", "csrf_token": token})
    assert "Company name cannot be empty." in empty.get_data(as_text=True)
    company_id = sql("select id from company")[0][0]
    client.post(f"/f/companies/{company_id}", data={"name": "Acme Sverige AB", "csrf_token": token})
    assert sql("select name from company") == [("Acme Sverige AB",)]


def test_session_is_driven_through_its_states(client, make, world, sql):
    login(client)
    token = csrf_from(client.get(f"/f/sessions/{world['session']}").get_data(as_text=True))
    headers = {"X-CSRFToken": token, "HX-Request": "true"}
    response = client.post(f"/f/sessions/{world['session']}/next", headers=headers)
    assert 'id="control"' in response.get_data(as_text=True)
    client.post(f"/f/sessions/{world['session']}/results", headers=headers)
    client.post(f"/f/sessions/{world['session']}/lock", headers=headers)
    assert sql("select results_visible, voting_locked from session_step where position = 1") == [(True, True)]
    client.post(f"/f/sessions/{world['session']}/back", headers=headers)
    client.post(f"/f/sessions/{world['session']}/back", headers=headers)  # at the first step: nothing happens
    assert sql("select current_position from workshop_session") == [(0,)]
    client.post(f"/f/sessions/{world['session']}/end", headers=headers)
    assert sql("select status from workshop_session") == [("ended",)]
    assert client.get(f"/f/sessions/{world['session']}/summary").status_code == 200

    # Every action is on the session's record with who and when; the step "back" that did nothing is not.
    recorded = sql("select e.action, f.email from session_event e join facilitator f on f.id = e.facilitator_id "
                   "order by e.id")
    assert recorded == [(action, "coach@example.org") for action in ("start", "next", "results", "lock", "back",
                                                                     "end")]
    summary = client.get(f"/f/sessions/{world['session']}/summary").get_data(as_text=True)
    record = summary.split("Record of this session")[1]
    assert record.count("coach@example.org") == 6
    assert record.index("Ended the session") < record.index("Locked or opened voting") < record.index("Started")


def test_creating_a_session_snapshots_the_template(client, make, sql):
    facilitator = make.facilitator()
    company = make.company(facilitator, "Acme AB")
    login(client)
    page = client.get("/f/sessions/new").get_data(as_text=True)
    template_id = sql("select id from template")[0][0]
    response = client.post("/f/sessions/new", data={"template": template_id, "language": "sv",
                                                     "companies": [company], "csrf_token": csrf_from(page)})
    assert response.status_code == 302
    code, = sql("select join_code from workshop_session")[0]
    assert len(code) == 6 and not set(code) & set("0O1IL")
    assert sql("select count(*) from session_step")[0][0] == 12
    missing = client.post("/f/sessions/new", data={"template": template_id, "language": "sv",
                                                    "csrf_token": csrf_from(page)})
    assert "Choose at least one company." in missing.get_data(as_text=True)


def test_health_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_security_headers_are_on_every_page(client):
    headers = client.get("/join").headers
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_health_answers_503_with_a_reason_when_the_database_is_gone(app, client, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from workshop.extensions import db

    def broken(*_args, **_kwargs):
        raise OperationalError("SELECT 1", {}, Exception("unable to open database file"))

    with app.app_context():
        monkeypatch.setattr(db.session, "execute", broken)
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "error", "reason": "database: OperationalError"}


def test_private_notes_reach_the_control_view_only(app, client, world, socket_client):
    notes = "Wait until every company shows up in the counter."
    login(client)
    assert notes in client.get(f"/f/sessions/{world['session']}").get_data(as_text=True)
    assert notes not in client.get(f"/f/sessions/{world['session']}/projector").get_data(as_text=True)
    phone = app.test_client()
    join(phone, world["code"], world["acme"])
    assert notes not in phone.get(f"/p/{world['code']}").get_data(as_text=True)
    projector = socket_client(client, {"role": "projector", "session": world["session"]})
    phone_socket = socket_client(phone, {"role": "phone", "code": world["code"]})
    for sio in (projector, phone_socket):
        assert all(notes not in m["args"][0]["html"] for m in sio.get_received() if m["name"] == "swap")


def test_a_real_site_hashes_passwords_with_argon2s_own_default_cost(tmp_path):
    """The suite hashes cheaply (PASSWORD_HASH_PROFILE=CHEAPEST); a site as `make run` starts it does not."""
    from workshop import create_app
    from workshop.services.accounts import _hasher
    site = create_app({"INSTANCE_PATH": str(tmp_path), "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})
    with site.app_context():
        hashed = _hasher().hash("correct horse battery")
    assert hashed.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
