"""Two Verkstad processes sharing PostgreSQL and Redis, with HAProxy in front (deploy/cluster.py): one site.

They run when VERKSTAD_TEST_REDIS_URL and VERKSTAD_TEST_DATABASE_URL are both set (.ci/run sets them); otherwise
they are deselected and the run's summary says so in plain words. The run takes a schema of its own in the test
database and a key prefix of its own in Redis (tests.support.cluster).
"""
import os
from pathlib import Path

import pytest

from tests.support.cluster import running_cluster
from tests.support.phones import Facilitator

REDIS_URL = os.environ.get("VERKSTAD_TEST_REDIS_URL", "")
DATABASE_URL = os.environ.get("VERKSTAD_TEST_DATABASE_URL", "")
NOT_RUN = "two-process tests not run: VERKSTAD_TEST_REDIS_URL and VERKSTAD_TEST_DATABASE_URL are not both set"
COMPANIES = ("Acme AB", "Böna & Co")
_HERE = Path(__file__).parent
_not_run = pytest.StashKey[bool]()


def pytest_collection_modifyitems(config, items):
    if REDIS_URL and DATABASE_URL:
        return
    ours = [item for item in items if _HERE in item.path.parents]
    if ours:
        config.hook.pytest_deselected(items=ours)
        items[:] = [item for item in items if item not in ours]
        config.stash[_not_run] = True


def pytest_terminal_summary(terminalreporter, config):
    if config.stash.get(_not_run, False):
        terminalreporter.write_line(NOT_RUN, yellow=True, bold=True)


@pytest.fixture(scope="session")
def cluster(tmp_path_factory):
    with running_cluster(DATABASE_URL, REDIS_URL, tmp_path_factory.mktemp("cluster")) as running:
        yield running


@pytest.fixture(scope="session")
def coach(cluster):
    """The facilitator with two companies, logged in through process A; the login is good on either process."""
    facilitator = Facilitator(cluster.processes[0].url)
    facilitator.company_ids = [facilitator.create_company(name) for name in COMPANIES]
    yield facilitator
    facilitator.close()


@pytest.fixture
def poll(coach):
    session_id, code = coach.live_poll(coach.company_ids)
    return {"id": session_id, "code": code}
