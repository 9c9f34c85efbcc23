"""The whole room behind one address, as on a venue's wifi: 60 phones, all from 127.0.0.1, join through HAProxy in
front of two processes with the real join flow, and open their sockets on long-polling first as browsers do. Every
phone is served: none refused by the join limit (kept per address), none left hanging; the balancer spreads them
over both processes and keeps each on its own by its cookie, which polling needs (every poll must reach the
process that holds the socket)."""
import asyncio
from collections import Counter

import pytest

from tests.support.cluster import server_of
from tests.support.phones import (answer_step_of, choice_counts, close_all, join_many, open_phones, open_screen,
                                  options_of, run_async)

pytestmark = pytest.mark.server

PHONES = 60
BROWSER_TRANSPORTS = ("polling", "websocket")  # socket.io-client's default, which live.js keeps


def test_a_room_behind_one_address_is_served_and_spread_over_both_processes(cluster, coach, poll):
    site = cluster.balancer.url
    joined = join_many(site, poll["code"], coach.company_ids, PHONES)  # each join checked: 302 to the stage
    pinned = Counter(server_of(phone.cookie) for phone in joined)
    assert set(pinned) == {"p1", "p2"} and min(pinned.values()) >= PHONES // 4, pinned

    async def scenario():
        projector = await open_screen(site, coach.cookie, {"role": "projector", "session": poll["id"]})
        phones = []
        try:
            phones = await open_phones(site, joined, poll["code"], transports=BROWSER_TRANSPORTS)
            step = answer_step_of(phones[0].html("stage"))
            options = options_of(phones[0].html("stage"))
            acks = await asyncio.gather(*(phone.call("answer", {"step": step, "form": {"option": [str(options[0])]}})
                                          for phone in phones))
            assert all(isinstance(ack, dict) and ack.get("ok") is True for ack in acks), acks
            await projector.wait_for(lambda s: choice_counts(s.html("results"))[:1] == [PHONES], timeout=5)
            # Upgraded from polling to a WebSocket: the upgrade reached the process holding each phone's socket.
            return Counter(phone.client.transport() for phone in phones)
        finally:
            await close_all(phones + [projector])

    transports = run_async(scenario(), 60)
    assert transports == {"websocket": PHONES}
    assert "Traceback" not in cluster.logs()
