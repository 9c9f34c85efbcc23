"""`flask --app app backup FILE` while phones keep adding ideas, then `restore`: a consistent copy, brought back."""
import re
import sqlite3
import subprocess
import sys
import threading
import time
import uuid

import requests

from tests.support.figures import record
from tests.support.phones import TIMEOUT, csrf_from, join_many
from tests.support.server import ROOT, ServerProcess, server_env

IDEAS_STEP = 4


def flask(room, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "flask", "--app", "app", *args], cwd=ROOT, capture_output=True,
                          text=True, env=server_env(room.server.database_url, room.server.instance), timeout=120)


def keep_adding_ideas(url: str, code: str, cookie: str, stop: threading.Event, acked: list) -> None:
    """A phone without JavaScript posting one idea after another; every 200 is an acknowledged idea."""
    with requests.Session() as http:
        http.headers["Cookie"] = cookie
        stage = http.get(f"{url}/p/{code}", timeout=TIMEOUT).text
        step, token = re.search(r'data-answer-step="(\d+)"', stage)[1], csrf_from(stage)
        while not stop.is_set():
            text = f"idea {uuid.uuid4().hex[:8]}"
            response = http.post(f"{url}/p/{code}/answer", timeout=TIMEOUT, data={
                "step": step, "do": "add", "text": text, "nonce": uuid.uuid4().hex, "csrf_token": token})
            if response.status_code == 200:
                acked.append(text)
            time.sleep(0.6)  # under the per-phone answer limit


def test_a_backup_taken_under_load_is_consistent_and_restore_brings_it_back(room, tmp_path):
    for _ in range(IDEAS_STEP):
        room.coach.act(room.session_id, "next")
    phones = join_many(room.url, room.code, room.companies, 30)
    stop, acked = threading.Event(), []
    workers = [threading.Thread(target=keep_adding_ideas, args=(room.url, room.code, phone.cookie, stop, acked))
               for phone in phones]
    for worker in workers:
        worker.start()
    time.sleep(1.5)
    copy = tmp_path / "backup.db"
    made = flask(room, "backup", str(copy))
    during = len(acked)
    time.sleep(1.0)
    stop.set()
    for worker in workers:
        worker.join(30)
    assert made.returncode == 0, made.stderr
    assert during > 20, "phones were adding ideas while the backup ran"

    # Every acknowledged idea is stored once; the backup holds a consistent snapshot from the middle of it.
    stored = room.count("select count(*) from step_item where participant_id is not null")
    record("backup under load", f"{len(acked)} ideas acknowledged, {stored} stored; backup taken with {during} "
           f"acknowledged held a consistent snapshot")
    assert stored == len(acked) == len(set(acked))
    with sqlite3.connect(copy) as backup:
        assert backup.execute("pragma integrity_check").fetchone() == ("ok",)
        assert backup.execute("pragma foreign_key_check").fetchall() == []
        in_backup = backup.execute("select count(*) from step_item where participant_id is not null").fetchone()[0]
        assert backup.execute("select count(*) from participant").fetchone()[0] == 30
    assert 0 < in_backup < stored
    assert made.stdout.startswith(f"Backed up to {copy}: 1 workshop_sessions, 30 participants")

    # Restore: the server stopped, the backup brought back, the server started again on it.
    room.server.stop()
    refused = flask(room, "restore", str(tmp_path / "missing.db"), "--yes")
    assert refused.returncode != 0
    restored = flask(room, "restore", str(copy), "--yes")
    assert restored.returncode == 0, restored.stderr
    assert room.count("select count(*) from step_item where participant_id is not null") == in_backup
    room.server = ServerProcess(room.server.database_url, room.server.instance).start()
    with requests.Session() as http:
        http.headers["Cookie"] = phones[0].cookie
        assert http.get(f"{room.url}/p/{room.code}", timeout=TIMEOUT).status_code == 200  # the phone is still in

    again = flask(room, "backup", str(copy))
    assert again.returncode != 0 and "exists already" in again.stderr
