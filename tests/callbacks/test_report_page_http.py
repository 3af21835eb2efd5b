"""Every analytics page's callbacks over HTTP, as the renderer calls them: each
section loads for a rep, a leader and an admin; filters outside the viewer's
scope are "not found"; a table cell drills into the records behind it; data
exports are valid spreadsheets and the report is a PDF."""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
from decimal import Decimal

import openpyxl
import plotly.graph_objects as go
import pytest

from dashboard.callback_client import call_callback
from dashboard.ids import ReportPage
from dashboard.reports import report_view, report_views
from models import Contract
from tests.callbacks.conftest import dash_response, login

VIEWS = [view.report.key for view in report_views()]
GENERIC_ERROR = "Something went wrong"


def filter_values(view, *, period="this_year", team=None, member=None, **options):
    """The filter bar's values in widget order (period, start, end, team, member,
    then the report's options)."""
    return [
        period,
        None,
        None,
        team,
        member,
        *[options.get(o.key, o.default) for o in view.report.options],
    ]


def add_contract(world, owner: str, amount: str, signed: dt.date) -> None:
    """An approved contract as the approval engine leaves it."""
    with world.database.unit_of_work() as session:
        from services.org import build_actor

        actor = build_actor(session, world.users[owner])
        session.add(
            Contract(
                number=f"HT-R-{owner}-{amount}",
                name=f"Deal of {owner}",
                name_normalized=f"dealof{owner}",
                customer_id=world.customers["rep_a1"],
                amount=Decimal(amount),
                paid_amount=Decimal(0),
                sign_date=signed,
                owner_id=actor.user_id,
                status="approved",
                approved_owner_id=actor.user_id,
                approved_team_id=actor.team_id,
            )
        )


@pytest.mark.parametrize("who", ["rep_a1", "leader_a", "admin"])
@pytest.mark.parametrize("key", VIEWS)
def test_every_section_loads_for_every_kind_of_viewer(client, app, world, key, who):
    view = report_view(key)
    ids = ReportPage(key)
    login(client, who)

    for section in view.report.sections:
        response = call_callback(
            client, app, f"{ids.grid(section.key)}.rowData", *filter_values(view)
        )
        outputs = dash_response(response)
        columns = outputs[ids.grid(section.key)]["columnDefs"]
        assert columns, f"{key}/{section.key} has no columns"
        assert GENERIC_ERROR not in response.get_data(as_text=True)
        if section.key in view.figures:
            figure = outputs[ids.graph(section.key)]["figure"]
            assert figure["layout"]["title"]
            # plotly's check of the dict: valid names, nothing left to expand
            # (a "marker_color" key would become "marker": {"color": …}).
            assert go.Figure(figure).to_plotly_json() == figure


def test_a_team_outside_the_scope_is_not_found(client, app, world):
    view = report_view("rankings")
    ids = ReportPage("rankings")
    login(client, "leader_a")
    with world.database.read_only() as session:
        from models import User

        team_b = session.get(User, world.users["rep_b1"]).team_id

    summary = call_callback(
        client,
        app,
        f"{ids.SUMMARY}.children",
        *filter_values(view, team=str(team_b)),
    )
    section = call_callback(
        client,
        app,
        f"{ids.grid('ranking')}.rowData",
        *filter_values(view, team=str(team_b)),
    )

    assert "Record not found." in json.dumps(dash_response(summary))
    assert dash_response(section)[ids.grid("ranking")]["rowData"] == []


def ranking_rows(client, app, view, **filters) -> list[dict]:
    ids = ReportPage("rankings")
    response = call_callback(
        client,
        app,
        f"{ids.grid('ranking')}.rowData",
        *filter_values(view, **filters),
    )
    return dash_response(response)[ids.grid("ranking")]["rowData"]


def test_a_ranking_cell_drills_into_its_contracts(client, app, world):
    today = dt.date.today()
    add_contract(world, "rep_a1", "1200.00", today)
    add_contract(world, "rep_a2", "500.00", today)
    add_contract(world, "rep_b1", "9999.00", today)
    view = report_view("rankings")
    ids = ReportPage("rankings")
    login(client, "leader_a")
    rows = ranking_rows(client, app, view, period="this_month")
    first = rows[0]
    assert first["contract_amount"] == 1200.0

    grids = [rows]
    response = call_callback(
        client,
        app,
        f"{ids.DRILL}.is_open",
        None,  # the chart's clickData
        {"rowId": first["_id"], "colId": "contract_amount"},
        1,
        *filter_values(view, period="this_month"),
        *grids,
        None,
        changed=f"{ids.grid('ranking')}.cellClicked",
    )

    outputs = dash_response(response)
    assert outputs[ids.DRILL]["is_open"] is True
    drilled = outputs[ids.DRILL_GRID]["rowData"]
    assert [row["amount"] for row in drilled] == [1200.0]
    assert "¥1,200.00" in outputs[ids.DRILL_SUMMARY]["children"]
    assert "/contracts/" in drilled[0]["_open"]


def download(response) -> bytes:
    data = dash_response(response)
    payload = next(v for v in data.values() if "data" in v)["data"]
    return base64.b64decode(payload["content"])


def test_section_data_exports_as_xlsx(client, app, world):
    add_contract(world, "rep_a1", "1200.00", dt.date.today())
    view = report_view("rankings")
    ids = ReportPage("rankings")
    login(client, "leader_a")
    triggers = [0] * 2 * len(view.report.sections)
    triggers[0] = 1  # the first section's xlsx

    response = call_callback(
        client,
        app,
        f"{ids.export('ranking', 'xlsx')}.n_clicks",
        *triggers,
        *filter_values(view, period="this_month"),
        changed=f"{ids.export('ranking', 'xlsx')}.n_clicks",
    )

    book = openpyxl.load_workbook(io.BytesIO(download(response)))
    sheet = book.worksheets[0]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert "Rep A1" in values[1]
    assert 1200 in values[1]


def test_the_page_exports_as_a_pdf_report(client, app, world):
    view = report_view("work-statistics")
    ids = ReportPage("work-statistics")
    login(client, "leader_a")

    response = call_callback(
        client,
        app,
        f"{ids.PDF}.n_clicks",
        1,
        *filter_values(view),
    )

    content = download(response)
    assert content.startswith(b"%PDF")
    from pypdf import PdfReader

    assert len(PdfReader(io.BytesIO(content)).pages) == len(view.report.sections)
