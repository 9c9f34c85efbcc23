"""`flask demo`: a finished workshop to try the tool with, made through the real services."""
from tests.conftest import login


def test_demo_creates_an_ended_session_with_answers_from_both_companies(app, make, sql, client):
    make.facilitator("coach@example.org")
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    code = result.output.split()[2]
    assert sql("select status from workshop_session where join_code = :c", c=code) == [("ended",)]
    per_company = sql("select c.name, count(*) from participant p join company c on c.id = p.company_id "
                      "group by c.name order by c.name")
    assert per_company == [("Demo: Kaffekollektivet", 3), ("Demo: Nordljus AB", 3)]
    answered = sql("select s.position, count(distinct r.participant_id) from response r "
                   "join session_step s on s.id = r.step_id group by s.position order by s.position")
    # choice, rating, ideas (votes), number, points, ideas (votes), the re-rating
    assert answered == [(1, 6), (2, 6), (4, 6), (5, 6), (6, 6), (7, 6), (9, 6)]
    first, again = (sql("select avg(r.value) from response r join session_step s on s.id = r.step_id "
                        "where s.position = :p", p=position)[0][0] for position in (2, 9))
    assert again < first, "the second rating of the concerns is calmer"
    assert sql("select count(*) from step_item i join session_step s on s.id = i.step_id "
               "where s.position = 9 and i.source_item_id is not null") == [(3,)], "step 10 re-rates step 3's items"
    assert sql("select count(*) from kpi group by company_id") == [(3,), (3,)]
    assert sql("select count(*) from commitment group by company_id") == [(2,), (2,)]

    summary_url = result.output.splitlines()[1].split()[-1]
    login(client)
    page = client.get(summary_url.removeprefix("http://127.0.0.1:5000")).get_data(as_text=True)
    assert "Demo: Nordljus AB" in page and "Demo: Kaffekollektivet" in page


def test_demo_without_a_facilitator_says_what_to_do(app, sql):
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code != 0
    assert "facilitator create" in result.output
    assert sql("select count(*) from workshop_session") == [(0,)]


def test_every_registered_kind_that_takes_input_gets_demo_answers_the_services_accept(app, make):
    """A kind's demo answers (StepKind.demo_forms / demo_later_forms) go through answers.submit like a phone's;
    a kind registered with input and no demo answers would leave its step of the demo workshop empty."""
    from workshop.extensions import db
    from workshop.models import Facilitator, Response, StepItem
    from workshop.services import company_plans
    from workshop.services.demo import create_demo_session
    from workshop.steps import KINDS, kind_of
    facilitator_id = make.facilitator()
    with app.app_context():
        session = create_demo_session(db.session.get(Facilitator, facilitator_id))
        answered, asking = set(), set()
        for step in session.steps:
            kind = kind_of(step)
            if kind.asks_question(step):
                asking.add(kind.name)
            stored = (db.session.query(Response).filter_by(step_id=step.id).count()
                      + db.session.query(StepItem).filter(StepItem.step_id == step.id,
                                                          StepItem.participant_id.isnot(None)).count()
                      + (len(company_plans.rows_of(kind.company_list, step)) if kind.company_list else 0))
            if stored:
                answered.add(kind.name)
        assert answered == asking
        # the built-in template (the demo's) has a question of every kind that can ask one
        assert asking == {name for name, kind in KINDS.items() if kind.takes_input}
