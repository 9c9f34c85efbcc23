"""One vote round driven by N real Socket.IO phones, against Verkstad or the bare baseline, the same shape for
both: connect every phone, all vote at once (acknowledged), wait for the projector's tally to show every vote,
then broadcast a step and time its arrival on every phone."""
import asyncio
import time
from dataclasses import dataclass, field

import socketio

from tests.support.phones import (Facilitator, answer_step_of, choice_counts, open_phone, open_screen,
                                  options_of)

CONNECT_AT_ONCE = 50
TIMEOUT = 120


def pct(values: list[float], p: float) -> float:
    """The p-th percentile in milliseconds (nearest rank)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000


@dataclass
class Figures:
    connect: list[float] = field(default_factory=list)
    acks: list[float] = field(default_factory=list)
    fanout: list[float] = field(default_factory=list)
    vote_wall: float = 0.0
    tally_complete: float = float("nan")
    errors: int = 0
    acked: int = 0
    stored: int = 0

    def summary(self, phones: int, rss_mb: float) -> dict:
        return {
            "phones": phones, "connect_p95_ms": round(pct(self.connect, 95)),
            "ack_p50_ms": round(pct(self.acks, 50)), "ack_p95_ms": round(pct(self.acks, 95)),
            "votes_per_s": round(phones / self.vote_wall) if self.vote_wall else 0,
            "tally_complete_ms": round(self.tally_complete * 1000),
            "fanout_p50_ms": round(pct(self.fanout, 50)), "fanout_p95_ms": round(pct(self.fanout, 95)),
            "rss_mb": round(rss_mb), "errors": self.errors, "acked": self.acked, "stored": self.stored,
            "fanout_received": len(self.fanout),
        }


async def gather_in_waves(factories, at_once: int = CONNECT_AT_ONCE):
    results = []
    for start in range(0, len(factories), at_once):
        results += await asyncio.gather(*(f() for f in factories[start:start + at_once]), return_exceptions=True)
    return results


async def vote_at_once(figures: Figures, calls) -> None:
    """Every phone votes at the same moment; each acknowledgement is timed, refusals and timeouts are errors."""
    async def one(call):
        started = time.time()
        try:
            reply = await call()
        except Exception:
            figures.errors += 1
            return
        if reply.get("ok"):
            figures.acked += 1
            figures.acks.append(time.time() - started)
        else:
            figures.errors += 1

    began = time.time()
    await asyncio.gather(*(one(call) for call in calls))
    figures.vote_wall = time.time() - began


# --- the baseline -------------------------------------------------------------------------------------------------
async def baseline_round(url: str, phones: int) -> Figures:
    figures = Figures()
    tally = {"votes": 0}
    stepped = asyncio.Event()
    projector = socketio.AsyncClient(reconnection=False)
    projector.on("tally", lambda data: tally.update(data))
    await projector.connect(url, transports=["websocket"])
    await projector.call("join", {"room": "projector"})
    clients: list[socketio.AsyncClient] = []

    def factory(i):
        async def make():
            client = socketio.AsyncClient(reconnection=False)

            async def on_step(data):
                figures.fanout.append(time.time() - data["t"])
                if len(figures.fanout) == phones:
                    stepped.set()
            client.on("step", on_step)
            started = time.time()
            await client.connect(url, transports=["websocket"], wait_timeout=TIMEOUT)
            await client.call("join", {"room": "phones"}, timeout=TIMEOUT)
            figures.connect.append(time.time() - started)
            clients.append(client)
        return make

    outcomes = await gather_in_waves([factory(i) for i in range(phones)])
    figures.errors += sum(1 for o in outcomes if isinstance(o, BaseException))

    began = time.time()
    await vote_at_once(figures, [lambda i=i, c=c: c.call("vote", {"pid": str(i), "option": i % 3}, timeout=TIMEOUT)
                                 for i, c in enumerate(clients)])
    while time.time() - began < TIMEOUT and tally.get("votes") != figures.acked:
        await asyncio.sleep(0.02)
    figures.tally_complete = time.time() - began
    figures.stored = (await projector.call("count"))["stored"]
    await projector.call("step", {"t": time.time(), "pad": "x" * 200})
    try:
        await asyncio.wait_for(stepped.wait(), TIMEOUT)
    except asyncio.TimeoutError:
        figures.errors += phones - len(figures.fanout)
    await asyncio.gather(*(c.disconnect() for c in clients), return_exceptions=True)
    await projector.disconnect()
    return figures


# --- Verkstad -----------------------------------------------------------------------------------------------------
async def verkstad_round(url: str, phones: int, coach: Facilitator, session_id: int, code: str,
                         joined: list) -> Figures:
    figures = Figures()
    projector = await open_screen(url, coach.cookie, {"role": "projector", "session": session_id}, TIMEOUT)
    screens = []

    def factory(phone):
        async def make():
            started = time.time()
            screen = await open_phone(url, phone, code, TIMEOUT)
            figures.connect.append(time.time() - started)
            screens.append(screen)
        return make

    outcomes = await gather_in_waves([factory(phone) for phone in joined])
    figures.errors += sum(1 for o in outcomes if isinstance(o, BaseException))
    stage = screens[0].html("stage")
    step, options = answer_step_of(stage), options_of(stage)

    began = time.time()
    await vote_at_once(figures, [
        lambda i=i, s=s: s.call("answer", {"step": step, "form": {"option": [str(options[i % 3])]}}, timeout=TIMEOUT)
        for i, s in enumerate(screens)])
    try:
        await projector.wait_for(lambda s: sum(choice_counts(s.html("results"))) == figures.acked,
                                 TIMEOUT - (time.time() - began))
    except asyncio.TimeoutError:
        figures.errors += 1
    figures.tally_complete = time.time() - began

    # The step broadcast, as the facilitator's projector keys send it (the control event on the projector's
    # socket); each phone's arrival is stamped on receipt, and that is all its handler does, as in the baseline.
    arrived: dict[int, float] = {}
    everyone = asyncio.Event()

    def stamp(screen):
        seen = screen.latest["stage"].get("v", 0)

        async def on_swap(message):
            if message.get("channel") == "stage" and message.get("v", 0) > seen and id(screen) not in arrived:
                arrived[id(screen)] = time.time()
                if len(arrived) == len(screens):
                    everyone.set()
        screen.client.on("swap", on_swap)

    for screen in screens:
        stamp(screen)
    sent = time.time()
    reply = await projector.call("control", {"action": "next"}, timeout=TIMEOUT)
    try:
        await asyncio.wait_for(everyone.wait(), TIMEOUT)
    except asyncio.TimeoutError:
        pass
    figures.errors += (0 if reply.get("ok") else 1) + len(screens) - len(arrived)
    figures.fanout = [t - sent for t in arrived.values()]
    await asyncio.gather(*(s.close() for s in screens), return_exceptions=True)
    await projector.close()
    return figures
