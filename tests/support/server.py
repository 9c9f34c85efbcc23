"""A real Verkstad server process (gevent, WebSockets) on a free port, for browser and load tests."""
import atexit
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
from contextlib import closing, contextmanager
from pathlib import Path

from deploy.cluster import wait_until_healthy

from .database import database_url, reset_schema

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare_database(url: str, instance: Path, facilitator=("coach@example.org", "correct horse battery")) -> None:
    """Migrate, seed the built-in template and create a facilitator, as `make run` and its first visit do.
    On SQLite this is done once per test process and each server gets a copy: the three CLI runs took
    5–7 s of every server test's set-up."""
    if not url.startswith("sqlite:///"):
        _prepare(url, instance, facilitator)
        return
    prepared = _PREPARED_SQLITE.get(facilitator)
    if prepared is None:
        folder = Path(tempfile.mkdtemp(prefix="verkstad-prepared-"))
        atexit.register(shutil.rmtree, folder, True)
        prepared = folder / "verkstad.db"
        _prepare(f"sqlite:///{prepared}", folder, facilitator)
        _PREPARED_SQLITE[facilitator] = prepared
    with closing(sqlite3.connect(prepared)) as source, \
            closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as target:
        source.backup(target)


#: facilitator (or None) → a migrated and seeded SQLite file that servers' databases are copied from
_PREPARED_SQLITE: dict[tuple[str, str] | None, Path] = {}


def _prepare(url: str, instance: Path, facilitator) -> None:
    env = server_env(url, instance)
    flask = [sys.executable, "-m", "flask", "--app", "app"]
    for command in (["db", "upgrade"], ["seed"]):
        subprocess.run(flask + command, cwd=ROOT, env=env, check=True, capture_output=True)
    if facilitator:
        subprocess.run(flask + ["facilitator", "create", facilitator[0], "--password", facilitator[1]],
                       cwd=ROOT, env=env, check=True, capture_output=True)


def server_env(url: str, instance: Path, **extra: str) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith("VERKSTAD_")}
    # Cheapest password hashes: a test server's logins are not what it tests (workshop.services.accounts).
    env.update(DATABASE_URL=url, VERKSTAD_INSTANCE_PATH=str(instance), VERKSTAD_SECRET_KEY="browser-tests",
               VERKSTAD_PASSWORD_HASH_PROFILE="CHEAPEST", PYTHONUNBUFFERED="1", **extra)
    return env


class ServerProcess:
    def __init__(self, url: str, instance: Path, port: int | None = None, **extra_env: str):
        self.database_url, self.instance = url, instance
        self.port = port or free_port()
        self.extra_env = extra_env
        self.process: subprocess.Popen | None = None
        self.log_path = instance / f"server-{self.port}.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 20) -> "ServerProcess":
        env = server_env(self.database_url, self.instance, HOST="127.0.0.1", PORT=str(self.port), **self.extra_env)
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=log, stderr=log)
        try:
            wait_until_healthy(self.url, self.process, timeout)
        except RuntimeError as failure:
            raise RuntimeError(f"{failure}: {self.log_path.read_text()[-2000:]}") from None
        return self

    def stop(self, kill: bool = False) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process = None

    def log(self) -> str:
        return self.log_path.read_text() if self.log_path.exists() else ""


@contextmanager
def fresh_server(instance: Path, facilitator=("coach@example.org", "correct horse battery")):
    """A server process on an empty, migrated and seeded database in `instance`; stopped afterwards."""
    url = database_url(instance)
    reset_schema(url)
    prepare_database(url, instance, facilitator)
    process = ServerProcess(url, instance).start()
    try:
        yield process
    finally:
        process.stop()
