"""Two processes, one room: the projector is on process A, the phones are split over A and B. Every vote reaches
the projector and is stored once, a step change sent to either process reaches every phone, and one process
alone renders a session's results (the ticker's lease in Redis)."""
import asyncio
import time
from collections import Counter

import pytest

from tests.support.phones import (Facilitator, answer_step_of, choice_counts, close_all, join_many, open_phones,
                                  open_screen, options_of, run_async)

pytestmark = pytest.mark.server

PHONES_PER_PROCESS = 20
RESULTS_TICK_SECONDS = 0.15  # the default the processes run with (workshop.config)


async def _room(cluster, coach, poll):
    """The projector on A, half the phones on A and half on B, every one joined over its own process."""
    a, b = cluster.processes
    joined = {process: join_many(process.url, poll["code"], coach.company_ids, PHONES_PER_PROCESS)
              for process in (a, b)}
    projector = await open_screen(a.url, coach.cookie, {"role": "projector", "session": poll["id"]})
    phones = {process: await open_phones(process.url, joined[process], poll["code"]) for process in (a, b)}
    return projector, phones[a] + phones[b]


def test_the_projector_on_one_process_sees_every_vote_and_a_step_change_reaches_phones_on_both(cluster, coach, poll):
    async def scenario():
        projector, phones = await _room(cluster, coach, poll)
        try:
            step = answer_step_of(phones[0].html("stage"))
            options = options_of(phones[0].html("stage"))
            choices = [i % len(options) for i in range(len(phones))]
            acks = await asyncio.gather(*(phone.call("answer", {"step": step, "form": {"option": [str(options[c])]}})
                                          for phone, c in zip(phones, choices)))
            assert all(isinstance(ack, dict) and ack.get("ok") is True for ack in acks), acks
            expected = [Counter(choices)[index] for index in range(len(options))]
            await projector.wait_for(lambda s: choice_counts(s.html("results")) == expected, timeout=5)

            # The facilitator moves on through process B; phones on A hear it through Redis.
            versions = [phone.latest["stage"]["v"] for phone in phones + [projector]]
            facilitator_on_b = Facilitator(cluster.processes[1].url)
            facilitator_on_b.act(poll["id"], "next")
            facilitator_on_b.close()
            await asyncio.gather(*(phone.wait_for(lambda s, v=v: s.latest["stage"]["v"] > v, timeout=5)
                                   for phone, v in zip(phones + [projector], versions)))
            assert all(f'data-answer-step="{step}"' not in phone.html("stage") for phone in phones)
            return step, options, expected
        finally:
            await close_all(phones + [projector])

    step, options, expected = run_async(scenario(), 60)
    rows = cluster.query("select participant_id, item_id from response where step_id = :step", step=step)
    assert len(rows) == 2 * PHONES_PER_PROCESS and len({participant for participant, _ in rows}) == len(rows), \
        "each vote stored exactly once"
    stored = Counter(item for _, item in rows)
    assert [stored[option] for option in options] == expected
    assert "Traceback" not in cluster.logs()


def test_one_process_alone_renders_a_sessions_results(cluster, coach, poll):
    """Phones on both processes keep changing their answers for a few seconds, so every tick of every process
    would find the session dirty. Were both to render it, the projector would get about two results a tick;
    with one lease holder it gets at most one, and the lease in Redis names that one process."""
    window = 4.0

    async def scenario():
        projector, phones = await _room(cluster, coach, poll)
        arrivals: list[tuple[float, int]] = []

        async def on_swap(message):
            if message.get("channel") == "results":
                arrivals.append((time.monotonic(), message["v"]))
            await projector._on_swap(message)

        projector.client.on("swap", on_swap)
        try:
            step = answer_step_of(phones[0].html("stage"))
            options = options_of(phones[0].html("stage"))
            started = time.monotonic()

            async def keep_answering(index, phone):
                # Once a second (well inside the rate limit), each phone at its own moment: votes every few ms.
                for second in range(int(window)):
                    await asyncio.sleep(max(0.0, started + second + index / len(phones) - time.monotonic()))
                    option = options[(index + second) % 3]
                    ack = await phone.call("answer", {"step": step, "form": {"option": [str(option)]}})
                    assert ack.get("ok") is True, ack

            await asyncio.gather(*(keep_answering(i, phone) for i, phone in enumerate(phones)))
            ended = time.monotonic()
            holder = cluster.redis.get(f"{cluster.prefix}:tick:{poll['id']}")
            return [(at, v) for at, v in arrivals if started <= at <= ended], ended - started, holder
        finally:
            await close_all(phones + [projector])

    arrivals, elapsed, holder = run_async(scenario(), 60)
    most = elapsed / RESULTS_TICK_SECONDS
    assert len(arrivals) >= 4, "the results kept coming while phones voted"
    assert len(arrivals) <= most * 1.2 + 2, f"{len(arrivals)} results in {elapsed:.1f} s: more than one ticker"
    versions = [v for _, v in arrivals]
    assert versions == sorted(versions), "one ticker's snapshots arrive in order"
    pids = {f":{process.process.pid}" for process in cluster.processes}
    assert holder is not None and any(holder.decode().endswith(pid) for pid in pids), holder
