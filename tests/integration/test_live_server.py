"""The real server process: Socket.IO only from the site's own origin, only for known screens, small messages."""
import time

import pytest
import socketio

from tests.support.database import database_url, reset_schema
from tests.support.server import ServerProcess, prepare_database

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    instance = tmp_path_factory.mktemp("live-server")
    url = database_url(instance)
    reset_schema(url)
    prepare_database(url, instance)
    process = ServerProcess(url, instance).start()
    yield process
    process.stop()


def connect(server, origin, auth):
    client = socketio.Client(reconnection=False)
    client.connect(server.url, headers={"Origin": origin}, auth=auth, transports=["websocket"], wait_timeout=5)
    return client


def test_a_socket_from_another_origin_is_refused(server):
    with pytest.raises(socketio.exceptions.ConnectionError):
        connect(server, "http://evil.example", {"role": "phone", "code": "ABCDEF"})


def test_a_socket_without_a_participant_or_login_is_refused(server):
    for auth in ({"role": "phone", "code": "ABCDEF"}, {"role": "projector", "session": 1}, {"role": "root"}, None):
        with pytest.raises(socketio.exceptions.ConnectionError):
            connect(server, server.url, auth)


def test_the_server_log_stays_clean(server):
    time.sleep(0.2)
    assert "Traceback" not in server.log()
