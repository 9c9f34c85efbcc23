"""The screens check themselves: every state of a filled workshop (tests/support/screen_states.py), on the projector
at 1920×1080 and 1280×720, the phone at 390×844 and 320×640 and the control view at 1280×720, in Swedish and in
English, measured in the page (tests/support/screen_checks.js) for what a person would notice:

- text too faint to read against what is behind it (WCAG AA);
- text out of sight: off the projector with no paging to reach it, cut off by a box, covered by another element,
  or a phone page wider than the phone;
- a screen that shows something else after a live push than a fresh load of the same page shows;
- words of the other language (the message catalogue's and the template's texts that differ between the two).

The walk runs once for the module; each test reports every state it fails in, as a person would describe it.
"""
import difflib
import json
import re
from collections import defaultdict
from functools import cache

import pytest
from babel.messages.pofile import read_po
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser.conftest import ON_A_HOTSPOT, SCREEN_STATES, builtin_steps
from tests.support.screen_states import CONTROL_SIZES, LOCALES, PHONE_SIZES, PROJECTOR_SIZES, walk
from tests.support.server import ROOT
from workshop.steps.kpi import CATALOGUE

pytestmark = pytest.mark.browser
SERVER_ENV = ON_A_HOTSPOT  # the room's screens: the QR code as phones on the hotspot read it, no loopback warning

LANGUAGES = tuple(LOCALES)
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}|<[^>]+>")
PICTURES = 12  # screen states with a problem that get a picture (each takes a while)
SHOWN = 4  # texts named per screen state and check; the count says how many more
ENDS = " \t\n.,:;!?…()\"'«»—–-·"


# --- the other language's words -----------------------------------------------------------------------------------
def _pairs() -> list[tuple[str, str]]:
    """(English, Swedish) of every text that has both: the catalogue, the built-in template, the KPI catalogue."""
    with open(ROOT / "translations" / "sv" / "LC_MESSAGES" / "messages.po", "rb") as po:
        catalogue = read_po(po)
    pairs = []
    for message in catalogue:
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        pairs += [(english, swedish) for english in ids for swedish in strings if swedish]

    def texts(node):
        if isinstance(node, dict):
            if isinstance(node.get("sv"), str) and isinstance(node.get("en"), str):
                pairs.append((node["en"], node["sv"]))
            for value in node.values():
                texts(value)
        elif isinstance(node, list):
            for value in node:
                texts(value)
    texts(json.loads((ROOT / "workshop" / "content" / "social_media.json").read_text(encoding="utf-8")))
    pairs += [(names["en"], names["sv"]) for _category, names, _unit in CATALOGUE.values()]
    return pairs


def _fragments(text: str) -> list[str]:
    """The parts of a message a page shows word for word: split at placeholders and markup, distinctive enough
    (two words or more, or a word of eight letters or more) that the other language would not use them too."""
    parts = (" ".join(part.split()).strip(ENDS) for part in PLACEHOLDER.split(text))
    return [part for part in parts if len(part.split()) >= 2 or sum(ch.isalpha() for ch in part) >= 8]


@cache
def foreign_words(language: str) -> re.Pattern:
    """What must not appear on a page in `language`: the other language's fragments that its own texts lack."""
    pairs = _pairs()
    own = "\n".join(swedish if language == "sv" else english for english, swedish in pairs)
    found = set()
    for english, swedish in pairs:
        if english.strip() == swedish.strip():
            continue
        for fragment in _fragments(english if language == "sv" else swedish):
            if not re.search(rf"(?<!\w){re.escape(fragment)}(?!\w)", own):
                found.add(fragment)
    alternatives = "|".join(re.escape(f) for f in sorted(found, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


# --- one observation per screen state ---------------------------------------------------------------------------
class Observer:
    """Visits every state of the walk, checks each screen at each of its sizes and keeps what a person would see."""

    def __init__(self, shots):
        self.findings = defaultdict(list)  # check → lines
        self.screen_states = 0
        self.kinds = defaultdict(set)  # (language, screen, size) → step kinds seen
        self.shots = shots
        self.pictures = 0

    def __call__(self, state, screens) -> None:
        for screen in screens:  # the server renders the three fresh pages at once
            screen.page.evaluate("() => window.screenChecks.fetchFresh()")
        for screen in screens:
            where = f"{state.label} · {screen.name}"
            self._live_equals_fresh(where, screen)
            self._one_language(where, state.language, screen)
            for width, height in screen.sizes:
                screen.page.set_viewport_size({"width": width, "height": height})
                found = screen.page.evaluate("options => window.screenChecks.run(options)", {"screen": screen.name, "width": width})
                self.screen_states += 1
                self.kinds[(state.language, screen.name, (width, height))].add(state.step.kind)
                self._word(f"{where} {width}×{height}", found, screen.page)
            screen.page.set_viewport_size(dict(zip(("width", "height"), screen.sizes[0])))

    def _word(self, where: str, found: dict, page) -> None:
        """One line per check and screen state: how many texts, and the first few as a person would point at them."""
        def contrast(item):
            return (f"“{item['text']}” ({item['element']}, {item['size']} px) is {item['colour']} on "
                    f"{item['background']}: {item['ratio']}:1, needs {item['needed']}:1")

        def lost(item):
            page_note = f", page {item['page']}" if item.get("page") else ""
            return f"“{item['text']}” ({item['element']}{page_note}) {item['shown']}% in sight at {item['box']}"

        def covered(item):
            page_note = f", page {item['page']}" if item.get("page") else ""
            return f"“{item['text']}” ({item['element']}{page_note}) under {item['under']}"

        def overflow(item):
            return (f"the page is {item['width']} px wide on a {item['viewport']} px screen; too wide: "
                    f"{', '.join(item['widest']) or '?'}")

        problems = 0
        for check, say, what in (("contrast", contrast, "texts too faint"), ("lost", lost, "texts out of sight"),
                                 ("covered", covered, "texts covered"), ("overflow", overflow, "scrolls sideways")):
            items = found[check]
            if items:
                problems += len(items)
                more = f" (and {len(items) - SHOWN} more)" if len(items) > SHOWN else ""
                self.findings[check].append(f"{where}: {len(items)} {what}: " + "; ".join(map(say, items[:SHOWN]))
                                            + more if check != "overflow" else f"{where}: {say(items[0])}")
        if problems and self.shots is not None and self.pictures < PICTURES:
            self.pictures += 1
            name = re.sub(r"[^\w]+", "-", where).strip("-")
            page.screenshot(path=str(self.shots / f"{name}.png"))

    def _live_equals_fresh(self, where: str, screen) -> None:
        compared = screen.page.evaluate("ids => window.screenChecks.liveAndFresh(ids)", list(screen.regions))
        if screen.results and compared[screen.results]["live"] != compared[screen.results]["fresh"]:
            # A results render the ticker began just before the change can land after it; the next is current.
            pushes = screen.results_swaps()
            try:
                screen.page.wait_for_function("([id, n]) => (window.screenChecks.swaps[id]?.count ?? 0) > n",
                                              arg=[screen.results, pushes], timeout=1000)
                compared = screen.page.evaluate("ids => window.screenChecks.liveAndFresh(ids)", list(screen.regions))
            except PlaywrightTimeout:
                pass  # no newer push came: what the screen shows stays
        for region, html in compared.items():
            if html["live"] != html["fresh"]:
                self.findings["live"].append(f"{where} #{region}: after the live push it shows "
                                             f"{_difference(html['live'], html['fresh'])}")

    def _one_language(self, where: str, language: str, screen) -> None:
        words = screen.page.evaluate("() => window.screenChecks.words()")
        foreign = sorted(set(foreign_words(language).findall(" ".join(words.split()))))
        if foreign:
            other = "English" if language == "sv" else "Swedish"
            self.findings["language"].append(f"{where}: {other} on the page: " + "; ".join(f"“{f}”" for f in foreign))


def _difference(live: str, fresh: str) -> str:
    """The first places where two renders differ, word by word with a little of what surrounds them."""
    def words(html):
        return re.findall(r'[^\s<>"=]+|[<>"=]', html)

    def text(tokens):
        return re.sub(r'\s*([<>"=])\s*', r"\1", " ".join(tokens))

    a, b = words(live), words(fresh)
    changes = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            before = text(a[max(0, i1 - 6):i1])
            changes.append(f"…{before} “{text(a[i1:i2])[:120]}” where a fresh load shows “{text(b[j1:j2])[:120]}”")
        if len(changes) == 3:
            break
    return "; ".join(changes)


@pytest.fixture(scope="module")
def observed(browser, site, request, tmp_path_factory):
    shots = tmp_path_factory.mktemp("screen-problems")
    observer = Observer(shots)
    states = walk(browser, site.url, LANGUAGES, observer)
    request.config.stash[SCREEN_STATES] = (observer.screen_states, states)
    return observer


def _report(observer: Observer, *checks: str) -> None:
    lines = [line for check in checks for line in observer.findings[check]]
    assert not lines, (f"{len(lines)} problems in the {observer.screen_states} screen states (pictures of the first "
                       f"{PICTURES} with a problem: {observer.shots}):\n" + "\n".join(lines))


def test_every_step_kind_is_seen_on_every_screen_size_in_both_languages(observed):
    kinds = {step.kind for step in builtin_steps()}
    screens = {(language, screen, size) for language in LANGUAGES
               for screen, sizes in (("projector", PROJECTOR_SIZES), ("phone", PHONE_SIZES), ("control", CONTROL_SIZES))
               for size in sizes}
    missing = [f"{screen}: {sorted(kinds - observed.kinds.get(screen, set()))}" for screen in sorted(screens)
               if kinds - observed.kinds.get(screen, set())]
    assert not missing, "step kinds of the template no screen state showed:\n" + "\n".join(missing)


def test_every_text_is_readable_against_its_background(observed):
    _report(observed, "contrast")


def test_nothing_is_out_of_sight_cut_off_or_covered(observed):
    _report(observed, "lost", "covered")


def test_phones_and_the_control_view_do_not_scroll_sideways(observed):
    _report(observed, "overflow")


def test_a_live_push_shows_what_a_fresh_load_shows(observed):
    _report(observed, "live")


def test_each_page_speaks_one_language(observed):
    _report(observed, "language")
