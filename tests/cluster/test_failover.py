"""A process of the cluster dies (kill -9) mid-workshop: the one rendering the session's results, chosen by its lease.
Its phones reconnect by themselves, HAProxy sends them to the survivor, the lease passes to the survivor, and the
next round of votes reaches the projector in full."""
import asyncio
import os
import signal

import pytest

from tests.cluster.conftest import COMPANIES, DATABASE_URL, REDIS_URL
from tests.support.cluster import running_cluster, server_of
from tests.support.phones import (Facilitator, answer_step_of, choice_counts, close_all, join_many, open_phones,
                                  open_screen, options_of, run_async)

pytestmark = pytest.mark.server

PHONES = 20


@pytest.fixture
def own_cluster(tmp_path):
    """A cluster of this test's own: it loses a process."""
    with running_cluster(DATABASE_URL, REDIS_URL, tmp_path) as cluster:
        yield cluster


async def _all(items, predicate, timeout: float) -> None:
    async def until():
        while not all(predicate(item) for item in items):
            await asyncio.sleep(0.1)
    await asyncio.wait_for(until(), timeout)


def test_when_the_process_rendering_results_dies_its_phones_and_the_ticker_move_to_the_other(own_cluster):
    site = own_cluster.balancer.url
    coach = Facilitator(site)
    companies = [coach.create_company(name) for name in COMPANIES]
    session_id, code = coach.live_poll(companies)
    joined = join_many(site, code, companies, PHONES)

    async def scenario():
        projector = await open_screen(site, coach.cookie, {"role": "projector", "session": session_id},
                                      reconnect=True)
        phones = []
        try:
            phones = await open_phones(site, joined, code, reconnect=True, transports=("polling", "websocket"))
            step = answer_step_of(phones[0].html("stage"))
            options = options_of(phones[0].html("stage"))

            async def everyone_votes(option):
                acks = await asyncio.gather(*(phone.call("answer", {"step": step, "form": {"option": [str(option)]}})
                                              for phone in phones))
                assert all(ack.get("ok") is True for ack in acks), acks
                await projector.wait_for(
                    lambda s: choice_counts(s.html("results"))[options.index(option)] == PHONES, timeout=10)

            await everyone_votes(options[0])
            holder = own_cluster.redis.get(f"{own_cluster.prefix}:tick:{session_id}").decode()
            [dead] = [p for p in own_cluster.processes if holder.endswith(f":{p.process.pid}")]
            dead_server = f"p{own_cluster.processes.index(dead) + 1}"
            screens = phones + [projector]
            on_dead = [server_of(cookie) == dead_server for cookie in [p.cookie for p in joined] + [coach.cookie]]
            sockets = [screen.client.sid for screen in screens]
            os.kill(dead.process.pid, signal.SIGKILL)
            dead.process.wait(5)

            # Those it served come back with new sockets on the survivor; the others never left theirs.
            await _all(list(zip(screens, sockets, on_dead)),
                       lambda s: s[0].client.connected and (s[0].client.sid != s[1]) == s[2], timeout=20)
            await everyone_votes(options[1])
            return sum(on_dead)
        finally:
            await close_all(phones + [projector])

    moved = run_async(scenario(), 90)
    coach.close()
    assert moved >= PHONES // 4, "the dead process served a share of the room"
    survivor_pid = next(p.process.pid for p in own_cluster.processes if p.process and p.process.poll() is None)
    holder = own_cluster.redis.get(f"{own_cluster.prefix}:tick:{session_id}")
    assert holder is None or holder.decode().endswith(f":{survivor_pid}")
    rows = own_cluster.query("select count(*), count(distinct participant_id) from response where step_id = "
                             "(select id from session_step where session_id = :s and position = 1)", s=session_id)
    assert rows == [(PHONES, PHONES)]
