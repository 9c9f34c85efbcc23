"""Ids that are not yours or not ids at all, authority that is not yours, guessing: a 404 or a clear refusal,
never another session's or company's data."""
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from tests.conftest import csrf_from, join, login
from tests.support.figures import record
from workshop.extensions import db

BAD_IDS = ["0", "-1", "abc", "99999999999999999999", "1e3", "%00", "1;drop"]


@pytest.fixture
def two_coaches(app, make, world):
    """The world's facilitator, and another with a company, a cohort and a session of their own."""
    other = make.facilitator("other@example.org")
    other_company = make.company(other, "Other Co")
    other_session, _code = make.session(other, [other_company])
    with app.app_context():
        from workshop.models import Facilitator
        from workshop.services import cohorts, follow_up
        from workshop.models import Company
        cohort = cohorts.create_cohort(db.session.get(Facilitator, other), "Other round").id
        token = follow_up.issue_link(db.session.get(Company, other_company))
    return {"company": other_company, "session": other_session, "cohort": cohort, "token": token}


GET_ROUTES = ["/f/companies/{company}", "/f/companies/{company}/delete", "/f/companies/{company}/dossier.md",
              "/f/cohorts/{cohort}", "/f/sessions/{session}", "/f/sessions/{session}/summary",
              "/f/sessions/{session}/export.json", "/f/sessions/{session}/companies/{company}/export.csv"]
POST_ROUTES = ["/f/companies/{company}/link", "/f/companies/{company}/link/revoke", "/f/companies/{company}/cohort",
               "/f/companies/{company}/readings", "/f/companies/{company}/commitments/1",
               "/f/companies/{company}/readings/1/delete", "/f/sessions/{session}/next"]


def test_another_facilitators_ids_and_malformed_ids_are_not_found(app, world, two_coaches, sql):
    coach = app.test_client()
    login(coach)
    token = csrf_from(coach.get("/f/companies").get_data(as_text=True))
    for route in GET_ROUTES:
        assert coach.get(route.format(**two_coaches)).status_code == 404, route
        for bad in BAD_IDS:
            url = route.format(company=bad, cohort=bad, session=bad)
            # Werkzeug answers 405 when an id-shaped "0" fails the converter of a rule for another method.
            assert coach.get(url).status_code in (404, 405), url
    for route in POST_ROUTES:
        response = coach.post(route.format(**two_coaches), data={"csrf_token": token, "cohort": "", "done": "1"})
        assert response.status_code == 404, route
    assert sql("select access_token is not null from company where name = 'Other Co'") == [(True,)]
    record("foreign and malformed ids", f"{len(GET_ROUTES) * (1 + len(BAD_IDS)) + len(POST_ROUTES)} requests, "
           "all 404 (405 for an id-shaped 0), no other facilitator's data")


def test_a_participant_cookie_opens_no_facilitator_page_and_a_post_without_token_is_refused(app, world,
                                                                                           two_coaches):
    phone = app.test_client()
    join(phone, world["code"], world["acme"])
    for route in ("/f/companies", f"/f/companies/{world['acme']}", "/f/cohorts", "/f/settings"):
        response = phone.get(route)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login"), route
    assert phone.post(f"/f/companies/{world['acme']}/link").status_code in (400, 403)
    outsider = app.test_client()  # a form on another site posting to the private link: no token, refused
    response = outsider.post(f"/c/{two_coaches['token']}/readings", data={"kpi": "1", "value": "1"},
                             headers={"Origin": "http://evil.example"})
    assert response.status_code == 400


def test_guessing_private_links_hits_the_rate_limit(app, world):
    guesser = app.test_client()
    statuses = [guesser.get(f"/c/guess-{n}").status_code for n in range(35)]
    assert statuses[0] == 404 and 429 in statuses


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=40))
def test_any_text_as_a_private_link_is_simply_not_found(app, raw):
    from workshop.services import follow_up
    from workshop.services.errors import NotFound
    with app.app_context():
        with pytest.raises(NotFound):
            follow_up.company_by_token(raw)
