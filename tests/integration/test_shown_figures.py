"""Figures as people read them, alike on the projector, the summary page and every export: rounded half up
(4.25 reads 4.3), a change that agrees with the two means beside it, a poll's percentages adding up to 100, and
one way of writing a percentage per language (Babel's: "34%" in English, "34 %" in Swedish)."""
import re

import pytest

from tests.conftest import csrf_from, join, login
from workshop.extensions import db
from workshop.services.answers import submit

CHOICE, RATING, RERATING = 1, 2, 9
NBSP = "\xa0"


def _phones(app, code, company_id, count) -> list[int]:
    """Participant ids of `count` phones of one company that joined through the join page."""
    from workshop.models import Participant
    for _ in range(count):
        join(app.test_client(), code, company_id)
    with app.app_context():
        return list(db.session.scalars(db.select(Participant.id).where(Participant.company_id == company_id)
                                       .order_by(Participant.id)))


@pytest.fixture
def rated(app, world, make):
    """Four phones of Acme rated "Security on the net" 3, 3, 3, 2 (mean 2.75) and "Time" 3, 3, 2 (2.67); after
    the talk they rated them 5, 5, 4, 3 (4.25) and 5, 4, 4 (4.33)."""
    phones = _phones(app, world["code"], world["acme"], 4)
    make.act_to(world["facilitator"], world["session"], RERATING)  # copies the concerns into the re-rating
    for position, security, time in ((RATING, (3, 3, 3, 2), (3, 3, 2)), (RERATING, (5, 5, 4, 3), (5, 4, 4))):
        step, items = make.step(world["session"], position)
        with app.app_context():
            for index, phone in enumerate(phones):
                form = {f"item-{items[0]}": [str(security[index])]}
                if index < len(time):
                    form[f"item-{items[1]}"] = [str(time[index])]
                submit(phone, step, form)
    return world


def _rating_rows(html: str) -> dict[str, str]:
    """Each rated item's text → its row as read (tags dropped), for the first rating block of the HTML."""
    block = html.split('<ul class="ratings">')[1].split("</ul>")[0]
    rows = {}
    for row in block.split("<li>")[1:]:
        label = re.search(r'class="bar-label">([^<]*)<', row)[1]
        rows[label] = " ".join(re.sub(r"<[^>]+>", " ", row.split("</span>", 1)[1]).split())
    return rows


def test_means_round_half_up_and_the_change_is_the_difference_of_the_means_shown(app, rated, make):
    coach = app.test_client()
    login(coach)
    page = coach.get(f"/f/sessions/{rated['session']}/summary").get_data(as_text=True)
    rerating = _rating_rows(page.split("10. What holds you back now?")[1])
    # 4.25 → 4.3 and 2.75 → 2.8 (half to even wrote 4.2 beside 2.8 and a change of +1.5).
    assert rerating["Security on the net"].startswith("mean 4.3 before 2.8, change +1.5")
    # 4.33 − 2.67 is 1.67, but the means read 4.3 and 2.7: the change shown is what a reader computes, +1.6.
    assert rerating["Time"].startswith("mean 4.3 before 2.7, change +1.6")
    markdown = coach.get(f"/f/sessions/{rated['session']}/export.md").get_data(as_text=True)
    assert "| Security on the net | 4.3 | 2.8 | +1.5 |" in markdown
    assert "| Time | 4.3 | 2.7 | +1.6 |" in markdown
    make.act(rated["facilitator"], rated["session"], "results")
    with app.app_context():
        from workshop import screens
        from workshop.models import WorkshopSession
        projector = screens.projector_results(db.session.get(WorkshopSession, rated["session"]))
    assert _rating_rows(projector)["Security on the net"].startswith("mean 4.3 before 2.8, change +1.5")


@pytest.fixture
def split_poll(app, world, make):
    """Three phones of Böna & Co each chose another option of the warm-up poll: a third each."""
    phones = _phones(app, world["code"], world["bona"], 3)
    make.act_to(world["facilitator"], world["session"], CHOICE)
    step, options = make.step(world["session"], CHOICE)
    with app.app_context():
        for phone, option in zip(phones, options):
            submit(phone, step, {"option": [str(option)]})
    return world


def _shown_percents(html: str) -> list[int]:
    return [int(share) for share in re.findall(r"\d+ · (\d+)(?:%|" + NBSP + "%)", html)]


def test_a_polls_percentages_add_up_to_100_on_every_screen_and_export(app, split_poll, make):
    coach = app.test_client()
    login(coach)
    make.act(split_poll["facilitator"], split_poll["session"], "results")
    page = coach.get(f"/f/sessions/{split_poll['session']}/summary").get_data(as_text=True)
    room = page.split("2. How do you keep up")[1].split("Whole room</h3>")[1].split("</section>")[0]
    assert _shown_percents(room) == [34, 33, 33, 0, 0]  # not 33 + 33 + 33 = 99
    with app.app_context():
        from workshop import screens
        from workshop.models import WorkshopSession
        projector = screens.projector_results(db.session.get(WorkshopSession, split_poll["session"]))
    assert _shown_percents(projector.split('class="head-counts"')[0]) == [34, 33, 33, 0, 0]
    markdown = coach.get(f"/f/sessions/{split_poll['session']}/export.md").get_data(as_text=True)
    room_md = markdown.split("## 2. How do you keep up")[1].split("### Whole room")[1].split("###")[0]
    assert re.findall(r"\| Conferences and seminars \| 1 \| 34% \| 23% \|", room_md)
    shares = [int(share) for share in re.findall(r"^\| [^|]+ \| \d+ \| (\d+)% \|", room_md, re.MULTILINE)]
    assert sum(shares) == 100


def test_a_swedish_session_writes_every_percentage_the_swedish_way(app, make):
    facilitator = make.facilitator()
    company = make.company(facilitator, "Nordljus AB")
    session_id, code = make.session(facilitator, [company], language="sv")
    phones = _phones(app, code, company, 3)
    make.act_to(facilitator, session_id, CHOICE)
    step, options = make.step(session_id, CHOICE)
    with app.app_context():
        for phone, option in zip(phones, options):
            submit(phone, step, {"option": [str(option)]})
    coach = app.test_client()
    login(coach)
    coach.post("/language", data={"lang": "sv", "csrf_token": csrf_from(coach.get("/f/").get_data(as_text=True))})
    page = coach.get(f"/f/sessions/{session_id}/summary").get_data(as_text=True)
    assert '<html lang="sv">' in page
    assert f"1 · 34{NBSP}%" in page and f"23{NBSP}%" in page  # the room's share and the survey's
    assert not re.search(r"\d%", page), "a percentage glued to its number, as in English"
    markdown = coach.get(f"/f/sessions/{session_id}/export.md").get_data(as_text=True)
    assert f"| 1 | 34{NBSP}% | 23{NBSP}% |" in markdown and not re.search(r"\d%", markdown)
