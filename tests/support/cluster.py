"""Several server processes on PostgreSQL and Redis behind HAProxy (deploy/cluster.py's Balancer): the site the
two-process tests and `make bench CLUSTER=N` drive. Each use takes a schema and a Redis key prefix of its own
(keys and the Socket.IO channel), so it leaves other runs on the same servers alone, and removes both after."""
import secrets
from contextlib import contextmanager
from http.cookies import SimpleCookie
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator
from urllib.parse import quote

import redis
from sqlalchemy import create_engine, text

from deploy.cluster import Balancer
from .server import ServerProcess, free_port, prepare_database


@dataclass
class Cluster:
    processes: list[ServerProcess]
    balancer: Balancer
    database_url: str
    redis: redis.Redis
    prefix: str

    def query(self, statement: str, **params) -> list:
        engine = create_engine(self.database_url)
        try:
            with engine.connect() as connection:
                return connection.execute(text(statement), params).all()
        finally:
            engine.dispose()

    def logs(self) -> str:
        return "".join(process.log() for process in self.processes)


def server_of(cookie: str) -> str:
    """Which process HAProxy keeps a browser on, from its Cookie header: `pN`, the N-th process."""
    return SimpleCookie(cookie)["SERVERID"].value


@contextmanager
def fresh_schema(database_url: str) -> Iterator[str]:
    """An empty schema in a PostgreSQL database; yields the URL that makes it every connection's search path."""
    schema = f"cluster_{secrets.token_hex(4)}"
    engine = create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    separator = "&" if "?" in database_url else "?"
    try:
        yield f"{database_url}{separator}options={quote(f'-csearch_path={schema}')}"
    finally:
        with engine.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        engine.dispose()


@contextmanager
def running_cluster(database_url: str, redis_url: str, instance: Path, count: int = 2) -> Iterator[Cluster]:
    """`count` processes on a fresh schema of `database_url`, joined by Redis, HAProxy in front."""
    prefix = f"verkstad-test-{secrets.token_hex(4)}"
    client = redis.Redis.from_url(redis_url)
    with fresh_schema(database_url) as url:
        prepare_database(url, instance)
        # Behind HAProxy as in production: the client's address comes in X-Forwarded-For.
        env = {"VERKSTAD_REDIS_URL": redis_url, "VERKSTAD_REDIS_PREFIX": prefix, "VERKSTAD_TRUSTED_PROXIES": "1"}
        processes = [ServerProcess(url, instance, **env) for _ in range(count)]
        balancer = None
        try:
            for process in processes:
                process.start()
            balancer = Balancer(free_port(), [f"127.0.0.1:{p.port}" for p in processes], instance).start()
            yield Cluster(processes, balancer, url, client, prefix)
        finally:
            if balancer:
                balancer.stop()
            for process in processes:
                process.stop()
            for key in client.scan_iter(f"{prefix}:*"):
                client.delete(key)
            client.close()
