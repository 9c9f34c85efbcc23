"""A laptop on a venue's hotspot (`make run`): the projector's QR code, read from the screen as a phone's camera
reads it, carries the laptop's network address, and is exactly the link printed under it. The address is only
read from the picture, never requested: the test's phone opens the same path on loopback."""
import io
import re
from urllib.parse import urlsplit

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import ON_A_HOTSPOT, log_in
from tests.support.phones import Facilitator
from workshop.services.join_address import only_this_machine

pytestmark = pytest.mark.browser

SERVER_ENV = ON_A_HOTSPOT
ACME = "Acme AB"


def decoded_qr_codes(png: bytes) -> list[str]:
    return [found.text for found in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
            if found.format == zxingcpp.BarcodeFormat.QRCode]


def test_the_projectors_qr_code_is_the_link_shown_at_the_laptops_network_address(screens, site):
    coach = Facilitator(site.url)
    session_id, code = coach.live_session([coach.create_company(ACME)])
    coach.close()

    projector = screens.projector()
    log_in(projector)
    projector.goto(f"/f/sessions/{session_id}/projector")
    panel = projector.get_by_role("complementary", name="Join on your phone")
    qr_code = panel.get_by_role("img", name=re.compile(r"^QR code for "))
    expect(qr_code).to_be_visible()
    shown = panel.get_by_text(re.compile(r"^https?://")).inner_text()

    assert decoded_qr_codes(qr_code.screenshot()) == [shown]
    assert shown == f"http://192.168.1.23:{site.process.port}/j/{code}"
    assert not only_this_machine(urlsplit(shown).hostname)
    expect(projector.get_by_role("region", name=re.compile("^Phones cannot join"))).to_have_count(0)

    projector.goto(f"/f/sessions/{session_id}")  # the control view has nothing to warn of either
    expect(projector.get_by_text(re.compile(r"^Join code: "))).to_be_visible()
    expect(projector.get_by_role("region", name=re.compile("^Phones cannot join"))).to_have_count(0)

    phone = screens.phone()  # the link's path leads to the company picker (its host is the laptop, not asked here)
    phone.goto(urlsplit(shown).path)
    expect(phone.get_by_role("radio", name=ACME, exact=True)).to_be_visible()
