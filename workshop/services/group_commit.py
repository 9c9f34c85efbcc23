"""Group commit: what arrives while one transaction is written goes into the next one, together.

A room votes at once. Written one transaction each, 1,000 votes queued behind one another for about 4 s on this
machine (3–4 ms each, most of it the transaction's own fixed cost: begin, lookups, commit). Written as a batch,
that cost is paid once per batch. Each caller still waits for the commit that stores its work: acknowledged means
stored.

`run(job)` queues the job and waits for its outcome when the writer was started (the gevent server); otherwise
(CLI, in-process tests, threading mode) it writes the job at once in the caller's context, as a batch of one.
"""
import queue
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field

from flask import Flask

from .errors import Busy, DomainError

#: The most jobs in one transaction: big enough to carry a room's burst, small enough to acknowledge the first
#: phones while the last ones are still arriving.
MAX_BATCH = 400
#: How long a caller waits for its batch before it is told to send again: longer than a write waits for the
#: database lock (database.WRITE_WAIT_SECONDS), shorter than a phone waits for an acknowledgement before its
#: Socket.IO client re-sends by itself (live.js ackTimeout, 8 s).
WAIT_SECONDS = 6.0


@dataclass
class Job:
    payload: object
    outcome: Future = field(default_factory=Future)


#: Writes a batch in one transaction; returns, per job in order, its result or the DomainError that refused it.
WriteBatch = Callable[[Sequence[object]], list[object]]


class GroupCommit:
    def __init__(self, app: Flask, write_batch: WriteBatch):
        self.app = app
        self._write_batch = write_batch
        self._queue: queue.Queue[Job] = queue.Queue()
        self._started = False

    def start(self, spawn: Callable[[Callable[[], None]], object]) -> None:
        """Start the writer with the server's own way of running a background task (a greenlet under gevent)."""
        if not self._started:
            self._started = True
            spawn(self._run)

    def run(self, payload: object):
        """The job's result once it is committed; its DomainError if a rule refused it; Busy if it waited too long."""
        if not self._started:
            return _settled(self._write_batch([payload])[0])
        job = Job(payload)
        self._queue.put(job)
        try:
            return job.outcome.result(timeout=WAIT_SECONDS)
        except TimeoutError:
            if job.outcome.cancel():
                raise Busy() from None  # still queued: it will not be written, and the phone sends it again
        try:  # its batch is being written now: the outcome is moments away
            return job.outcome.result(timeout=WAIT_SECONDS)
        except TimeoutError:
            raise Busy() from None

    def _run(self) -> None:
        while True:
            batch = [job for job in self._next_batch() if job.outcome.set_running_or_notify_cancel()]
            if not batch:
                continue
            try:
                with self.app.app_context():
                    outcomes = self._write([job.payload for job in batch])
            except Exception as error:  # the writer must outlive anything a batch does
                self.app.logger.exception("writing a batch failed")
                outcomes = [error] * len(batch)
            for job, outcome in zip(batch, outcomes):
                if isinstance(outcome, BaseException):
                    job.outcome.set_exception(outcome)
                else:
                    job.outcome.set_result(outcome)
            # Let the callers send their acknowledgements before the next batch is written.
            _yield()

    def _next_batch(self) -> list[Job]:
        batch = [self._queue.get()]
        while len(batch) < MAX_BATCH:
            try:
                batch.append(self._queue.get_nowait())
            except queue.Empty:
                break
        return batch

    def _write(self, payloads: list) -> list[object]:
        try:
            outcomes = self._write_batch(payloads)
            if len(outcomes) != len(payloads):
                raise RuntimeError(f"{len(outcomes)} outcomes for {len(payloads)} jobs")
            return outcomes
        except DomainError as refusal:  # the whole transaction was refused (the database stayed locked)
            return [refusal] * len(payloads)
        except Exception as error:
            if len(payloads) == 1:
                self.app.logger.exception("writing a job failed")
                return [error]
            # A job hit a bug: write each half on its own, down to that one job, so only it fails.
            middle = len(payloads) // 2
            return self._write(payloads[:middle]) + self._write(payloads[middle:])


def _settled(outcome):
    if isinstance(outcome, BaseException):
        raise outcome
    return outcome


def _yield() -> None:
    # gevent.sleep(0) in the patched server: the writer steps back behind every greenlet that is ready to run.
    time.sleep(0)
