"""Issue 5's "done when", in a real browser, in English and in Chinese: a
manager sees the team's month on the home page, sets next year's targets,
finds the rep who is behind, clicks through to that rep's contract, and exports
the performance page as a PDF report and its members as Excel."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from pypdf import PdfReader

from dashboard.reports import report_view
from services.database import Database
from services.targets import TargetRowIn, save_targets
from tests.browser.conftest import (
    grid_cell,
    grid_column,
    login,
    row_cell,
    visit,
    wait_for_grid,
    wait_for_path_matching,
    wait_until,
)
from tests.browser.test_import_export import downloaded
from tests.browser.test_performance import add_contracts
from tests.browser.test_targets import cell

pytestmark = pytest.mark.browser
TODAY = dt.date.today()
TEXT = {
    "en": {"greeting": "Hello, {name}", "saved": "Targets saved (12 months)."},
    "zh_CN": {"greeting": "您好，{name}", "saved": "目标已保存（12 个月）。"},
}


def set_member_targets(seeded_db) -> None:
    """This year's monthly targets: Rep A1 500 (ahead), Rep A2 1,000 (behind)."""
    from services.org import build_actor

    db = Database(seeded_db.url)
    try:
        with db.unit_of_work() as session:
            leader = build_actor(session, seeded_db.user_ids["leader_a"])
            save_targets(
                session,
                leader,
                team_id=leader.team_id,
                year=TODAY.year,
                metric="contract_amount",
                rows=[
                    TargetRowIn("user", seeded_db.user_ids["rep_a1"], ["500"] * 12),
                    TargetRowIn("user", seeded_db.user_ids["rep_a2"], ["1000"] * 12),
                ],
            )
    finally:
        db.dispose()


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_a_manager_reviews_the_month_and_exports_performance(crm, seeded_db, language):
    text = TEXT[language]
    add_contracts(
        seeded_db, [("rep_a1", "1000.00", 1), ("rep_a2", "200.00", 1)], TODAY.month
    )
    set_member_targets(seeded_db)
    seeded_db.set_language("leader_a", language)
    login(crm, "leader_a", greeting=text["greeting"])

    # The team's month at a glance.
    crm.wait_for_contains_text("#home-month", "¥1,200.00")

    # Next year's targets: a yearly number for the team, spread over the months.
    visit(crm, "/targets")
    year = crm.find_element("#targets-year")
    year.find_element("css selector", f"option[value='{TODAY.year + 1}']").click()
    wait_for_grid(crm, "targets-grid", lambda names: len(names) == 4, "no grid")
    wait_until(
        crm,
        lambda: cell(crm, "Rep A1", "m1").text == "",
        "next year's grid still shows this year's targets",
    )
    grid_cell(crm, "targets-grid", "Team A").click()
    crm.find_element("#targets-yearly").send_keys("120000")
    crm.find_element("#targets-distribute").click()
    wait_until(
        crm,
        lambda: cell(crm, "Team A", "m12").text == "10000.00",
        "the yearly amount was not spread",
    )
    crm.find_element("#targets-save").click()
    crm.wait_for_contains_text("#targets-message", text["saved"])

    # Who is behind this month: the lowest attainment in the members table.
    visit(crm, "/performance?period=this_month")
    wait_for_grid(
        crm,
        "report-performance-members-grid",
        lambda names: {"Rep A1", "Rep A2"} <= set(names),
        "members not listed",
    )
    attainments = dict(
        zip(
            grid_column(crm, "report-performance-members-grid", "name"),
            grid_column(crm, "report-performance-members-grid", "attainment"),
            strict=True,
        )
    )
    assert attainments["Rep A1"] == "200.0%"
    assert attainments["Rep A2"] == "20.0%"

    # Through to that rep's contracts.
    row_cell(crm, "report-performance-members-grid", "Rep A2", "actual").click()
    crm.wait_for_contains_text("#report-performance-drill-summary", "¥200.00")
    wait_for_grid(
        crm,
        "report-performance-drill-grid",
        lambda numbers: numbers == ["HT-PERF-1"],
        "the drill-down did not list Rep A2's contract",
        col_id="number",
    )
    crm.find_element("#report-performance-drill-grid a").click()
    wait_for_path_matching(crm, r"/contracts/\d+")
    crm.wait_for_contains_text("body", "HT-PERF-1")

    # Exports: the members' numbers as Excel, the page as a PDF report.
    visit(crm, "/performance?period=this_month")
    wait_for_grid(
        crm,
        "report-performance-members-grid",
        lambda names: "Rep A2" in names,
        "members not listed",
    )
    crm.find_element("#report-performance-members-export").click()
    crm.wait_for_element("#report-performance-members-export-xlsx").click()
    book = openpyxl.load_workbook(downloaded(crm, ".xlsx"))
    rows = [[c.value for c in row] for row in book.worksheets[0].iter_rows()]
    book.close()
    assert ["Rep A2", Decimal("200")] == [rows[2][0], Decimal(str(rows[2][2]))]

    crm.driver.execute_script("window.scrollTo(0, 0)")  # under the top bar
    crm.find_element("#report-performance-pdf").click()
    pdf = downloaded(crm, ".pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) == len(report_view("performance").report.sections)
    assert "Rep A2" in pages[2].extract_text()
    assert crm.get_logs() == []
