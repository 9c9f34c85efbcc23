"""Phones joining: by typed code or QR link, picking a company, with clear messages when it can't work."""
import pytest

from tests.conftest import csrf_from, join, login
from workshop import create_app
from workshop.services import join_address


def test_typed_code_leads_to_company_picker_whatever_the_case_and_spacing(client, world):
    page = client.get("/join").get_data(as_text=True)
    code = world["code"]
    typed = f" {code[:3].lower()} {code[3:].lower()} "
    response = client.post("/join", data={"code": typed, "csrf_token": csrf_from(page)})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/j/{code}")


def test_unknown_code_gets_a_clear_message(client, world):
    page = client.get("/join").get_data(as_text=True)
    response = client.post("/join", data={"code": "ZZZZZZ", "csrf_token": csrf_from(page)})
    assert response.status_code == 404
    assert "There is no workshop with the code ZZZZZZ" in response.get_data(as_text=True)


def test_ended_session_refuses_joins(client, world, make):
    make.act(world["facilitator"], world["session"], "end")
    response = client.get(f"/j/{world['code']}")
    assert response.status_code == 422
    assert "This workshop has ended." in response.get_data(as_text=True)


def test_draft_session_is_not_open_yet(client, make, world):
    draft_id, draft_code = make.session(world["facilitator"], [world["acme"]], start=False)
    response = client.get(f"/j/{draft_code}")
    assert "has not started yet" in response.get_data(as_text=True)


def test_joining_lands_on_the_current_step_with_the_company_shown(client, world):
    response = join(client, world["code"], world["acme"], nickname="Kim")
    assert response.status_code == 302
    page = client.get(f"/p/{world['code']}").get_data(as_text=True)
    assert "Welcome!" in page
    assert "Acme AB · Kim" in page


def test_html_in_a_nickname_is_shown_as_text(client, world):
    join(client, world["code"], world["acme"], nickname="<script>alert(1)</script>")
    page = client.get(f"/p/{world['code']}").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)</script>" not in page


def test_oversized_nickname_is_refused_with_a_message(client, world, sql):
    response = join(client, world["code"], world["acme"], nickname="x" * 41)
    assert response.status_code == 422
    assert "Nickname can be at most 40 characters." in response.get_data(as_text=True)
    assert sql("select count(*) from participant")[0][0] == 0


def test_empty_nickname_is_fine_but_a_company_is_required(client, world, sql):
    response = join(client, world["code"], "")
    assert response.status_code == 422
    assert "Choose your company." in response.get_data(as_text=True)
    assert join(client, world["code"], world["acme"], nickname="   ").status_code == 302
    assert sql("select nickname from participant") == [(None,)]


def test_a_company_not_in_the_session_is_refused(client, world, make, sql):
    other = make.company(world["facilitator"], "Not invited AB")
    response = join(client, world["code"], other)
    assert response.status_code == 422
    assert sql("select count(*) from participant")[0][0] == 0


def test_guessing_join_codes_hits_the_rate_limit(client, world):
    page = client.get("/join").get_data(as_text=True)
    token = csrf_from(page)
    statuses = [client.post("/join", data={"code": f"ZZZZ{i:02d}", "csrf_token": token}).status_code
                for i in range(35)]
    assert statuses[0] == 404
    assert statuses[-1] == 429


def test_a_room_joining_from_one_address_is_not_rate_limited(app, world):
    for _ in range(40):
        phone = app.test_client()
        assert join(phone, world["code"], world["acme"]).status_code == 302


def test_swedish_session_speaks_swedish_to_phones(client, make, world):
    _id, code = make.session(world["facilitator"], [world["acme"]], language="sv")
    join(client, code, world["acme"])
    page = client.get(f"/p/{code}").get_data(as_text=True)
    assert "Välkommen!" in page
    assert 'lang="sv"' in page


def test_phone_can_switch_language(client, world):
    join(client, world["code"], world["acme"])
    page = client.get(f"/p/{world['code']}").get_data(as_text=True)
    client.post(f"/p/{world['code']}/language", data={"lang": "sv", "csrf_token": csrf_from(page)})
    assert "Välkommen!" in client.get(f"/p/{world['code']}").get_data(as_text=True)


def test_behind_a_proxy_the_projector_carries_the_public_url(app, client, world):
    app.config["PUBLIC_URL"] = "https://verkstad.example.org/"
    login(client)
    page = client.get(f"/f/sessions/{world['session']}/projector").get_data(as_text=True)
    link = f"https://verkstad.example.org/j/{world['code']}"
    assert f'<p class="join-url">{link}</p>' in page
    assert f'aria-label="QR code for {link}"' in page
    assert "Phones cannot join" not in page


@pytest.mark.parametrize(("language", "words"), [
    ("en", ("Phones cannot join at localhost", "The laptop is on no network.")),
    ("sv", ("Telefonerna kan inte ansluta via localhost", "Datorn är inte ansluten till något nätverk.")),
])
def test_a_laptop_on_no_network_is_told_on_the_projector_and_the_control_view(app, client, make, world, monkeypatch,
                                                                               language, words):
    monkeypatch.setattr(join_address, "detect_lan_address", lambda: None)
    app.config["LISTEN_HOST"] = "0.0.0.0"
    session_id, _code = make.session(world["facilitator"], [world["acme"]], language=language)
    login(client)  # the projector speaks the session's language, the control view the facilitator's choice
    client.post("/language", data={"lang": language, "next": "/f/",
                                   "csrf_token": csrf_from(client.get("/f/").get_data(as_text=True))})
    for path in (f"/f/sessions/{session_id}/projector", f"/f/sessions/{session_id}"):
        page = client.get(path).get_data(as_text=True)
        assert all(text in page for text in words), path


def test_a_public_url_without_its_scheme_refuses_to_start(tmp_path):
    with pytest.raises(ValueError, match="VERKSTAD_PUBLIC_URL must be an http:// or https:// address"):
        create_app({"PUBLIC_URL": "verkstad.example.org", "INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "test"})
