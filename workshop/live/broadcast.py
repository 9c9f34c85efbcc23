"""Pushing what screens show: one render per room, sent after the transaction committed.

Step changes go out at once. Results never go out per answer: answers mark the session dirty and
a ticker renders the projector's results at most every RESULTS_TICK_SECONDS. Every message is a
complete, versioned snapshot of its region, so a lost or late one is repaired by the next. Which process takes
which marks, when several serve one site, is workshop.live.coordination's business.
"""
import time
from contextlib import contextmanager

from flask import Flask
from sqlalchemy import select

from .. import screens
from ..services import data_care, sessions
from ..config import SUPPORTED_LANGUAGES
from ..extensions import db, socketio
from ..models import Participant, Response, WorkshopSession
from . import coordination, rooms

EVENT = "swap"
#: Old free text is removed at start-up and then hourly (each facilitator sets how old is old).
RETENTION_EVERY_SECONDS = 3600


def _emit(html: str, channel: str, version: int, to: str, *, merge: bool = False, skip: list[str] | None = None) -> None:
    message = {"channel": channel, "v": version, "html": html}
    if merge:
        # Same step, newer content from other phones: the phone keeps what its person is typing or ticked.
        message["merge"] = True
    socketio.emit(EVENT, message, to=to, skip_sid=skip or None)


def _sockets_in(rooms_: list[str]) -> list[str]:
    """The sockets this process holds in these rooms. (With several processes each knows only its own: a phone on
    another one gets the room's render and its own right after it.)"""
    return [sid for sid, _ in socketio.server.manager.get_participants("/", rooms_)] if rooms_ else []


def stage_version(session: WorkshopSession) -> int:
    return session.version


def results_version() -> int:
    # Wall-clock milliseconds: one ticker per session renders results, so later is newer (across machines too,
    # with their clocks kept by NTP).
    return time.time_ns() // 1_000_000


class Broadcaster:
    def __init__(self, app: Flask):
        self.app = app
        self.marks = coordination.for_app(app)
        self._ticker_started = False
        self._ticks = 0
        self._ticks_per_second = max(1, round(1 / float(app.config["RESULTS_TICK_SECONDS"])))

    @contextmanager
    def _render_context(self):
        # A fresh app and request context: its own database session, and nothing of the person who
        # triggered the change (login, CSRF token, language) leaks into HTML that a whole room receives.
        with self.app.app_context(), self.app.test_request_context("/"):
            yield

    # --- step changes -------------------------------------------------------------------------------------------
    def push_session(self, session_id: int) -> None:
        with self._render_context():
            session = db.session.get(WorkshopSession, session_id)
            if session is None:
                return
            version = stage_version(session)
            # Phones that already answered this step (the facilitator went back, a countdown started) get their own
            # render with their answers, and not the room's: it would show them unanswered until theirs came.
            personal = list(db.session.scalars(
                select(Participant).where(Participant.id.in_(
                    select(Response.participant_id).where(Response.step_id == session.current_step.id)))
            ))
            answered = _sockets_in([rooms.participant(participant.id) for participant in personal])
            # The room's phones first: most screens wait on these; the projector's and the control view's larger
            # renders come after them.
            for html, channel, room in self._phone_rooms(session):
                _emit(html, channel, version, room, skip=answered)
            socketio.sleep(0)  # under gevent their sockets send now, not after the renders below
            messages = [(screens.phone_stage(session, participant.company, participant.language, participant,
                                             oob=True), "stage", rooms.participant(participant.id))
                        for participant in personal]
            messages.append((screens.projector_stage(session, oob=True), "stage", rooms.projector(session_id)))
            messages += [(screens.control_panel(session, language, oob=True), "control",
                          rooms.control(session_id, language)) for language in SUPPORTED_LANGUAGES]
        for html, channel, room in messages:
            _emit(html, channel, version, room)
        self.mark_dirty(session_id)

    @staticmethod
    def _phone_rooms(session: WorkshopSession) -> list[tuple[str, str, str]]:
        """The phone stage of every company and language that has joined phones: one render serves a room, and
        what the rooms share (the board's results) is computed once for all of them."""
        companies = {company.id: company for company in session.companies}
        joined = db.session.execute(select(Participant.company_id, Participant.language).distinct()
                                    .where(Participant.session_id == session.id)).all()
        shared = screens.board_results(session.current_step)
        return [(screens.phone_stage(session, companies[company_id], language, oob=True, shared_results=shared),
                 "stage", rooms.phones(session.id, company_id, language))
                for company_id, language in sorted(joined) if company_id in companies]

    # --- what phones share (ideas, KPIs…), coalesced ----------------------------------------------------------
    def mark_board(self, session_id: int) -> None:
        self._mark("boards", session_id)

    def push_board(self, session_id: int) -> None:
        with self._render_context():
            session = db.session.get(WorkshopSession, session_id)
            if session is None:
                return
            version = stage_version(session)
            messages = self._phone_rooms(session)
            # The facilitator's moderation list shows what phones wrote.
            controls = [(screens.control_panel(session, language, oob=True), "control",
                         rooms.control(session_id, language)) for language in SUPPORTED_LANGUAGES]
        for html, channel, room in messages:
            _emit(html, channel, version, room, merge=True)
        for html, channel, room in controls:
            _emit(html, channel, version, room, merge=True)

    # --- results, coalesced -------------------------------------------------------------------------------------
    def mark_dirty(self, session_id: int) -> None:
        self._mark("results", session_id)

    def _mark(self, kind: str, session_id: int) -> None:
        try:
            self.marks.mark(kind, session_id)
        except Exception:  # Redis away: the answer is stored all the same, and the next mark pushes it
            self.app.logger.exception("marking session %s failed", session_id)

    def push_results(self, session_id: int) -> None:
        with self._render_context():
            session = db.session.get(WorkshopSession, session_id)
            if session is None:
                return
            html = screens.projector_results(session, oob=True)
            targets = [rooms.projector(session_id)] + [rooms.control(session_id, lang) for lang in SUPPORTED_LANGUAGES]
        version = results_version()
        for room in targets:
            _emit(html, "results", version, room)

    def tick(self) -> None:
        self._ticks += 1
        if self._ticks % self._ticks_per_second == 0 and self.marks.claim("timers", 1):
            try:
                with self._render_context():
                    sessions.expire_timers()
            except Exception:  # a locked database now and then: the next second tries again
                self.app.logger.exception("expiring timers failed")
        if (self._ticks % (self._ticks_per_second * RETENTION_EVERY_SECONDS) == 1
                and self.marks.claim("retention", RETENTION_EVERY_SECONDS)):
            try:
                with self._render_context():
                    data_care.apply_all_retention()
            except Exception:  # the next hour tries again
                self.app.logger.exception("applying retention failed")
        taken = self.marks.take()
        for push, session_ids in ((self.push_board, taken["boards"]), (self.push_results, taken["results"])):
            for session_id in session_ids:
                try:
                    push(session_id)
                except Exception:  # keep ticking: the next change marks the session dirty again
                    self.app.logger.exception("%s failed for session %s", push.__name__, session_id)

    def start_ticker(self) -> None:
        # In-process tests tick themselves (RESULTS_TICKER off): a ticker thread of its own raced their tick().
        if self._ticker_started or not self.app.config["RESULTS_TICKER"]:
            return
        self._ticker_started = True
        interval = float(self.app.config["RESULTS_TICK_SECONDS"])

        def run():
            while True:
                socketio.sleep(interval)
                try:
                    self.tick()
                except Exception:  # Redis away for a moment: the marks wait there, the next tick takes them
                    self.app.logger.exception("tick failed")

        socketio.start_background_task(run)
