"""A facilitator's screen left open through a three-hour workshop (the clock moved on, not waited for): its
buttons still act; a token that did go stale (a logout elsewhere) gets a clear reload prompt, never a silent
failure."""
import time

from tests.conftest import csrf_from, login

THREE_HOURS = 3 * 3600


def test_a_control_view_open_for_three_hours_still_drives_the_session(client, world, sql, monkeypatch):
    login(client)
    token = csrf_from(client.get(f"/f/sessions/{world['session']}").get_data(as_text=True))
    later = time.time() + THREE_HOURS
    monkeypatch.setattr(time, "time", lambda: later)
    response = client.post(f"/f/sessions/{world['session']}/next",
                           headers={"X-CSRFToken": token, "HX-Request": "true"})
    assert response.status_code == 200 and 'id="control"' in response.get_data(as_text=True)
    assert sql("select current_position from workshop_session") == [(1,)]


def test_a_stale_page_gets_a_reload_prompt_and_changes_nothing(app, client, world, sql):
    login(client)
    token = csrf_from(client.get(f"/f/sessions/{world['session']}").get_data(as_text=True))
    other_tab = app.test_client()
    login(other_tab)
    page = other_tab.get("/f/").get_data(as_text=True)
    other_tab.post("/logout", data={"csrf_token": csrf_from(page)})  # logging out ends every copy of the login
    response = client.post(f"/f/sessions/{world['session']}/next", headers={"X-CSRFToken": token,
                                                                          "HX-Request": "true"})
    assert response.status_code == 401
    assert "Your login has ended. Reload the page to log in again." in response.get_data(as_text=True)
    assert sql("select current_position from workshop_session") == [(0,)]
