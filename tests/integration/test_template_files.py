"""Templates as JSON files: `flask template list|export|import`, round trips, and broken files refused whole."""
import json

import pytest

from tests.conftest import join

BUILTIN_EN = "Social media: security, time and effect"


@pytest.fixture
def cli(app):
    runner = app.test_cli_runner()

    def run(*args):
        return runner.invoke(args=list(args))
    return run


def test_list_shows_one_template_a_line_name_first(cli, make):
    lines = cli("template", "list").output.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(BUILTIN_EN + "\t")
    assert "12 steps" in lines[0]


def test_export_import_export_is_identical(cli, make, tmp_path, sql):
    make.facilitator("coach@example.org")
    first = cli("template", "export", BUILTIN_EN)
    assert first.exit_code == 0, first.output
    document = json.loads(first.output)
    assert document["schema"] == 1
    assert [step["kind"] for step in document["steps"]] == [
        "info", "choice", "rating", "info", "ideas", "number", "points", "ideas", "kpi", "rating", "commitments", "summary"]

    (tmp_path / "framework.json").write_text(first.output, encoding="utf-8")
    imported = cli("template", "import", str(tmp_path / "framework.json"), "--facilitator", "coach@example.org")
    assert imported.exit_code == 0, imported.output
    [(new_id,)] = sql("select id from template where facilitator_id is not null")
    again = cli("template", "export", str(new_id))
    assert again.output == first.output


def test_a_broken_file_lists_every_problem_where_it_is_and_imports_nothing(cli, make, tmp_path, sql):
    broken = {
        "schema": 1,
        "name": {"sv": "Trasig", "en": "Broken"},
        "steps": [
            {"kind": "info", "title": {"sv": "Hej", "en": "Hello"}},
            {"kind": "slideshow", "title": {"sv": "x", "en": "x"}},
            {"kind": "rating", "title": {"sv": "", "en": "Rate"}, "settings": {"scale": 11}, "items": []},
            {"kind": "choice", "title": {"sv": "Val", "en": "Pick"}, "colour": "red",
             "items": [{"label": {"sv": "A", "en": "A"}, "benchmark": 140}]},
        ],
    }
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(broken), encoding="utf-8")
    before = sql("select count(*) from template")
    result = cli("template", "import", str(path))
    assert result.exit_code != 0
    for where in ("steps[1].kind", "steps[2].title.sv", "steps[2].settings.scale", "steps[2].items",
                  "steps[3].colour", "steps[3].items[0].benchmark", "steps[3].items"):
        assert f"{where}: " in result.output, f"{where} not reported:\n{result.output}"
    assert "steps[0]" not in result.output, "a correct step is not reported"
    assert "nothing was imported" in result.output
    assert sql("select count(*) from template") == before
    assert sql("select count(*) from template_step where template_id not in (select id from template)") == [(0,)]


def test_a_file_that_is_not_json_says_where(cli, tmp_path, sql):
    path = tmp_path / "not.json"
    path.write_text('{"schema": 1,\n "name": {', encoding="utf-8")
    result = cli("template", "import", str(path))
    assert result.exit_code != 0
    assert "line 2: This is not valid JSON." in result.output
    assert sql("select count(*) from template") == [(1,)]


def test_importing_twice_keeps_both_under_distinct_names(cli, make, tmp_path, sql):
    path = tmp_path / "framework.json"
    path.write_text(cli("template", "export", BUILTIN_EN).output, encoding="utf-8")
    assert cli("template", "import", str(path)).exit_code == 0
    assert cli("template", "import", str(path)).exit_code == 0
    names = [line.split("\t")[0] for line in cli("template", "list").output.splitlines()]
    assert names == [BUILTIN_EN, BUILTIN_EN + " (2)", BUILTIN_EN + " (3)"]


def test_html_in_an_imported_template_is_shown_as_text(app, cli, make, tmp_path, sql):
    document = json.loads(cli("template", "export", BUILTIN_EN).output)
    document["steps"][0]["title"]["en"] = "<img src=x onerror=alert(1)> Welcome"
    path = tmp_path / "html.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    facilitator = make.facilitator("coach@example.org")
    assert cli("template", "import", str(path), "--facilitator", "coach@example.org").exit_code == 0
    company = make.company(facilitator, "Acme AB")
    [(template_id,)] = sql("select id from template where facilitator_id = :f", f=facilitator)
    _session_id, code = make.session(facilitator, [company], template_id=template_id)
    client = app.test_client()
    join(client, code, company)
    page = client.get(f"/p/{code}").get_data(as_text=True)
    assert "&lt;img src=x onerror=alert(1)&gt; Welcome" in page
    assert "<img src=x" not in page
