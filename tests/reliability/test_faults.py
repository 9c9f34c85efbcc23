"""Faults a venue brings, against a real server process with real Socket.IO clients: the server killed and
started again, and another process holding SQLite's write lock. Every acknowledged answer stays stored, once."""
import asyncio
import subprocess
import sys
import time

from tests.support.phones import (answer_step_of, close_all, join_many, open_phones, open_screen, options_of,
                                  run_async)
from tests.support.figures import record
from tests.support.server import ServerProcess

PHONES = 40
RESYNC_SECONDS = 5


def hold_write_lock(database, seconds: float) -> subprocess.Popen:
    """Another process (a backup tool, a curious admin) holding SQLite's write lock; returns once it holds it."""
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sqlite3, sys, time\n"
        f"c = sqlite3.connect({str(database)!r}, isolation_level=None)\n"
        "c.execute('BEGIN EXCLUSIVE')\n"
        "print('locked', flush=True)\n"
        f"time.sleep({seconds})\n"
        "c.execute('COMMIT')\n")], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    return holder


def test_killed_server_comes_back_and_every_screen_resyncs_with_no_acknowledged_answer_lost(room):
    room.coach.act(room.session_id, "next")  # the warm-up poll
    joined = join_many(room.url, room.code, room.companies, PHONES)
    port = room.server.port

    async def scenario():
        projector = await open_screen(room.url, room.coach.cookie, {"role": "projector", "session": room.session_id},
                                      reconnect=True)
        phones = await open_phones(room.url, joined, room.code, reconnect=True)
        try:
            step = answer_step_of(phones[0].html("stage"))
            options = options_of(phones[0].html("stage"))
            replies = await asyncio.gather(*(
                phone.call("answer", {"step": step, "form": {"option": [str(options[i % len(options)])]}})
                for i, phone in enumerate(phones)))
            acked = sum(1 for reply in replies if reply.get("ok"))
            room.server.stop(kill=True)  # kill -9, straight after the last acknowledgement
            seen = {id(screen): screen.received for screen in [projector, *phones]}
            room.server = ServerProcess(room.server.database_url, room.server.instance, port=port).start()
            back = time.monotonic()
            # Each screen gets a fresh snapshot of its own when its socket is back.
            await asyncio.gather(*(screen.wait_for(lambda s: s.received > seen[id(s)], RESYNC_SECONDS + 1)
                                   for screen in [projector, *phones]))
            slowest = time.monotonic() - back
            after = [phone.html("stage") for phone in phones]
            return acked, slowest, after, step
        finally:
            await close_all([projector, *phones])

    acked, slowest, stages, step = run_async(scenario(), 60)
    stored = room.count(f"select count(*) from response where step_id = {step}")
    record("kill -9 and restart", f"{PHONES} phones + projector back in {slowest:.1f} s (limit {RESYNC_SECONDS} s); "
           f"answers acknowledged {acked}, stored {stored}")
    assert acked == PHONES
    assert slowest <= RESYNC_SECONDS, f"the last screen resynced after {slowest:.1f} s"
    assert stored == acked
    assert all("checked" in stage for stage in stages), "each phone's own answer is ticked again"


def test_answers_wait_for_a_two_second_lock_and_get_a_retry_after_an_eight_second_one(room):
    room.coach.act(room.session_id, "next")
    joined = join_many(room.url, room.code, room.companies, 2)

    async def scenario():
        phones = await open_phones(room.url, joined, room.code)
        try:
            step = answer_step_of(phones[0].html("stage"))
            option = str(options_of(phones[0].html("stage"))[0])
            answer = {"step": step, "form": {"option": [option]}}

            holder = hold_write_lock(room.database, 2)
            started = time.monotonic()
            short = await phones[0].call("answer", answer)
            waited = time.monotonic() - started
            holder.wait(10)

            holder = hold_write_lock(room.database, 8)
            long = await phones[1].call("answer", answer)
            during = room.count(f"select count(*) from response where step_id = {step}")
            holder.wait(15)
            again = await phones[1].call("answer", answer)  # what live.js does by itself on "retry"
            return short, waited, long, during, again, step
        finally:
            await close_all(phones)

    short, waited, long, during, again, step = run_async(scenario(), 60)
    record("SQLite write lock held 2 s / 8 s", f"answer waited {waited:.1f} s and was stored / refused with "
           f"'retry', nothing written, stored once on the retry")
    assert short["ok"] and 1.0 < waited < 5, "the answer waited for the lock, then went through"
    assert long == {"ok": False, "retry": True, "message": "The server is busy for a moment. Sending again…"}
    assert during == 1, "nothing of the refused answer was written"
    assert again["ok"]
    assert room.count(f"select count(*) from response where step_id = {step}") == 2
    assert "Traceback" not in room.server.log()
