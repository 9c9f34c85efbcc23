"""The real server process: Socket.IO only from the site's own origin, only for known screens, small messages."""
import time

import pytest
import requests
import socketio

from tests.support.phones import Facilitator, join_over_http, run_async
from tests.support.server import fresh_server

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with fresh_server(tmp_path_factory.mktemp("live-server")) as process:
        yield process


def connect(server, origin, auth):
    client = socketio.Client(reconnection=False)
    client.connect(server.url, headers={"Origin": origin}, auth=auth, transports=["websocket"], wait_timeout=5)
    return client


@pytest.fixture(scope="module")
def joined(server):
    """A live session and one phone that joined it over HTTP, holding the participant cookie."""
    coach = Facilitator(server.url)
    company = coach.create_company("Acme AB")
    session_id = coach.create_session([company])
    coach.act(session_id, "start")
    code = coach.join_code(session_id)
    yield {"coach": coach, "session": session_id, "code": code, "phone": join_over_http(server.url, code, company)}
    coach.close()


def open_socket(server, origin, cookie, auth):
    """Connects and disconnects again; raises socketio.exceptions.ConnectionError when refused."""
    async def attempt():
        client = socketio.AsyncClient(reconnection=False)
        headers = {"Origin": origin, **({"Cookie": cookie} if cookie else {})}
        try:
            await client.connect(server.url, headers=headers, auth=auth, transports=["websocket"], wait_timeout=5)
        finally:
            if client.connected:
                await client.disconnect()
            else:
                await client.eio.disconnect(abort=True)
    run_async(attempt(), 10)


def test_a_joined_phone_connects_from_the_site_but_not_from_another_origin(server, joined):
    auth = {"role": "phone", "code": joined["code"]}
    open_socket(server, server.url, joined["phone"].cookie, auth)  # the same cookie from the site's own page
    for origin in ("http://evil.example", "null", server.url.replace("127.0.0.1", "localhost")):
        with pytest.raises(socketio.exceptions.ConnectionError):
            open_socket(server, origin, joined["phone"].cookie, auth)


def test_a_facilitator_projector_connects_only_to_their_own_session(server, joined):
    coach = joined["coach"]
    open_socket(server, server.url, coach.cookie, {"role": "projector", "session": joined["session"]})
    for auth in ({"role": "projector", "session": joined["session"] + 1000}, {"role": "projector", "session": "x"}):
        with pytest.raises(socketio.exceptions.ConnectionError):
            open_socket(server, server.url, coach.cookie, auth)
    # A participant's cookie is not a facilitator's.
    with pytest.raises(socketio.exceptions.ConnectionError):
        open_socket(server, server.url, joined["phone"].cookie, {"role": "projector", "session": joined["session"]})


def test_a_socket_without_a_participant_or_login_is_refused(server, joined):
    for auth in ({"role": "phone", "code": joined["code"]}, {"role": "projector", "session": joined["session"]},
                 {"role": "root"}, None):
        with pytest.raises(socketio.exceptions.ConnectionError):
            open_socket(server, server.url, None, auth)


def test_pages_are_compressed_and_socket_polling_passes_untouched(server):
    """A phone's socket starts with Engine.IO long-polling, which the server's compression must leave alone."""
    browser = {"Accept-Encoding": "gzip, br"}
    handshake = requests.get(f"{server.url}/socket.io/", params={"EIO": 4, "transport": "polling"}, headers=browser,
                             timeout=5)
    assert handshake.status_code == 200
    assert handshake.text.startswith("0{") and '"sid"' in handshake.text
    page = requests.get(f"{server.url}/join", headers=browser, timeout=5)
    assert page.headers["Content-Encoding"] == "br" and "<form" in page.text


def test_the_server_log_stays_clean(server):
    time.sleep(0.2)
    assert "Traceback" not in server.log()
