"""`make run-cluster N=2`: N Verkstad processes on successive ports behind HAProxy, serving one site.

The processes share PostgreSQL (DATABASE_URL) and Redis (VERKSTAD_REDIS_URL): Flask-SocketIO's message queue joins
their sockets, and rate limits and the results ticker's lease live in Redis (workshop.live.coordination). HAProxy
spreads browsers round-robin and keeps each on its process with a cookie of its own (deploy/haproxy.cfg). The
tests and `make bench CLUSTER=N` start the balancer with `Balancer` from here.
"""
import argparse
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from string import Template

ROOT = Path(__file__).resolve().parent.parent
CONFIG_TEMPLATE = Path(__file__).with_name("haproxy.cfg")
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"  # Debian's package; /usr/sbin is off a user's PATH


def max_connections() -> int:
    """As many connections as this process may open files for: HAProxy needs two per connection (client and
    server side). Past its maxconn HAProxy queues newcomers, so the cap must sit above the room."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    limit = hard if os.geteuid() == 0 else soft  # HAProxy started as root raises its soft limit to the hard one
    return max(100, min(20000, (limit - 100) // 2))


def haproxy_config(bind: str, backends: list[str]) -> str:
    servers = "\n".join(f"    server p{i} {address} check cookie p{i}" for i, address in enumerate(backends, 1))
    return Template(CONFIG_TEMPLATE.read_text()).substitute(bind=bind, maxconn=max_connections(), servers=servers)


def wait_until_healthy(url: str, process: subprocess.Popen, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode}")
        try:  # the standard library's client: `make run-cluster` installs no test extra (requests)
            with urllib.request.urlopen(url + "/healthz", timeout=1) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer /healthz within {timeout} s")


class Balancer:
    """HAProxy in the foreground, in front of `backends` ("host:port"), its config written to `folder`."""

    def __init__(self, port: int, backends: list[str], folder: Path, host: str = "127.0.0.1"):
        self.host, self.port, self.backends = host, port, backends
        self.config_path = folder / f"haproxy-{port}.cfg"
        self.log_path = folder / f"haproxy-{port}.log"
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> "Balancer":
        self.config_path.write_text(haproxy_config(f"{self.host}:{self.port}", self.backends))
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen([HAPROXY, "-db", "-f", str(self.config_path)],
                                            stdout=log, stderr=log)
        wait_until_healthy(self.url, self.process)
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        self.process = None


def _serve(env: dict, port: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env={**env, "HOST": "127.0.0.1", "PORT": str(port)})


def main(argv: list[str] | None = None) -> int:
    from workshop.services.join_address import startup_message  # the processes' own words, printed once here
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--host", default="127.0.0.1", help="where HAProxy listens")
    parser.add_argument("--port", type=int, default=5000, help="the site's port; processes use the next N ports")
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL", "").startswith("postgresql"):
        print("Set DATABASE_URL to PostgreSQL (postgresql+psycopg://…): several processes share one database.",
              file=sys.stderr)
        return 2
    env = {**os.environ, "VERKSTAD_REDIS_URL": os.environ.get("VERKSTAD_REDIS_URL") or DEFAULT_REDIS_URL,
           "VERKSTAD_TRUSTED_PROXIES": "1",  # HAProxy: the client's address and scheme come in its headers
           # Browsers reach the site at HAProxy's address: the join link and QR code are built for it.
           "VERKSTAD_LISTEN_HOST": args.host, "VERKSTAD_LISTEN_PORT": str(args.port)}
    flask = [sys.executable, "-m", "flask", "--app", "app"]
    for command in (["db", "upgrade"], ["seed"]):  # once, before the processes race to create anything
        subprocess.run(flask + command, cwd=ROOT, env=env, check=True)
    ports = [args.port + 1 + i for i in range(args.processes)]
    processes = [_serve(env, port) for port in ports]
    balancer, folder = None, tempfile.TemporaryDirectory(prefix="verkstad-haproxy-")
    try:
        for port, process in zip(ports, processes):
            wait_until_healthy(f"http://127.0.0.1:{port}", process)
        balancer = Balancer(args.port, [f"127.0.0.1:{port}" for port in ports], Path(folder.name), args.host).start()
        print(f"HAProxy on {balancer.url} in front of {len(ports)} processes on ports {ports[0]}–{ports[-1]}. "
              "Ctrl-C stops them all.", flush=True)
        print(startup_message({"PUBLIC_URL": env.get("VERKSTAD_PUBLIC_URL"), "LISTEN_HOST": args.host,
                               "LISTEN_PORT": args.port, "LAN_ADDRESS": env.get("VERKSTAD_LAN_ADDRESS")}), flush=True)
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        while all(p.poll() is None for p in processes + [balancer.process]):
            time.sleep(1)
        print("a process of the cluster exited; stopping the others", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        if balancer:
            balancer.stop()
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(10)
        folder.cleanup()


if __name__ == "__main__":
    sys.exit(main())
