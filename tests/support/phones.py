"""Clients of a real server process (tests.support.server.ServerProcess): a facilitator over HTTP, phones that
join over HTTP, and Socket.IO screens (phones, projector) that record what the server pushes.

Everything here talks to the server the way the browser does: CSRF tokens read from forms, the cookie the
join flow sets, the server's own origin on the socket. Every network call has a timeout.
"""
import asyncio
import html as html_lib
import re
from http.cookies import SimpleCookie
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import aiohttp
import requests
import socketio

TIMEOUT = 10  # seconds, for any one HTTP request, socket connect or acknowledgement

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_TEMPLATE_OPTION = re.compile(r'<select[^>]*name="template"[^>]*>.*?<option value="(\d+)"', re.S)
_COMPANY_BOX = re.compile(r'name="companies" value="(\d+)"[^>]*>\s*([^<]*?)\s*</label>')
_SESSION_URL = re.compile(r"/f/sessions/(\d+)$")
_JOIN_CODE = re.compile(r'class="code">([A-Z0-9]{6})<')
_ANSWER_STEP = re.compile(r'data-answer-step="(\d+)"')
_OPTION = re.compile(r'name="option" value="(\d+)"')
_BAR_VALUE = re.compile(r'<span class="bar-value">(\d+) · \d+%</span>')
_HEAD_COUNT = re.compile(r'<span class="company">([^<]*)</span>\s*<span class="count">(\d+)</span>')


# --- reading pages ------------------------------------------------------------------------------------------------
def csrf_from(page: str) -> str:
    match = _CSRF.search(page)
    assert match, "page has no CSRF token"
    return match.group(1)


def cookie_header(http: requests.Session) -> str:
    """The Cookie header a browser holding this session's cookies would send."""
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in http.cookies)


def answer_step_of(stage_html: str) -> int:
    """The step id of the answer form in a phone's stage."""
    match = _ANSWER_STEP.search(stage_html)
    assert match, "the phone's stage has no answer form"
    return int(match.group(1))


def options_of(stage_html: str) -> list[int]:
    """The option (item) ids of a choice step, in the order shown."""
    return [int(value) for value in _OPTION.findall(stage_html)]


def choice_counts(results_html: str) -> list[int]:
    """The room's count per option, in order, from a choice step's results (`<span class="bar-value">N · P%`).
    Benchmark figures are written without a count, so they do not match."""
    return [int(count) for count in _BAR_VALUE.findall(results_html)]


def head_counts(results_html: str) -> dict[str, int]:
    """Company name → joined participants, from the projector's results region."""
    return {html_lib.unescape(name): int(count) for name, count in _HEAD_COUNT.findall(results_html)}


# --- the facilitator over HTTP ------------------------------------------------------------------------------------
class Facilitator:
    """A logged-in facilitator's browser: companies, sessions and the control buttons."""

    def __init__(self, base_url: str, email: str = "coach@example.org", password: str = "correct horse battery"):
        self.base_url = base_url
        self.http = requests.Session()
        page = self._get("/login")
        response = self.http.post(self.base_url + "/login", timeout=TIMEOUT, allow_redirects=False,
                                  data={"email": email, "password": password, "csrf_token": csrf_from(page)})
        assert response.status_code == 302, f"login failed: {response.status_code}"
        # Logging in starts a fresh session, so the token is read again afterwards.
        self.csrf = csrf_from(self._get("/f/sessions/new"))

    def close(self) -> None:
        self.http.close()

    @property
    def cookie(self) -> str:
        return cookie_header(self.http)

    def _get(self, path: str) -> str:
        response = self.http.get(self.base_url + path, timeout=TIMEOUT)
        assert response.status_code == 200, f"GET {path}: {response.status_code}"
        return response.text

    def _post(self, path: str, data: dict | None = None) -> requests.Response:
        response = self.http.post(self.base_url + path, data={**(data or {}), "csrf_token": self.csrf},
                                  timeout=TIMEOUT, allow_redirects=False)
        assert response.status_code in (200, 204, 302, 303), f"POST {path}: {response.status_code}"
        return response

    def companies(self) -> dict[str, int]:
        """Company name → id, as the new-session form offers them."""
        page = self._get("/f/sessions/new")
        return {html_lib.unescape(name): int(company_id) for company_id, name in _COMPANY_BOX.findall(page)}

    def create_company(self, name: str) -> int:
        self._post("/f/companies", {"name": name})
        return self.companies()[name]

    def create_session(self, company_ids: list[int], language: str = "en") -> int:
        """A session of the first template offered (the built-in one on a fresh database); returns its id."""
        template = _TEMPLATE_OPTION.search(self._get("/f/sessions/new"))
        assert template, "the new-session form offers no template"
        response = self._post("/f/sessions/new", {"template": template.group(1), "language": language,
                                                  "companies": [str(c) for c in company_ids]})
        match = _SESSION_URL.search(response.headers.get("Location", ""))
        assert response.status_code == 302 and match, f"session not created: {response.status_code}"
        return int(match.group(1))

    def act(self, session_id: int, action: str) -> None:
        """A control button: start, end, next, back, results or lock."""
        response = self.http.post(f"{self.base_url}/f/sessions/{session_id}/{action}",
                                  headers={"X-CSRFToken": self.csrf}, timeout=TIMEOUT, allow_redirects=False)
        assert response.status_code in (200, 204, 302), f"{action}: {response.status_code}"

    def join_code(self, session_id: int) -> str:
        match = _JOIN_CODE.search(self._get(f"/f/sessions/{session_id}"))
        assert match, "the control page shows no join code"
        return match.group(1)

    def live_session(self, company_ids: list[int], language: str = "en") -> tuple[int, str]:
        """A new session of the built-in template, started on its welcome: id and join code."""
        session_id = self.create_session(company_ids, language=language)
        self.act(session_id, "start")
        return session_id, self.join_code(session_id)

    def live_poll(self, company_ids: list[int]) -> tuple[int, str]:
        """A new live session on the built-in template's warm-up poll, results shown as they come: id and join code."""
        session_id, code = self.live_session(company_ids)
        for action in ("next", "results"):
            self.act(session_id, action)
        return session_id, code


# --- phones joining over HTTP -------------------------------------------------------------------------------------
@dataclass
class JoinedPhone:
    company_id: int
    nickname: str
    cookie: str  # the Cookie header that identifies this participant


def join_over_http(base_url: str, code: str, company_id: int, nickname: str = "") -> JoinedPhone:
    """The real join flow: the company form, then its POST, which sets the participant cookie."""
    with requests.Session() as http:
        page = http.get(f"{base_url}/j/{code}", timeout=TIMEOUT)
        assert page.status_code == 200, f"GET /j/{code}: {page.status_code}"
        response = http.post(f"{base_url}/j/{code}", timeout=TIMEOUT, allow_redirects=False,
                             data={"company": str(company_id), "nickname": nickname, "csrf_token": csrf_from(page.text)})
        assert response.status_code == 302 and response.headers["Location"].endswith(f"/p/{code}"), \
            f"join failed: {response.status_code}"
        return JoinedPhone(company_id, nickname, cookie_header(http))


def join_many(base_url: str, code: str, company_ids: list[int], count: int, workers: int = 16) -> list[JoinedPhone]:
    """`count` phones join at once, spread round-robin over the companies; returned in that order."""
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(join_over_http, base_url, code, company_ids[i % len(company_ids)], f"phone {i}")
                   for i in range(count)]
        return [future.result(timeout=60) for future in futures]


# --- Socket.IO screens --------------------------------------------------------------------------------------------
def run_async(coroutine, timeout: float):
    """Runs a coroutine to its end, at most `timeout` seconds, on a thread of its own: the browser tests' Playwright
    keeps an event loop running on the main thread for the whole test session, and asyncio.run refuses to nest."""
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, asyncio.wait_for(coroutine, timeout)).result()

@dataclass
class Screen:
    """One Socket.IO client (asyncio) that keeps the newest `swap` message per channel."""

    client: socketio.AsyncClient
    latest: dict[str, dict] = field(default_factory=dict)  # channel → the message with the highest "v"
    received: int = 0
    _changed: asyncio.Condition = field(default_factory=asyncio.Condition)

    def html(self, channel: str) -> str:
        return self.latest.get(channel, {}).get("html", "")

    async def _on_swap(self, message: dict) -> None:
        channel = message.get("channel")
        current = self.latest.get(channel)
        if current is None or message.get("v", 0) >= current.get("v", 0):
            self.latest[channel] = message
        self.received += 1
        async with self._changed:
            self._changed.notify_all()

    async def wait_for(self, predicate, timeout: float = TIMEOUT) -> None:
        """Until predicate(self) holds, re-checked on every message; TimeoutError after `timeout` seconds."""
        async def until():
            async with self._changed:
                await self._changed.wait_for(lambda: predicate(self))
        await asyncio.wait_for(until(), timeout)

    async def call(self, event: str, data=None, timeout: float = TIMEOUT):
        return await self.client.call(event, data, timeout=timeout)

    async def close(self) -> None:
        if self.client.connected:
            await self.client.disconnect()
        else:  # a refused or half-made connection still holds an HTTP session
            await self.client.eio.disconnect(abort=True)


async def open_screen(base_url: str, cookie: str, auth: dict, timeout: float = TIMEOUT,
                      reconnect: bool = False, transports: tuple[str, ...] = ("websocket",)) -> Screen:
    """A socket as a page of the site opens it: the page's cookie, the site's own origin, WebSocket only unless
    `transports` says otherwise (a browser starts with long-polling, then upgrades).
    With `reconnect`, it comes back by itself after the server went away, as live.js does (same delays)."""
    def http_session():
        # The cookie goes in the session's jar, made anew for every (re)connection: python-engineio removes a
        # Cookie header from the headers it is given, so a reconnect would otherwise arrive without it.
        session = aiohttp.ClientSession()
        if cookie:
            session.cookie_jar.update_cookies({k: m.value for k, m in SimpleCookie(cookie).items()})
        return session

    client = socketio.AsyncClient(reconnection=reconnect, reconnection_delay=0.5, reconnection_delay_max=2,
                                  request_timeout=timeout, http_session=http_session)
    screen = Screen(client)
    client.on("swap", screen._on_swap)
    headers = {"Origin": base_url}
    try:
        await client.connect(base_url, headers=headers, auth=auth, transports=list(transports), wait_timeout=timeout)
    except BaseException:
        await screen.close()
        raise
    return screen


async def open_phone(base_url: str, phone: JoinedPhone, code: str, timeout: float = TIMEOUT,
                     reconnect: bool = False, transports: tuple[str, ...] = ("websocket",)) -> Screen:
    """A joined phone's socket, once its stage snapshot arrived."""
    screen = await open_screen(base_url, phone.cookie, {"role": "phone", "code": code}, timeout, reconnect, transports)
    try:
        await screen.wait_for(lambda s: "stage" in s.latest, timeout)
    except BaseException:
        await screen.close()
        raise
    return screen


async def open_phones(base_url: str, phones: list[JoinedPhone], code: str, at_once: int = 50,
                      reconnect: bool = False, transports: tuple[str, ...] = ("websocket",)) -> list[Screen]:
    """Sockets for many phones, at most `at_once` handshakes in flight; all closed again if any fails."""
    gate = asyncio.Semaphore(at_once)

    async def one(phone):
        async with gate:
            return await open_phone(base_url, phone, code, reconnect=reconnect, transports=transports)

    results = await asyncio.gather(*(one(phone) for phone in phones), return_exceptions=True)
    screens = [result for result in results if isinstance(result, Screen)]
    failures = [result for result in results if not isinstance(result, Screen)]
    if failures:
        await close_all(screens)
        raise failures[0]
    return screens


async def close_all(screens: list[Screen]) -> None:
    await asyncio.gather(*(screen.close() for screen in screens), return_exceptions=True)
