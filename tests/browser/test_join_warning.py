"""A server that listens on the laptop alone (HOST=127.0.0.1, as this suite's servers do): the projector and the
control view say, in the screen's language, that phones cannot join at 127.0.0.1 and what to do instead; on the
projector the warning covers neither the stage nor the QR code and its link, and the projector's buttons do not
either, at 1920×1080 and 1280×720."""
import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in
from tests.support.phones import Facilitator

pytestmark = pytest.mark.browser

#: Detection replaced, so the warning names the same address on every machine (shown, never requested).
SERVER_ENV = {"VERKSTAD_LAN_ADDRESS": "192.168.1.23"}

WORDS = {
    "en": {"title": "Phones cannot join at {host}", "alone": "The server listens on this laptop alone.",
           "join": "Join on your phone", "qr": "QR code for"},
    "sv": {"title": "Telefonerna kan inte ansluta via {host}", "alone": "Servern lyssnar bara på den här datorn.",
           "join": "Anslut med mobilen", "qr": "QR-kod för"},
}


def overlap(a: dict, b: dict) -> bool:
    return a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"] and \
        a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]


def assert_warns(page: Page, language: str, host: str, code: str, port: int) -> None:
    words = WORDS[language]
    warning = page.get_by_role("region", name=words["title"].format(host=host))
    expect(warning).to_be_visible()
    expect(warning).to_contain_text(words["alone"])
    expect(warning).to_contain_text("HOST=0.0.0.0 make run")
    expect(warning).to_contain_text(f"http://192.168.1.23:{port}/j/{code}")
    expect(warning).to_contain_text("VERKSTAD_PUBLIC_URL")


@pytest.fixture(scope="module")
def sessions(site):
    """A live session in each language, one company each: language → (session id, join code)."""
    coach = Facilitator(site.url)
    made = {language: coach.live_session([coach.create_company(f"Acme {language}")], language=language)
            for language in WORDS}
    coach.close()
    return made


@pytest.mark.parametrize("language", ["en", "sv"])
def test_the_projector_says_phones_cannot_join_at_loopback_beside_the_qr_code(screens, site, sessions, language):
    session_id, code = sessions[language]
    host = f"127.0.0.1:{site.process.port}"
    projector = screens.projector()
    log_in(projector)
    projector.goto(f"/f/sessions/{session_id}/projector")
    assert_warns(projector, language, host, code, site.process.port)

    warning = projector.get_by_role("region", name=WORDS[language]["title"].format(host=host))
    panel = projector.get_by_role("complementary", name=WORDS[language]["join"])
    qr_code = panel.get_by_role("img", name=re.compile(rf"^{WORDS[language]['qr']} http:\/\/127\.0\.0\.1:"))
    whole = {"the QR code": qr_code, "the link under it": panel.get_by_text(f"/j/{code}"),
             "the stage's title": projector.get_by_role("heading", level=1)}
    for size in ({"width": 1920, "height": 1080}, {"width": 1280, "height": 720}):
        projector.set_viewport_size(size)
        # the projector's own buttons stay on top of the screen: neither they nor the warning may hide these
        buttons = [button for button in projector.get_by_role("button").all() if button.is_visible()]
        covering = {"the warning": warning} | {f"the button {button.inner_text()!r}": button for button in buttons}
        for element in (*whole.values(), warning):
            expect(element).to_be_in_viewport(ratio=1)
        for what, element in whole.items():
            for cover, above in covering.items():
                assert not overlap(element.bounding_box(), above.bounding_box()), \
                    f"{cover} covers {what} at {size['width']}×{size['height']}"


@pytest.mark.parametrize("language", ["en", "sv"])
def test_the_control_view_says_phones_cannot_join_at_loopback(screens, site, sessions, language):
    session_id, code = sessions[language]
    laptop = screens.projector()
    log_in(laptop)
    laptop.goto(f"/f/sessions/{session_id}")
    if language == "sv":
        laptop.get_by_role("button", name="Svenska").click()
        expect(laptop.locator("html")).to_have_attribute("lang", "sv")
    assert_warns(laptop, language, f"127.0.0.1:{site.process.port}", code, site.process.port)
