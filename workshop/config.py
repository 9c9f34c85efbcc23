"""Settings: defaults → instance/config.py (git-ignored) → VERKSTAD_* environment → test overrides."""
import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import redis
from flask import Flask

SUPPORTED_LANGUAGES = ("sv", "en")
#: `python app.py` (and `make run`) listens on every network of the laptop, so the room's phones reach it;
#: HOST=127.0.0.1 keeps it on the laptop alone.
DEFAULT_HOST, DEFAULT_PORT = "0.0.0.0", 5000
#: Redis connections a process keeps for rate limits.
REDIS_LIMIT_CONNECTIONS = 50


def _async_mode() -> str:
    """gevent when app.py patched the process for serving; threading for the CLI and in-process tests."""
    try:
        from gevent import monkey
    except ImportError:  # pragma: no cover - gevent is a dependency
        return "threading"
    return "gevent" if monkey.is_module_patched("socket") else "threading"


def served_address() -> tuple[str, int]:
    """The HOST and PORT that `python app.py` binds."""
    return os.environ.get("HOST", DEFAULT_HOST), int(os.environ.get("PORT", DEFAULT_PORT))


def _secret_key(instance: Path) -> str:
    """The key is generated once into the instance folder so a restart keeps everyone logged in."""
    key_file = instance / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def load_config(app: Flask, overrides: dict | None) -> None:
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    app.config.update(
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{instance / 'verkstad.db'}",
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True},
        ASYNC_MODE=_async_mode(),
        REDIS_URL=None,
        # Names this site's keys and Socket.IO channel in Redis, so several sites (or test runs) can share one.
        REDIS_PREFIX="verkstad",
        BABEL_DEFAULT_LOCALE="en",
        BABEL_TRANSLATION_DIRECTORIES=str(Path(app.root_path).parent / "translations"),
        # A workshop lasts hours: bind the CSRF token to the login session, not to a clock.
        WTF_CSRF_TIME_LIMIT=None,
        WTF_CSRF_HEADERS=["X-CSRFToken"],
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=False,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        MAX_CONTENT_LENGTH=64 * 1024,
        SOCKET_MAX_MESSAGE_BYTES=16 * 1024,
        RATELIMIT_STORAGE_URI="memory://",
        RATELIMIT_HEADERS_ENABLED=True,
        # An argon2-cffi profile (argon2.profiles) for facilitators' passwords.
        PASSWORD_HASH_PROFILE="RFC_9106_LOW_MEMORY",
        LOGIN_RATE_LIMIT="10 per minute",
        JOIN_RATE_LIMIT="30 per minute",
        ANSWER_RATE_LIMIT="20 per 10 seconds",
        RESULTS_TICK_SECONDS=0.15,
        RESULTS_TICKER=True,
        TRUSTED_PROXIES=0,
        # Where phones join (workshop/services/join_address.py): PUBLIC_URL when set (https://verkstad.example.org
        # behind a proxy); else the address the screen was opened at, unless it is loopback; else this machine's
        # address on its network (LAN_ADDRESS, or detected) at LISTEN_PORT, when the site listens there.
        PUBLIC_URL=None,
        LAN_ADDRESS=None,
        # Where browsers reach this site: what app.py binds, or the balancer's address in front (deploy/cluster.py).
        LISTEN_HOST=served_address()[0],
        LISTEN_PORT=served_address()[1],
    )
    app.config.from_pyfile(instance / "config.py", silent=True)
    app.config.from_prefixed_env("VERKSTAD")
    if os.environ.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    if app.config.get("REDIS_URL") and app.config["RATELIMIT_STORAGE_URI"] == "memory://":
        app.config["RATELIMIT_STORAGE_URI"] = app.config["REDIS_URL"]
        app.config.setdefault("RATELIMIT_STORAGE_OPTIONS", {
            "key_prefix": f"{app.config['REDIS_PREFIX']}:limits",
            # A room answering at once checks its limits together: past redis-py's default of 100 connections the
            # checks failed with "Too many connections" (bench, 2 processes, 600 phones); these wait for one.
            "connection_pool": redis.BlockingConnectionPool.from_url(
                app.config["REDIS_URL"], max_connections=REDIS_LIMIT_CONNECTIONS, timeout=5),
        })
    app.config.update(overrides or {})
    _check_public_url(app.config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _secret_key(instance)


def _check_public_url(config: dict) -> None:
    """A public URL without its scheme or host would put a broken link on every projector: refuse to start."""
    url = config.get("PUBLIC_URL")
    if url and not (str(url).startswith(("http://", "https://")) and urlsplit(str(url)).hostname):
        raise ValueError(f"VERKSTAD_PUBLIC_URL must be an http:// or https:// address, not {url!r}")
