"""The template editor: copy, edit steps in both languages, reorder, import and export; a bad edit changes nothing
and says what is wrong; a session keeps its own snapshot."""
import io
import json
import re

import pytest

from tests.conftest import csrf_from, login


@pytest.fixture
def coach(client, make):
    facilitator = make.facilitator()
    login(client)
    token = csrf_from(client.get("/f/templates/").get_data(as_text=True))

    def post(path, data=None, **kwargs):
        return client.post(path, data={**(data or {}), "csrf_token": token}, **kwargs)
    return {"id": facilitator, "post": post, "get": client.get}


@pytest.fixture
def builtin_id(sql):
    return sql("select id from template where slug = 'social-media'")[0][0]


@pytest.fixture
def copy_id(coach, builtin_id):
    response = coach["post"](f"/f/templates/{builtin_id}/copy")
    assert response.status_code == 302
    return int(response.headers["Location"].rstrip("/").split("/")[-1])


def exported(coach, template_id):
    return json.loads(coach["get"](f"/f/templates/{template_id}/export.json").data)


def problems_on(page: str) -> list[str]:
    return [f"{where}: {message}" for where, message in re.findall(r"<li><strong>(.*?)</strong>: (.*?)</li>", page)]


def test_the_built_in_template_is_copied_not_edited(coach, copy_id, builtin_id):
    assert coach["get"](f"/f/templates/{builtin_id}").status_code == 403
    names = exported(coach, copy_id)["name"]
    assert names == {"sv": "Sociala medier: säkerhet, tid och effekt (kopia)",
                     "en": "Social media: security, time and effect (copy)"}


def test_a_step_is_edited_in_both_languages(coach, copy_id):
    response = coach["post"](f"/f/templates/{copy_id}/steps/1", {
        "title_sv": "Var hittar du nyheter?", "title_en": "Where do you find news?",
        "items_sv": "Poddar\nNyhetsbrev", "items_en": "Podcasts\nNewsletters", "benchmarks": "12\n", "multiple": "on"})
    assert response.status_code == 302
    step = exported(coach, copy_id)["steps"][1]
    assert step["title"] == {"sv": "Var hittar du nyheter?", "en": "Where do you find news?"}
    assert step["items"] == [{"label": {"sv": "Poddar", "en": "Podcasts"}, "benchmark": 12},
                             {"label": {"sv": "Nyhetsbrev", "en": "Newsletters"}}]
    assert step["settings"]["multiple"] is True


def test_a_bad_edit_lists_every_problem_keeps_what_was_typed_and_changes_nothing(coach, copy_id):
    before = exported(coach, copy_id)
    response = coach["post"](f"/f/templates/{copy_id}/steps/2", {
        "title_sv": "", "title_en": "Rate this", "scale": "11", "items_sv": "A\nB", "items_en": "A"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert problems_on(page) == ["Step 3 › title › sv: Cannot be empty.",
                                 "Step 3 › item 2 › label › en: Cannot be empty.",
                                 "Step 3 › settings › scale: A whole number from 2 to 10."]
    assert 'value="Rate this"' in page, "what the person typed is still in the form"
    assert exported(coach, copy_id) == before


def test_steps_are_added_moved_and_removed_and_chains_follow_their_source(coach, copy_id):
    kinds = lambda: [step["kind"] for step in exported(coach, copy_id)["steps"]]  # noqa: E731
    assert coach["post"](f"/f/templates/{copy_id}/steps", {"kind": "number"}).status_code == 302
    assert kinds()[-1] == "number"
    coach["post"](f"/f/templates/{copy_id}/steps/2/down")  # the concerns rating becomes step 4
    steps = exported(coach, copy_id)["steps"]
    assert steps[3]["kind"] == "rating" and steps[9]["settings"]["items_from"] == {"step": 4}
    coach["post"](f"/f/templates/{copy_id}/steps/0/delete")  # the welcome slide goes; the chain follows
    steps = exported(coach, copy_id)["steps"]
    assert steps[2]["kind"] == "rating" and steps[8]["settings"]["items_from"] == {"step": 3}


def test_removing_the_source_of_a_chain_is_refused_with_the_reason(coach, copy_id):
    before = exported(coach, copy_id)
    response = coach["post"](f"/f/templates/{copy_id}/steps/2/delete")
    assert response.status_code == 422
    assert "Step 9 › items: A rating needs at least one item to rate." in problems_on(response.get_data(as_text=True))
    assert exported(coach, copy_id) == before


def test_editing_a_template_never_changes_a_past_session(coach, copy_id, make, sql):
    company = make.company(coach["id"], "Acme AB")
    make.session(coach["id"], [company], template_id=copy_id)
    before = sql("select content from session_step order by position")
    coach["post"](f"/f/templates/{copy_id}/steps/0", {"title_sv": "Hej", "title_en": "Hello", "show_join": "on"})
    assert exported(coach, copy_id)["steps"][0]["title"]["en"] == "Hello"
    assert sql("select content from session_step order by position") == before


def test_import_from_the_page_lists_problems_and_imports_nothing(coach, sql):
    broken = {"schema": 1, "name": {"sv": "X", "en": "X"}, "steps": [{"kind": "points", "title": {"sv": "a", "en": "a"},
                                                                     "settings": {"budget": 0}}]}
    response = coach["post"]("/f/templates/import", {"file": (io.BytesIO(json.dumps(broken).encode()), "x.json")},
                             content_type="multipart/form-data")
    assert response.status_code == 422
    assert problems_on(response.get_data(as_text=True)) == [
        "Step 1 › settings › budget: A whole number from 1 to 100.",
        "Step 1 › items: Points need at least one item to spend them on."]
    assert sql("select count(*) from template") == [(1,)]


def test_import_from_the_page_round_trips_an_export(coach, copy_id):
    document = coach["get"](f"/f/templates/{copy_id}/export.json").data
    response = coach["post"]("/f/templates/import", {"file": (io.BytesIO(document), "t.json")},
                             content_type="multipart/form-data")
    assert response.status_code == 302
    new_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    again = exported(coach, new_id)
    assert again["steps"] == json.loads(document)["steps"]


def test_another_facilitators_template_is_out_of_reach(coach, copy_id, app, make):
    make.facilitator("other@example.org")
    other = app.test_client()
    login(other, "other@example.org")
    assert other.get(f"/f/templates/{copy_id}").status_code == 404
    assert other.get(f"/f/templates/{copy_id}/export.json").status_code == 404
