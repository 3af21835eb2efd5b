"""Administration in the browser: an admin adds a customer source, moves it up,
disables a source a customer uses (its detail still shows the label, the new
customer form no longer offers it), then reads the operation log, filtered by
user, and opens one entry's before/after view."""

import pytest
from sqlalchemy import update

import models
from services.database import Database
from tests.browser.conftest import (
    UNIQUE_CUSTOMER,
    count,
    fill,
    grid_cell,
    grid_column,
    login,
    open_detail,
    visit,
    wait_for_value,
    wait_until,
)

pytestmark = pytest.mark.browser

GRID = "admin-dictionaries-grid"
LOG_GRID = "admin-log-grid"


def give_source(seeded_db, name: str, source: str) -> None:
    database = Database(seeded_db.url)
    try:
        with database.unit_of_work() as session:
            session.execute(
                update(models.Customer)
                .where(models.Customer.id == seeded_db.customer_ids[name])
                .values(source=source)
            )
    finally:
        database.dispose()


def wait_for_codes(dash_duo, expected: list[str]) -> None:
    wait_until(
        dash_duo,
        lambda: grid_column(dash_duo, GRID, "code") == expected,
        lambda: f"codes are {grid_column(dash_duo, GRID, 'code')}, not {expected}",
    )


def select_entry(dash_duo, code: str) -> None:
    """Click the entry's row; wait until the toolbar acts on it."""
    grid_cell(dash_duo, GRID, code, "code").click()
    wait_until(
        dash_duo,
        lambda: (
            not dash_duo.find_element("#admin-dictionaries-edit").get_attribute(
                "disabled"
            )
        ),
        f"selecting {code!r} never enabled the toolbar",
    )


def click_enabled(dash_duo, selector: str) -> None:
    button = dash_duo.find_element(selector)
    wait_until(
        dash_duo,
        lambda: not button.get_attribute("disabled"),
        f"{selector} stayed disabled",
    )
    button.click()


def select_options(dash_duo, selector: str) -> list[str]:
    return [o.text for o in dash_duo.find_elements(f"{selector} option")]


def test_admin_manages_sources_and_reads_the_operation_log(crm, seeded_db):
    give_source(seeded_db, UNIQUE_CUSTOMER, "web")
    login(crm, "admin")

    # Add a source: its code is built from the English label, it goes last.
    visit(crm, "/admin/dictionaries")
    wait_for_codes(crm, ["referral", "web", "expo"])
    fill(crm, "#admin-dictionaries-add-label-zh", "电话营销")
    fill(crm, "#admin-dictionaries-add-label-en", "Telemarketing")
    crm.find_element("#admin-dictionaries-add").click()
    crm.wait_for_contains_text(
        "#admin-dictionaries-message", "Entry added with code telemarketing."
    )
    wait_for_codes(crm, ["referral", "web", "expo", "telemarketing"])

    # Move it up one place.
    select_entry(crm, "telemarketing")
    click_enabled(crm, "#admin-dictionaries-up")
    wait_for_codes(crm, ["referral", "web", "telemarketing", "expo"])

    # Relabel it: the code stays.
    crm.find_element("#admin-dictionaries-edit").click()
    wait_for_value(crm, "#admin-dictionaries-edit-label-en", "Telemarketing")
    fill(crm, "#admin-dictionaries-edit-label-en", "Telesales")
    crm.find_element("#admin-dictionaries-edit-save").click()
    crm.wait_for_contains_text("#admin-dictionaries-message", "Entry saved.")
    wait_until(
        crm,
        lambda: grid_column(crm, GRID, "label_en")[2] == "Telesales",
        "the grid never showed the new label",
    )

    # Delete refuses a source a customer uses; disabling it works.
    select_entry(crm, "web")
    crm.find_element("#admin-dictionaries-delete").click()
    crm.wait_for_element("#admin-dictionaries-delete-confirm").click()
    crm.wait_for_contains_text(
        "#admin-dictionaries-message", "disable it instead of deleting"
    )
    wait_until(
        crm,
        lambda: crm.find_element("#admin-dictionaries-toggle").text == "Disable",
        "the toggle does not offer to disable the selected source",
    )
    crm.find_element("#admin-dictionaries-toggle").click()
    crm.wait_for_contains_text("#admin-dictionaries-message", "Entry disabled.")
    wait_until(
        crm,
        lambda: grid_column(crm, GRID, "status")[1] == "Disabled",
        "the row never showed Disabled",
    )

    # History stays readable; new forms no longer offer it.
    open_detail(crm, seeded_db, UNIQUE_CUSTOMER)
    crm.wait_for_contains_text("#customer-detail-info", "Website")
    visit(crm, "/customers/new")
    crm.wait_for_element("#customer-form-source option")
    sources = select_options(crm, "#customer-form-source")
    assert "Telesales" in sources
    assert "Website" not in sources

    # The operation log, filtered by user, and one entry's before/after.
    visit(crm, "/admin/operation-log")
    crm.wait_for_contains_text("#admin-log-total", "Total:")
    crm.select_dcc_dropdown("#admin-log-user", value="Admin")
    wait_until(
        crm,
        lambda: (
            (users := grid_column(crm, LOG_GRID, "actor"))
            and set(users) == {"Admin"}
            and grid_column(crm, LOG_GRID, "action_label")[:3]
            == [
                "Dictionary entry disabled",
                "Dictionary entry edited",
                "Dictionary entry moved",
            ]
        ),
        lambda: f"log shows {grid_column(crm, LOG_GRID, 'actor')}",
    )
    crm.wait_for_text_to_equal("#admin-log-total", "Total: 4")
    first_changes = crm.find_element(
        f"#{LOG_GRID} .ag-center-cols-container .ag-row[row-index='0'] "
        "[col-id='changes_label']"
    )
    first_changes.click()
    crm.wait_for_element("#admin-log-diff-table")
    crm.wait_for_contains_text("#admin-log-diff-table", "Active")
    row = crm.find_element("#admin-log-diff-table tbody tr").text
    assert row == "Active Yes → No"
    assert count(crm, "#admin-log-diff-table tbody tr") == 1
    assert crm.get_logs() == []


def test_rep_sees_no_admin_pages(crm):
    login(crm, "rep_a1")
    assert count(crm, "a[href='/admin/dictionaries']") == 0
    assert count(crm, "a[href='/admin/operation-log']") == 0
    visit(crm, "/admin/dictionaries")
    crm.wait_for_contains_text(".admin-forbidden", "You do not have permission")
    visit(crm, "/admin/operation-log")
    crm.wait_for_contains_text(".admin-forbidden", "You do not have permission")
    assert crm.get_logs() == []
