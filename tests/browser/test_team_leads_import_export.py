"""Team customers: transfer and export; leads: export and import (a bad row is
reported, then the fixed file is imported)."""

import openpyxl
import pytest

from tests.browser.conftest import (
    fill,
    login,
    select_grid_row,
    visit,
    wait_for_grid,
)
from tests.browser.test_import_export import downloaded, upload
from tests.browser.test_leads import lead_ids  # noqa: F401 - fixture
from tests.browser.test_transfer import choose_new_owner

pytestmark = pytest.mark.browser

TEAM_TOTAL = 48


def rows_of(path) -> tuple[list, list[list]]:
    workbook = openpyxl.load_workbook(path)
    header, *rows = [[c.value for c in r] for r in workbook.active.iter_rows()]
    workbook.close()
    return header, rows


def search_team(crm, name: str) -> None:
    fill(crm, "#team-customers-search", f"{name}\n")
    wait_for_grid(
        crm, "team-customers-grid", lambda names: names == [name], "no narrowing"
    )


def test_leader_transfers_and_exports_team_customers(crm, seeded_db):
    login(crm, "leader_a")
    visit(crm, "/team-customers")
    crm.wait_for_text_to_equal("#team-customers-total", f"Total: {TEAM_TOTAL}")

    search_team(crm, "Rep A2 Account")
    select_grid_row(crm, "team-customers-grid", "Rep A2 Account")
    crm.wait_for_element("#team-customers-transfer-open:enabled").click()
    crm.wait_for_text_to_equal(
        "#team-customers-transfer-summary", "Customers to transfer: 1"
    )
    choose_new_owner(crm, "team-customers", seeded_db, "rep_a1", "Rep A1")
    crm.find_element("#team-customers-transfer-confirm").click()
    crm.wait_for_contains_text("#team-customers-message", "Transferred: 1")
    wait_for_grid(
        crm,
        "team-customers-grid",
        lambda names: names == ["Rep A2 Account"],
        "the grid never refreshed",
    )

    crm.find_element("#team-customers-export").click()
    crm.wait_for_element("#team-customers-export-filtered-xlsx").click()
    header, rows = rows_of(downloaded(crm, ".xlsx"))
    assert [(row[0], row[header.index("Owner")]) for row in rows] == [
        ("Rep A2 Account", "Rep A1")
    ]
    assert crm.get_logs() == []


def test_rep_exports_the_filtered_lead_list(crm, lead_ids):  # noqa: F811
    login(crm, "rep_a1")
    visit(crm, "/leads")
    crm.wait_for_text_to_equal("#leads-total", "Total: 3")
    fill(crm, "#leads-search", "harbour\n")
    crm.wait_for_text_to_equal("#leads-total", "Total: 1")

    crm.find_element("#leads-export").click()
    crm.wait_for_element("#leads-export-filtered-xlsx").click()
    header, rows = rows_of(downloaded(crm, ".xlsx"))
    assert header[:3] == ["Name", "Company", "Mobile"]
    assert [row[:2] for row in rows] == [["Zhang Wei", "Harbour Lights Trading"]]
    assert crm.get_logs() == []


def test_lead_import_reports_a_bad_row_then_imports_the_fixed_file(crm, tmp_path):
    bad = tmp_path / "leads.csv"
    bad.write_text(
        "姓名,公司名称,手机号\nImported Lead A,Acme,13800000001\n"
        "Imported Lead B,Beta,12345\n",
        encoding="utf-8-sig",
    )
    login(crm, "rep_a1")
    visit(crm, "/leads")
    crm.wait_for_element("#leads-import-link").click()
    crm.wait_for_element("#lead-import-upload")

    upload(crm, bad, "lead")
    crm.wait_for_contains_text("#lead-import-file-summary", "2 rows, 3 columns")
    crm.find_element("#lead-import-check").click()
    crm.wait_for_contains_text("#lead-import-summary", "1 problems")
    assert "3 Mobile 12345" in crm.find_element("#lead-import-problems").text
    assert crm.find_element("#lead-import-commit").get_attribute("disabled")

    fixed = tmp_path / "leads-fixed.csv"
    fixed.write_text(
        bad.read_text(encoding="utf-8-sig").replace("12345", "13800000002"),
        encoding="utf-8-sig",
    )
    upload(crm, fixed, "lead")
    crm.wait_for_contains_text("#lead-import-file-summary", "leads-fixed.csv")
    crm.find_element("#lead-import-check").click()
    crm.wait_for_contains_text("#lead-import-summary", "2 to create")
    crm.find_element("#lead-import-commit").click()
    crm.wait_for_contains_text(
        "#lead-import-report", "Imported: 2 created, 0 updated, 0 skipped."
    )
    crm.find_element("#lead-import-done").click()
    crm.wait_for_text_to_equal("#leads-total", "Total: 2")
    assert crm.get_logs() == []
