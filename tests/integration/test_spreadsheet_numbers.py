"""Spreadsheets get numbers they can sum: KPI figures and estimates as numbers with the unit in a column of its
own (a decimal comma in the CSV for Swedish Excel, numeric cells in the XLSX), and an XLSX that opens on an
overview of each step's figures for the room and each company."""
import csv
import io
import statistics

import openpyxl
import pytest

from tests.conftest import join, login
from workshop.extensions import db
from workshop.services.answers import submit

MINUTES, KPIS = 5, 8
HEADER = ["session", "step", "item", "company", "participant", "value", "unit", "time"]


@pytest.fixture
def figures(app, world, make):
    """Acme agreed on an engagement rate of 3.5 % going to 5 and its own KPI, "Posts", from −2 (a backlog) to
    12 st/månad; two of its phones and one of Böna's estimated 30, 45 and 120 minutes a week."""
    phones = []
    for company in (world["acme"], world["acme"], world["bona"]):
        join(app.test_client(), world["code"], company)
        with app.app_context():
            from workshop.models import Participant
            phones.append(db.session.scalar(db.select(Participant.id).order_by(Participant.id.desc())))
    make.act_to(world["facilitator"], world["session"], KPIS)
    kpi_step, _ = make.step(world["session"], KPIS)
    minutes_step, _ = make.step(world["session"], MINUTES)
    with app.app_context():
        from workshop.models import Kpi
        submit(phones[0], kpi_step, {"do": ["add"], "catalogue": ["engagement"], "nonce": ["k1"]})
        submit(phones[0], kpi_step, {"do": ["add"], "name": ["Posts"], "category": ["quantitative"], "nonce": ["k2"]})
        engagement, posts = db.session.scalars(db.select(Kpi.id).order_by(Kpi.id))
        for kpi, baseline, target, unit in ((engagement, "3,5", "5", "%"), (posts, "−2", "12", "st/månad")):
            submit(phones[0], kpi_step, {"do": ["save"], "kpi": [str(kpi)], "baseline": [baseline],
                                         "target": [target], "unit": [unit], "due": [""], "nonce": [f"s{kpi}"]})
        for phone, minutes in zip(phones, (30, 45, 120)):
            submit(phone, minutes_step, {"number": [str(minutes)]})
    return world


def _by_item(rows) -> dict[str, list]:
    return {row[2]: row for row in rows[1:]}


def test_csv_writes_kpi_figures_as_numbers_with_the_unit_beside_them(app, figures):
    coach = app.test_client()
    login(coach)
    text = coach.get(f"/f/sessions/{figures['session']}/export.csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == HEADER
    kpis = _by_item(rows)
    assert kpis["Engagement rate: baseline"][5:7] == ["3.5", "%"]
    assert kpis["Posts: baseline"][5:7] == ["-2", "st/månad"]  # a number, not neutralised text
    assert kpis["Posts: target"][5:7] == ["12", "st/månad"]
    minutes = [row[5:7] for row in rows if row[1].startswith("6.")]
    assert sorted(minutes) == [["120", "minutes"], ["30", "minutes"], ["45", "minutes"]]
    assert sum(float(row[5]) for row in rows[1:] if row[2].endswith(": target")) == 17


def test_csv_for_swedish_excel_writes_a_decimal_comma(app, figures):
    coach = app.test_client()
    login(coach)
    data = coach.get(f"/f/sessions/{figures['session']}/export.excel.csv").get_data()
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == HEADER
    kpis = _by_item(rows)
    assert kpis["Engagement rate: baseline"][5:7] == ["3,5", "%"]
    assert kpis["Engagement rate: target"][5:7] == ["5", "%"]
    assert all(len(row) == len(HEADER) for row in rows)


def test_xlsx_writes_numbers_as_numeric_cells(app, figures):
    coach = app.test_client()
    login(coach)
    book = openpyxl.load_workbook(io.BytesIO(coach.get(f"/f/sessions/{figures['session']}/export.xlsx").get_data()))
    kpi_sheet = next(sheet for sheet in book.worksheets if sheet.title.startswith("9."))
    rows = [[cell for cell in row] for row in kpi_sheet.iter_rows()]
    assert [cell.value for cell in rows[0]] == HEADER
    kpis = {row[2].value: row for row in rows[1:]}
    baseline = kpis["Engagement rate: baseline"]
    assert (baseline[5].value, baseline[5].data_type, baseline[6].value) == (3.5, "n", "%")
    assert (kpis["Posts: baseline"][5].value, kpis["Posts: baseline"][5].data_type) == (-2, "n")
    minutes_sheet = next(sheet for sheet in book.worksheets if sheet.title.startswith("6."))
    answers = [row for row in minutes_sheet.iter_rows(min_row=2)]
    assert sorted(row[5].value for row in answers) == [30, 45, 120]
    assert {row[5].data_type for row in answers} == {"n"} and {row[6].value for row in answers} == {"minutes"}


@pytest.fixture
def demo_session(app, make):
    facilitator_id = make.facilitator()
    with app.app_context():
        from workshop.models import Facilitator
        from workshop.services.demo import create_demo_session
        return create_demo_session(db.session.get(Facilitator, facilitator_id)).id


def _overview_table(sheet) -> tuple[list, dict]:
    """The overview's table of figures: its header, and (step, item, figure) → the row's cells after those."""
    rows = list(sheet.iter_rows())
    start = next(index for index, row in enumerate(rows) if row[0].value == "Step")
    header = [cell.value for cell in rows[start]]
    table = {}
    for row in rows[start + 1:]:
        if row[0].value:
            table[(row[0].value, row[1].value or "", row[2].value)] = row[3:len(header)]
    return header, table


def test_xlsx_opens_on_an_overview_of_each_steps_figures_for_the_room_and_each_company(app, demo_session):
    coach = app.test_client()
    login(coach)
    book = openpyxl.load_workbook(io.BytesIO(coach.get(f"/f/sessions/{demo_session}/export.xlsx").get_data()))
    assert book.active.title == "Overview" == book.sheetnames[0]
    header, table = _overview_table(book.active)
    assert header == ["Step", "Item", "Figure", "Whole room", "Demo: Kaffekollektivet", "Demo: Nordljus AB"]

    # The figures are those of the answers in the CSV, as numbers.
    answers = list(csv.reader(io.StringIO(coach.get(f"/f/sessions/{demo_session}/export.csv").get_data(
        as_text=True))))[1:]

    def values(step, item=None, company=None):
        return [float(row[5]) for row in answers if row[1] == step and (item is None or row[2] == item)
                and (company is None or row[3] == company)]

    concern = ("3. What holds you back?", "Security on the net")
    room, kaffe, nordljus = table[(*concern, "Mean")]
    assert {room.data_type, kaffe.data_type, nordljus.data_type} == {"n"}
    assert room.value == pytest.approx(sum(values(*concern)) / len(values(*concern)))
    mine = values(*concern, company="Demo: Nordljus AB")
    assert nordljus.value == pytest.approx(sum(mine) / len(mine))
    assert room.number_format == "0.0"
    assert [cell.value for cell in table[(*concern, "Answers")]] == [6, 3, 3]

    minutes = "6. Incentive: it takes less time than you fear"
    assert table[(minutes, "", "Median")][0].value == statistics.median(values(minutes))
    points = [cells[0].value for (step, _item, figure), cells in table.items()
              if step == "7. Habits that save time" and figure == "Points"]
    assert sum(points) == 6 * 3  # six phones spent their three points each
    poll = [cells[0].value for (step, _item, figure), cells in table.items() if step.startswith("2.")
            and figure == "Answers"]
    assert sum(poll) == 6
