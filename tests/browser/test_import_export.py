"""Export the filtered customer list as .xlsx; import a file with a bad row (the
report shows it, nothing is written), then the fixed file."""

from pathlib import Path

import openpyxl
import pytest
from selenium.webdriver.common.by import By

from tests.browser.conftest import (
    REP_A1_CUSTOMERS,
    UNIQUE_CUSTOMER,
    click_tab,
    login,
    open_customers,
    visit,
    wait_for_grid,
    wait_until,
)

pytestmark = pytest.mark.browser

INTENTION_CUSTOMERS = 12  # every 4th "Acme Client" from 01, plus UNIQUE_CUSTOMER


def downloaded(dash_duo, suffix: str) -> Path:
    """The finished download with this suffix (Chromium writes .crdownload first)."""
    folder = Path(dash_duo.download_path)
    return wait_until(
        dash_duo,
        lambda: next(iter(sorted(folder.glob(f"*{suffix}"))), None),
        lambda: f"no {suffix} download in {sorted(folder.iterdir())}",
    )


def test_export_the_filtered_customer_list_as_xlsx(crm):
    login(crm, "rep_a1")
    open_customers(crm, REP_A1_CUSTOMERS)
    click_tab(crm, "customers-stage-tabs", "Intention")
    crm.wait_for_text_to_equal("#customers-total", f"Total: {INTENTION_CUSTOMERS}")

    crm.find_element("#customers-export").click()
    crm.wait_for_element("#customers-export-filtered-xlsx").click()

    path = downloaded(crm, ".xlsx")
    workbook = openpyxl.load_workbook(path)
    header, *rows = [[c.value for c in r] for r in workbook.active.iter_rows()]
    workbook.close()
    assert header[:2] == ["Name", "Mobile"]
    assert len(rows) == INTENTION_CUSTOMERS
    assert UNIQUE_CUSTOMER in [row[0] for row in rows]
    assert {row[header.index("Stage")] for row in rows} == {"Intention"}
    assert crm.get_logs() == []


def upload(dash_duo, path: Path, wizard: str = "customer") -> None:
    selector = f"#{wizard}-import-upload input[type=file]"
    field = wait_until(
        dash_duo,
        lambda: next(
            iter(dash_duo.driver.find_elements(By.CSS_SELECTOR, selector)), None
        ),
        "no file input on the import page",
    )
    field.send_keys(str(path))


def test_import_reports_a_bad_row_then_imports_the_fixed_file(crm, tmp_path):
    bad = tmp_path / "customers.csv"
    bad.write_text(
        "Name,Mobile,Level\nImported Alpha,13800000001,A\nImported Beta,12345,B\n",
        encoding="utf-8-sig",
    )
    login(crm, "rep_a1")
    visit(crm, "/customers/import")

    upload(crm, bad)
    crm.wait_for_contains_text("#customer-import-file-summary", "2 rows, 3 columns")
    crm.find_element("#customer-import-check").click()
    crm.wait_for_contains_text("#customer-import-summary", "1 problems")
    problems = crm.find_element("#customer-import-problems").text
    assert "3 Mobile 12345" in problems
    assert crm.find_element("#customer-import-commit").get_attribute("disabled")

    fixed = tmp_path / "customers-fixed.csv"
    fixed.write_text(
        bad.read_text(encoding="utf-8-sig").replace("12345", "13800000002"),
        encoding="utf-8-sig",
    )
    upload(crm, fixed)
    crm.wait_for_contains_text("#customer-import-file-summary", "customers-fixed.csv")
    crm.find_element("#customer-import-check").click()
    crm.wait_for_contains_text("#customer-import-summary", "2 to create")
    crm.find_element("#customer-import-commit").click()
    crm.wait_for_contains_text(
        "#customer-import-report", "Imported: 2 created, 0 updated, 0 skipped."
    )

    open_customers(crm, REP_A1_CUSTOMERS + 2)
    crm.find_element("#customers-search").send_keys("Imported\n")
    wait_for_grid(
        crm,
        "customers-grid",
        lambda names: sorted(names) == ["Imported Alpha", "Imported Beta"],
        "the imported customers are not listed",
    )
    assert crm.get_logs() == []
