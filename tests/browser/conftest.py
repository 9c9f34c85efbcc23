"""Browser fixtures: one headless Chromium for the run, a real server process per test module, and
projector- and phone-sized browser contexts that leave a screenshot and the server log behind on failure.

A module chooses its start: by default the database has the facilitator coach@example.org; a module that
sets `FIRST_RUN = True` gets an empty one, so the first visit leads to the set-up page. A module's `SERVER_ENV`
is added to its server's environment (ON_A_HOTSPOT: a laptop on a venue's hotspot).
"""
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.support.database import database_url, reset_schema
from tests.support.server import ROOT, ServerProcess, prepare_database

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]
EMAIL, PASSWORD = "coach@example.org", "correct horse battery"
PROJECTOR = {"viewport": {"width": 1920, "height": 1080}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
TIMEOUT_MS = 10_000  # every auto-waiting assertion and action
#: The server binds loopback, as every test server does, but is told it listens on every network of a laptop whose
#: address there is 192.168.1.23, as `make run` on a venue's hotspot: that address is shown, never requested.
ON_A_HOTSPOT = {"VERKSTAD_LISTEN_HOST": "0.0.0.0", "VERKSTAD_LAN_ADDRESS": "192.168.1.23"}
#: (screen states checked, workshop states walked) by tests/browser/test_screens.py, for the run's summary
SCREEN_STATES = pytest.StashKey[tuple[int, int]]()

expect.set_options(timeout=TIMEOUT_MS)


@dataclass(frozen=True)
class Step:
    position: int  # 0-based, as the server counts
    kind: str
    title: str  # English
    show_join: bool


@cache
def builtin_steps() -> tuple[Step, ...]:
    """The steps of the built-in template (English titles), as `flask seed` loads them."""
    document = json.loads((ROOT / "workshop" / "content" / "social_media.json").read_text(encoding="utf-8"))
    return tuple(Step(position, step["kind"], step["title"]["en"], bool(step.get("settings", {}).get("show_join")))
                 for position, step in enumerate(document["steps"]))


def builtin_step(title: str) -> Step:
    return next(step for step in builtin_steps() if step.title == title)


@dataclass
class Site:
    """The server process of a module on its own database; a test may replace `process` (a restart)."""

    database_url: str
    instance: Path
    process: ServerProcess

    @property
    def url(self) -> str:
        return self.process.url


def launch(playwright) -> Browser:
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def start_site(instance: Path, facilitator=(EMAIL, PASSWORD), **env: str) -> Site:
    url = database_url(instance)
    reset_schema(url)
    prepare_database(url, instance, facilitator=facilitator)
    return Site(url, instance, ServerProcess(url, instance, **env).start())


@pytest.fixture(scope="module")
def site(request, tmp_path_factory):
    first_run = getattr(request.module, "FIRST_RUN", False)
    made = start_site(tmp_path_factory.mktemp("site"), facilitator=None if first_run else (EMAIL, PASSWORD),
                      **getattr(request.module, "SERVER_ENV", {}))
    yield made
    made.process.stop()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    checked = config.stash.get(SCREEN_STATES, None)
    if checked:
        screens, states = checked
        terminalreporter.write_line(f"screen checks: {screens} screen states ({states} workshop states × the "
                                    f"projector, phone and control view at their sizes, Swedish and English)")


class Screens:
    """Browser contexts of one test: `projector()` and `phone()` each return a fresh page."""

    def __init__(self, browser: Browser, base_url: str):
        self.browser, self.base_url = browser, base_url
        self.contexts: list[BrowserContext] = []

    def _page(self, options: dict) -> Page:
        context = self.browser.new_context(base_url=self.base_url, locale="en-GB", **options)
        context.set_default_timeout(TIMEOUT_MS)
        self.contexts.append(context)
        return context.new_page()

    def projector(self, width: int = 1920, height: int = 1080, **options) -> Page:
        """A projector-sized page; `options` for Playwright's context (timezone_id…)."""
        return self._page({**PROJECTOR, "viewport": {"width": width, "height": height}, **options})

    def phone(self) -> Page:
        return self._page(PHONE)

    def pages(self) -> list[Page]:
        return [page for context in self.contexts for page in context.pages]

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def screens(browser, site, request, tmp_path):
    made = Screens(browser, site.url)
    yield made
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed:
        for number, page in enumerate(made.pages(), 1):
            try:
                page.screenshot(path=str(tmp_path / f"failure-{number}.png"), full_page=True, timeout=5000)
            except Exception as error:  # a closed or crashed page still lets the others be saved
                print(f"no screenshot of page {number}: {error}")
        print(f"screenshots of the failure: {tmp_path}")
        print(site_log_tail(site))
    made.close()


def site_log_tail(site: Site, lines: int = 60) -> str:
    parts = []
    for path in sorted(site.instance.glob("server-*.log")):
        parts += [f"== {path.name} (last {lines} lines)", *path.read_text(errors="replace").splitlines()[-lines:]]
    return "\n".join(parts)


def log_in(page: Page, email: str = EMAIL, password: str = PASSWORD) -> None:
    """The facilitator logs in through the form, as a person does."""
    page.goto("/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Sessions", level=1)).to_be_visible()
