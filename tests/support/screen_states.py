"""Every screen of a filled workshop, state by state: what tests/browser/test_screens.py checks and
`make screenshots` pictures.

`walk(browser, base_url, language, visit)` runs the built-in template, in one language, with two companies and six
phones (five over HTTP, one of them also shown in a real phone browser), long texts in that language on every board,
and calls `visit(state, screens)` in every state a person sees: each step of the template (the list is the template's,
so a new step or kind is walked too), and where a step has results, after a countdown starts (results hidden), after
the results are revealed and after voting is locked. Then a second workshop of the same companies opens on its
welcome, which carries their next steps over and shows "since last time". Every state is reached the way the room
reaches it: the facilitator acts over HTTP and the screens get the change pushed over their sockets.
"""
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

import requests
from playwright.sync_api import Browser, Page

from tests.browser.conftest import PHONE, PROJECTOR, TIMEOUT_MS, Step, builtin_steps
from tests.support.phones import TIMEOUT, Facilitator, csrf_from, join_over_http

CHECKS_JS = Path(__file__).with_name("screen_checks.js")
LOCALES = {"sv": "sv-SE", "en": "en-GB"}
#: (width, height) of each screen: the projector and the phone at two sizes each, the facilitator's laptop
PROJECTOR_SIZES = ((1920, 1080), (1280, 720))
PHONE_SIZES = ((390, 844), (320, 640))
CONTROL_SIZES = ((1280, 720),)
#: the facilitator's actions that make the states of a step with results, in order
VARIANT_ACTIONS = ("timer", "results", "lock")

# Texts people type, in the page's language, long and with the long compound words Swedish makes.
TEXTS = {
    "sv": {
        "companies": ("Nordljus Marknadsföringskonsulter AB", "Böna & Co"),
        "people": ("Sara", "Anna-Karin Lindqvist-Håkansson", "Jonas", "Ali", "Maja", "Eva"),
        "concern": "Att kundtjänstmedarbetarna inte hinner svara på alla kommentarer när sociala medier-kampanjen "
                   "väl har dragit igång och marknadsföringsansvarigkonsultationsuppdragen blir fler",
        "thoughts": ("En kniv skär både bröd och fingrar: det avgörande är avsikten och hur varsamt man hanterar den "
                     "i vardagen, inte själva verktyget eller sociala medieplattformsleverantörernas algoritmer",
                     "Säkerhetsinställningarna och integritetsskyddsinställningarna måste gås igenom av alla innan vi "
                     "börjar publicera något"),
        "ideas": ("Vi får fler förfrågningar om marknadsföringsansvarigkonsultationsuppdrag när kunderna ser att vi "
                  "svarar snabbt och sakligt på frågor i kommentarsfälten, även på kvällar och helger",
                  "Rekryteringsprocessen blir enklare när arbetssökande ser vardagen på arbetsplatsen, "
                  "kompetensutvecklingsinsatserna och medarbetarnas egna berättelser",
                  "Kunderna berättar själva vad de saknar i produktsortimentet"),
        "kpis": ("Antal kundtjänstärenden lösta via sociala medier-kanalerna per månad",
                 "Andel nöjda kunder i kundnöjdhetsundersökningen"),
        "commitments": ("Planera veckans inlägg varje måndagsmorgon tillsammans med kommunikationsavdelningen och "
                        "marknadsföringsansvarigkonsultationsgruppen, med en gemensam publiceringskalender",
                        "Gå igenom integritetsskyddsinställningarna på alla konton före nästa workshop",
                        "Svara på varje kommentar inom en arbetsdag"),
    },
    "en": {
        "companies": ("Northern Lights Marketing Consultants Ltd", "Bean & Co"),
        "people": ("Sara", "Anna-Karin Lindqvist-Hakansson", "Jonas", "Ali", "Maja", "Eva"),
        "concern": "That the customer-service staff cannot keep up with every comment once the social media "
                   "campaign is under way and the internationalisation consultancy assignments multiply",
        "thoughts": ("A knife cuts bread and fingers alike: what decides is the intention and how carefully you handle "
                     "it every day, not the tool itself or the platform providers' recommendation algorithms",
                     "Everyone must review the privacy and security settings before we start publishing anything"),
        "ideas": ("We receive more enquiries about marketing consultancy assignments when customers see that we "
                  "answer questions in the comments quickly and to the point, in the evenings and at weekends too",
                  "Recruitment gets easier when applicants see everyday life at the workplace, the professional "
                  "development programmes and the employees' own stories",
                  "Customers tell us themselves what they miss in the product range"),
        "kpis": ("Customer-service cases resolved through the social media channels a month",
                 "Share of satisfied customers in the customer satisfaction survey"),
        "commitments": ("Plan the week's posts every Monday morning together with the communications department and "
                        "the marketing consultancy group, with one shared publishing calendar for everybody",
                        "Go through the privacy settings of every account before the next workshop",
                        "Answer every comment within one working day"),
    },
}
COMPANY_OF_PERSON = (0, 0, 0, 1, 1, 1)  # the last person is the one in the phone browser


class HttpPhone:
    """A phone without JavaScript: its answer form posts to /p/<code>/answer."""

    def __init__(self, base_url: str, code: str, company_id: int, nickname: str):
        joined = join_over_http(base_url, code, company_id, nickname)
        self.base_url, self.code, self.company_id, self.nickname = base_url, code, company_id, nickname
        self.cookie = joined.cookie
        self.http = requests.Session()
        self.http.headers["Cookie"] = joined.cookie

    def stage(self) -> str:
        return self.http.get(f"{self.base_url}/p/{self.code}", timeout=TIMEOUT).text

    def send(self, data: dict, stage: str | None = None) -> str:
        """Posts one of the step's forms, as a phone without JavaScript does; returns the page it gets back."""
        stage = stage or self.stage()
        step = re.search(r'data-answer-step="(\d+)"', stage).group(1)
        response = self.http.post(f"{self.base_url}/p/{self.code}/answer", timeout=TIMEOUT,
                                  data={"step": step, "csrf_token": csrf_from(stage), **data})
        assert response.status_code == 200, f"answer refused: {response.status_code} {data}"
        return response.text

    def items(self, stage: str) -> list[str]:
        return list(dict.fromkeys(re.findall(r'name="item-(\d+)"', stage)))

    def upvote_first(self, count: int) -> None:
        """Upvotes the first `count` ideas on the board."""
        for item in re.findall(r'name="item" value="(\d+)"', self.stage())[:count]:
            self.send({"do": "vote", "item": item, "on": "1"})

    def close(self) -> None:
        self.http.close()


# --- answers per step kind: what the room gives on each step ------------------------------------------------------
def each(phones, answer) -> None:
    """`answer(number, phone)` for every phone at once, as a room answers (and six times faster than in turn)."""
    with ThreadPoolExecutor(max_workers=len(phones)) as pool:
        for done in [pool.submit(answer, number, phone) for number, phone in enumerate(phones)]:
            done.result(timeout=60)


def _choice(step, phones, texts):
    def answer(number, phone):
        stage = phone.stage()
        options = re.findall(r'name="option" value="(\d+)"', stage)
        phone.send({"option": options[(number * 2) % len(options)]}, stage)
    each(phones, answer)


def _rating(step, phones, texts):
    first = phones[0].stage()
    if 'name="do" value="add"' in first:  # a concern of one's own, for everyone to rate
        phones[0].send({"do": "add", "text": texts["concern"]}, first)

    def answer(number, phone):
        stage = phone.stage()
        phone.send({f"item-{item}": str(1 + (number + index) % 5) for index, item in enumerate(phone.items(stage))},
                   stage)
    each(phones, answer)


def _info(step, phones, texts):
    if 'name="do" value="add"' in phones[0].stage():  # a step for thoughts
        each(phones[:len(texts["thoughts"])], lambda number, phone: phone.send({"do": "add",
                                                                               "text": texts["thoughts"][number]}))


def _ideas(step, phones, texts):
    each(phones[:len(texts["ideas"])], lambda number, phone: phone.send({"do": "add", "text": texts["ideas"][number]}))
    each(phones, lambda number, phone: phone.upvote_first(1 + number % 3))


def _number(step, phones, texts):
    each(phones, lambda number, phone: phone.send({"number": str((30, 45, 20, 60, 90, 35)[number % 6])}))


def _points(step, phones, texts):
    def answer(number, phone):
        stage = phone.stage()
        items = phone.items(stage)
        phone.send({f"item-{items[(number + offset) % len(items)]}": "1" for offset in range(3)}, stage)
    each(phones, answer)


def _kpi(step, phones, texts):
    def company_list(company, mate):
        stage = mate.stage()
        keys = re.findall(r'<option value="([a-z_]+)">', stage)
        for key in keys[company:company + 2]:
            mate.send({"do": "add", "catalogue": key})
        mate.send({"do": "add", "catalogue": "", "name": texts["kpis"][company], "category": "quantitative"})
        for kpi, (baseline, target) in zip(dict.fromkeys(re.findall(r'name="kpi" value="(\d+)"', mate.stage())),
                                           ((850, 1500), (4, 12), (3, 4))):
            mate.send({"do": "save", "kpi": kpi, "baseline": str(baseline), "target": str(target),
                       "unit": "", "due": "2027-03-31"})
    each([next(phone for phone, of in zip(phones, COMPANY_OF_PERSON) if of == company) for company in (0, 1)],
         company_list)


def _commitments(step, phones, texts):
    each(phones, lambda number, phone: phone.send({"do": "add", "owner": phone.nickname,
                                                  "text": texts["commitments"][number % len(texts["commitments"])]}))


def _nothing(step, phones, texts):
    pass


#: step kind → how the room answers it; a kind missing here stops the walk, so no new kind goes unchecked
ANSWERS = {"choice": _choice, "rating": _rating, "info": _info, "ideas": _ideas, "number": _number,
           "points": _points, "kpi": _kpi, "commitments": _commitments, "summary": _nothing}


# --- the screens ------------------------------------------------------------------------------------------------
@dataclass
class Screen:
    """One live page: its name, the region a step change replaces, the regions compared with a fresh load."""
    name: str  # "projector", "phone" or "control"
    page: Page
    stage: str  # the id of the region with the step's version
    results: str | None  # the id of the results region the ticker pushes, if the screen has one
    sizes: tuple[tuple[int, int], ...]

    @property
    def regions(self) -> tuple[str, ...]:
        return (self.stage, self.results) if self.results else (self.stage,)

    def version(self) -> str | None:
        return self.page.evaluate("id => document.getElementById(id)?.dataset.version ?? null", self.stage)

    def wait_for_push(self, old_version: str | None) -> None:
        """Until the change reached this screen: a newer stage, then results pushed after it, all settled."""
        self.page.wait_for_function(
            """([stage, results, old]) => {
                 const el = document.getElementById(stage), swaps = window.screenChecks.swaps;
                 return el && el.dataset.version !== old && swaps[stage]
                   && (!results || (swaps[results] && swaps[results].at >= swaps[stage].at))
                   && window.screenChecks.settled();
               }""", arg=[self.stage, self.results, old_version], timeout=TIMEOUT_MS)

    def results_swaps(self) -> int:
        return self.page.evaluate("id => window.screenChecks.swaps[id]?.count ?? 0", self.results)


@dataclass
class State:
    language: str
    step: Step
    workshop: int  # 1, or 2 for the second workshop of the same companies
    changes: tuple[str, ...]  # the facilitator's actions on this step so far
    results_shown: bool
    has_results: bool

    @property
    def label(self) -> str:
        what = ", ".join(filter(None, [
            "countdown running" if "timer" in self.changes and "lock" not in self.changes else "",
            "locked" if "lock" in self.changes else "",
            ("results shown" if self.results_shown else "results hidden") if self.has_results else "",
        ]))
        second = " (second workshop)" if self.workshop == 2 else ""
        return f"[{self.language}] step {self.step.position + 1} {self.step.kind}{second}{': ' + what if what else ''}"


@dataclass
class Room:
    """One language's workshop: the facilitator, the phones over HTTP and the three live pages."""
    browser: Browser
    base_url: str
    language: str
    coach: Facilitator = None
    company_ids: list = field(default_factory=list)
    phones: list = field(default_factory=list)
    contexts: list = field(default_factory=list)
    screens: list = field(default_factory=list)
    versions: list = field(default_factory=list)  # each screen's stage version before the last action

    def open(self) -> None:
        texts = TEXTS[self.language]
        self.coach = Facilitator(self.base_url)
        self.company_ids = [self.coach.create_company(name) for name in texts["companies"]]
        locale = LOCALES[self.language]
        laptop = self.browser.new_context(base_url=self.base_url, locale=locale, **PROJECTOR)
        phone = self.browser.new_context(base_url=self.base_url, locale=locale, **PHONE)
        for context in (laptop, phone):
            context.set_default_timeout(TIMEOUT_MS)
            context.add_init_script(path=str(CHECKS_JS))
            self.contexts.append(context)
        laptop.add_cookies([{"name": c.name, "value": c.value, "url": self.base_url} for c in self.coach.http.cookies])
        self.screens = [Screen("projector", laptop.new_page(), "stage", "live-results", PROJECTOR_SIZES),
                        Screen("control", laptop.new_page(), "control", "live-results", CONTROL_SIZES),
                        Screen("phone", phone.new_page(), "phone-stage", None, PHONE_SIZES)]
        for screen in self.screens:
            screen.page.set_viewport_size(dict(zip(("width", "height"), screen.sizes[0])))

    def start_workshop(self) -> int:
        """A new session of the built-in template for both companies, started, its phones joined and its screens
        open; returns its id."""
        session_id = self.coach.create_session(self.company_ids, language=self.language)
        self.coach.act(session_id, "start")
        code = self.coach.join_code(session_id)
        for phone in self.phones:
            phone.close()
        names = TEXTS[self.language]["people"]
        self.phones = [HttpPhone(self.base_url, code, self.company_ids[company], name)
                       for company, name in zip(COMPANY_OF_PERSON, names)]
        in_browser = self.phones[-1]
        self.screen("phone").page.context.add_cookies(
            [{"name": name, "value": morsel.value, "url": self.base_url}
             for name, morsel in SimpleCookie(in_browser.cookie).items()])
        paths = {"projector": f"/f/sessions/{session_id}/projector", "control": f"/f/sessions/{session_id}",
                 "phone": f"/p/{code}"}
        for screen in self.screens:
            screen.page.goto(paths[screen.name])
            screen.page.wait_for_function("() => document.body.dataset.connection === 'online'")
        return session_id

    def screen(self, name: str) -> Screen:
        return next(screen for screen in self.screens if screen.name == name)

    def send(self, session_id: int, action: str, **form) -> None:
        """A facilitator's action; `settle()` then waits until every screen has what it pushed."""
        self.versions = [screen.version() for screen in self.screens]
        if form:
            response = self.coach.http.post(f"{self.base_url}/f/sessions/{session_id}/{action}", timeout=TIMEOUT,
                                            data={**form, "csrf_token": self.coach.csrf})
            assert response.status_code in (200, 302), f"{action}: {response.status_code}"
        else:
            self.coach.act(session_id, action)

    def settle(self) -> None:
        for screen, version in zip(self.screens, self.versions):
            screen.wait_for_push(version)

    def close(self) -> None:
        for phone in self.phones:
            phone.close()
        for context in self.contexts:
            context.close()
        if self.coach:
            self.coach.close()


def results_shown(room: Room) -> bool:
    return room.screen("projector").page.locator("#live-results .results-hidden").count() == 0


def has_results(room: Room) -> bool:
    """The step has results when the facilitator has a button to show or hide them (the H key)."""
    return room.screen("projector").page.locator('#stage [data-shortcut="h"]').count() > 0


def _states(room: Room):
    """One language's states, each yielded as a `look()` as soon as the change that makes it is sent: `look()` waits
    until the screens have it and returns the state. Walking two rooms in step lets the server render one room's
    change while the browser looks at the other's."""
    def look(step, workshop, changes):
        def settled():
            if changes:
                room.settle()
            shown = has_results(room)
            return State(room.language, step, workshop, changes, shown and results_shown(room), shown)
        return settled

    def step_states(session_id, step, workshop):
        answer = ANSWERS.get(step.kind) or _unknown(step)
        answer(step, room.phones, TEXTS[room.language])
        if not has_results(room):
            yield look(step, workshop, ())
            return
        for done in range(1, len(VARIANT_ACTIONS) + 1):
            room.send(session_id, VARIANT_ACTIONS[done - 1])
            yield look(step, workshop, VARIANT_ACTIONS[:done])

    session_id = room.start_workshop()
    for step in builtin_steps():
        if step.position != 0:
            room.send(session_id, "step", position=str(step.position))
            room.settle()
        yield from step_states(session_id, step, 1)
    yield from step_states(room.start_workshop(), builtin_steps()[0], 2)


def _unknown(step: Step):
    raise AssertionError(f"tests/support/screen_states.py gives no answers for step kind {step.kind!r} "
                         f"(step {step.position + 1}): add it to ANSWERS so its screens are checked")


def walk(browser: Browser, base_url: str, languages: tuple[str, ...], visit) -> int:
    """Every state of each language's workshop (then the second workshop's welcome), `visit(state, screens)` in
    each; returns the number of states."""
    rooms = [Room(browser, base_url, language) for language in languages]
    count = 0
    try:
        for room in rooms:
            room.open()
        walks = [_states(room) for room in rooms]
        while walks:
            pending = []
            for states in list(walks):
                look = next(states, None)
                if look is None:
                    walks.remove(states)
                else:
                    pending.append(look)
            for look in pending:
                state = look()
                visit(state, next(room for room in rooms if room.language == state.language).screens)
                count += 1
        return count
    finally:
        for room in rooms:
            room.close()
