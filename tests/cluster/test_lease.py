"""The results ticker's lease in Redis, with two processes' coordinations side by side: the holder takes a
session's marks, the other takes none until the lease lapses, and no mark is lost when the holder goes."""
import os
import secrets
import time

import pytest

from workshop.live.coordination import RedisCoordination


@pytest.fixture
def two_processes():
    prefix = f"verkstad-test-{secrets.token_hex(4)}"
    url = os.environ["VERKSTAD_TEST_REDIS_URL"]
    a, b = (RedisCoordination(url, prefix, lease_seconds=0.3) for _ in range(2))
    a.holder, b.holder = "host:1", "host:2"  # one test process plays both
    yield a, b
    for key in a.redis.scan_iter(f"{prefix}:*"):
        a.redis.delete(key)
    a.redis.close()
    b.redis.close()


def test_the_lease_holder_alone_takes_a_sessions_marks_until_its_lease_lapses(two_processes):
    a, b = two_processes
    a.mark("results", 7)
    b.mark("boards", 8)
    assert a.take() == {"results": {7}, "boards": {8}}
    b.mark("results", 7)  # a vote on the other process
    assert b.take() == {"results": set(), "boards": set()}, "A holds session 7"
    assert a.take() == {"results": {7}, "boards": set()}, "and renews its lease as it takes"

    a.mark("results", 7)
    # A dies before its next tick: its lease lapses and B takes the mark A left.
    time.sleep(0.4)
    assert b.take() == {"results": {7}, "boards": set()}
    a.mark("results", 7)
    assert a.take() == {"results": set(), "boards": set()}, "now B holds it"


def test_a_periodic_job_runs_on_one_process_per_period(two_processes):
    a, b = two_processes
    assert a.claim("timers", 0.3) is True
    assert b.claim("timers", 0.3) is False
    assert a.claim("timers", 0.3) is False, "once per period, whoever asks"
