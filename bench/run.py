"""`make bench` (PHONES=500,1000,2000 by default): Verkstad and a bare Flask-SocketIO baseline, in one command on
one machine, driven by the same load (bench/load.py); prints a table per size with Verkstad, the baseline and
their ratio, and writes bench/results/latest.json. Only ratios taken in one run mean anything: this machine is
shared and its figures drift by ±30 % from run to run.

CLUSTER=N (N > 1) runs Verkstad as N processes behind HAProxy on PostgreSQL and Redis (VERKSTAD_TEST_DATABASE_URL,
VERKSTAD_TEST_REDIS_URL, the local servers by default); RSS is then their sum. The baseline stays one process."""
import asyncio
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from sqlalchemy import create_engine, text

from bench import load
from deploy.cluster import DEFAULT_REDIS_URL, wait_until_healthy
from tests.support.cluster import running_cluster
from tests.support.phones import Facilitator, join_many
from tests.support.server import ROOT, ServerProcess, free_port, prepare_database

TARGETS = {"throughput": 0.5, "ack_p95": 2.0, "tally_complete": 2.0, "fanout_p95": 1.5, "rss": 2.0}
CLUSTER = int(os.environ.get("CLUSTER") or 1)
RESULTS = ROOT / "bench" / "results" / ("latest.json" if CLUSTER == 1 else f"latest-cluster{CLUSTER}.json")
POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def rss_mb(pid: int) -> float:
    """Resident memory of a process, from /proc (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run_async(coroutine):
    return asyncio.run(asyncio.wait_for(coroutine, 900))


def baseline(phones: int) -> dict:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "bench.baseline_server", str(port)], cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, process)
        figures = run_async(load.baseline_round(url, phones))
        return figures.summary(phones, rss_mb(process.pid))
    finally:
        process.terminate()
        process.wait(10)


def verkstad(phones: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="verkstad-bench-") as folder:
        instance = Path(folder)
        if CLUSTER > 1:
            database = os.environ.get("VERKSTAD_TEST_DATABASE_URL") or POSTGRES
            redis_url = os.environ.get("VERKSTAD_TEST_REDIS_URL") or DEFAULT_REDIS_URL
            with running_cluster(database, redis_url, instance, CLUSTER) as cluster:
                return measure(phones, cluster.balancer.url, cluster.database_url, cluster.processes)
        url = f"sqlite:///{instance}/verkstad.db"
        prepare_database(url, instance)
        server = ServerProcess(url, instance).start()
        try:
            return measure(phones, server.url, url, [server])
        finally:
            server.stop()


def measure(phones: int, site: str, database_url: str, servers: list[ServerProcess]) -> dict:
    """One vote round against the site at `site`, served by `servers` on `database_url`."""
    coach = Facilitator(site)
    companies = [coach.create_company(name) for name in ("Acme AB", "Böna & Co")]
    session_id, code = coach.live_poll(companies)
    joined = join_many(site, code, companies, phones, workers=32)  # the real join flow, untimed
    figures = run_async(load.verkstad_round(site, phones, coach, session_id, code, joined))
    engine = create_engine(database_url)
    with engine.connect() as connection:
        figures.stored = connection.execute(text(
            "select count(*) from response r join session_step s on s.id = r.step_id "
            "where s.position = 1")).scalar()
    engine.dispose()
    memory = sum(rss_mb(server.process.pid) for server in servers)
    figures.errors += sum(server.log().count("Traceback") for server in servers)
    coach.close()
    return figures.summary(phones, memory)


def ratios(ours: dict, theirs: dict) -> dict:
    def divide(a, b):
        return round(a / b, 2) if b else float("nan")
    return {"throughput": divide(ours["votes_per_s"], theirs["votes_per_s"]),
            "ack_p95": divide(ours["ack_p95_ms"], theirs["ack_p95_ms"]),
            "tally_complete": divide(ours["tally_complete_ms"], theirs["tally_complete_ms"]),
            "fanout_p95": divide(ours["fanout_p95_ms"], theirs["fanout_p95_ms"]),
            "rss": divide(ours["rss_mb"], theirs["rss_mb"])}


ROWS = [("connect p95 (ms)", "connect_p95_ms"), ("vote ack p50 (ms)", "ack_p50_ms"),
        ("vote ack p95 (ms)", "ack_p95_ms"), ("votes per second", "votes_per_s"),
        ("tally complete after (ms)", "tally_complete_ms"), ("step fan-out p50 (ms)", "fanout_p50_ms"),
        ("step fan-out p95 (ms)", "fanout_p95_ms"), ("server RSS (MB)", "rss_mb"), ("errors", "errors"),
        ("votes acked / stored", None)]
RATIO_OF = {"votes_per_s": "throughput", "ack_p95_ms": "ack_p95", "tally_complete_ms": "tally_complete",
            "fanout_p95_ms": "fanout_p95", "rss_mb": "rss"}


def table(run: dict) -> str:
    ours, theirs, ratio = run["verkstad"], run["baseline"], run["ratio"]
    processes = f", Verkstad on {CLUSTER} processes" if CLUSTER > 1 else ""
    lines = [f"\n{run['phones']} phones{processes}",
             f"{'':28}{'Verkstad':>10}{'baseline':>10}{'ratio':>8}{'target':>9}"]
    for label, key in ROWS:
        if key is None:
            lines.append(f"{label:28}{ours['acked']:>5}/{ours['stored']:<4}{theirs['acked']:>5}/{theirs['stored']:<4}")
            continue
        name = RATIO_OF.get(key)
        target = TARGETS.get(name)
        mark = ""
        if name:
            met = ratio[name] >= target if name == "throughput" else ratio[name] <= target
            mark = f"{'≥' if name == 'throughput' else '≤'}{target} {'ok' if met else 'MISSED'}"
        lines.append(f"{label:28}{ours[key]:>10}{theirs[key]:>10}{(ratio[name] if name else ''):>8}{mark:>15}")
    return "\n".join(lines)


def main() -> int:
    sizes = [int(n) for n in os.environ.get("PHONES", "500,1000,2000").split(",") if n.strip()]
    runs = []
    for phones in sizes:
        theirs = baseline(phones)
        ours = verkstad(phones)
        run = {"phones": phones, "verkstad": ours, "baseline": theirs, "ratio": ratios(ours, theirs)}
        runs.append(run)
        print(table(run), flush=True)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"runs": runs}, indent=2) + "\n")
    print(f"\nwrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
