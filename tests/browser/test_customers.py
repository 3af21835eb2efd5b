"""Customer list, create form, detail page, follow-ups, delete and restore."""

import pytest
from selenium.webdriver.common.keys import Keys

from tests.browser.conftest import (
    OLD_FOLLOWUP,
    REP_A1_CUSTOMERS,
    UNIQUE_CUSTOMER,
    click_tab,
    dash_prop,
    fill,
    grid_cell,
    is_invalid,
    login,
    open_customers,
    open_detail,
    select_grid_row,
    visit,
    wait_for_grid,
    wait_for_path,
    wait_for_path_matching,
    wait_for_tab_labels,
    wait_for_value,
    wait_until,
)

pytestmark = pytest.mark.browser

GRID = "#customers-grid"
PAGER = "#customers-pager"


def click_page(dash_duo, label: str) -> None:
    """Click a page number in the pager; wait until it is the active page."""
    link = wait_until(
        dash_duo,
        lambda: next(
            (
                a
                for a in dash_duo.find_elements(f"{PAGER} a.page-link")
                if a.text == label
            ),
            None,
        ),
        f"no page {label} in the pager",
    )
    link.click()
    dash_duo.wait_for_text_to_equal(f"{PAGER} .page-item.active", f"{label}\n(current)")


def test_list_shows_stage_counts_pages_and_search(crm):
    login(crm, "rep_a1")
    first_page = open_customers(crm)

    wait_for_tab_labels(
        crm,
        "customers-stage-tabs",
        [
            "All (45)",
            "Potential (11)",
            "Intention (12)",
            "Cooperating (11)",
            "Dormant (11)",
        ],
    )
    assert UNIQUE_CUSTOMER in first_page  # newest first

    click_page(crm, "2")
    second_page = wait_for_grid(
        crm,
        "customers-grid",
        lambda names: len(names) == 20 and not set(names) & set(first_page),
        "page 2 never replaced page 1",
    )
    click_page(crm, "3")
    third_page = wait_for_grid(
        crm, "customers-grid", lambda names: len(names) == 5, "page 3 has 5 rows"
    )
    assert len(set(first_page) | set(second_page) | set(third_page)) == 45

    # debounce=True: the search is sent on Enter, and goes back to page 1.
    fill(crm, "#customers-search", "zephyr")
    crm.find_element("#customers-search").send_keys(Keys.ENTER)
    crm.wait_for_text_to_equal("#customers-total", "Total: 1")
    assert wait_for_grid(
        crm, "customers-grid", lambda names: len(names) == 1, "search narrows"
    ) == [UNIQUE_CUSTOMER]
    crm.wait_for_text_to_equal(f"{PAGER} .page-item.active", "1\n(current)")
    wait_for_tab_labels(
        crm,
        "customers-stage-tabs",
        ["All (1)", "Potential (0)", "Intention (1)", "Cooperating (0)", "Dormant (0)"],
    )

    click_tab(crm, "customers-stage-tabs", "Potential")
    crm.wait_for_text_to_equal("#customers-total", "Total: 0")
    crm.wait_for_contains_text(f"{GRID} .ag-overlay", "No records match.")
    assert crm.get_logs() == []


def test_bulk_delete_from_the_list_then_the_selection_is_gone(crm):
    login(crm, "rep_a1")
    first_page = open_customers(crm)
    select_grid_row(crm, "customers-grid", first_page[0])
    select_grid_row(crm, "customers-grid", first_page[1])
    crm.wait_for_text_to_equal("#customers-selection", "Selected: 2")

    crm.find_element("#customers-delete").click()
    crm.wait_for_element("#customers-delete-confirm").click()

    crm.wait_for_text_to_equal("#customers-total", f"Total: {REP_A1_CUSTOMERS - 2}")
    wait_for_grid(
        crm,
        "customers-grid",
        lambda names: len(names) == 20 and not set(names) & set(first_page[:2]),
        "the deleted rows are still listed",
    )
    # The deleted rows were selected: nothing is selected any more.
    crm.wait_for_text_to_equal("#customers-selection", "")
    wait_until(
        crm,
        lambda: not crm.find_element("#customers-delete").is_enabled(),
        "Delete stays enabled with nothing selected",
    )
    assert dash_prop(crm, "customers-grid", "selectedRows") == []

    # A selection does not survive paging either: bulk actions act on what is seen.
    select_grid_row(crm, "customers-grid", first_page[2])
    click_page(crm, "2")
    crm.wait_for_text_to_equal("#customers-selection", "")
    assert crm.get_logs() == []


def test_create_customer_shows_field_errors_then_saves(crm, seeded_db):
    login(crm, "rep_a1")
    open_customers(crm)
    crm.find_element("#customers-new").click()
    wait_for_path(crm, "/customers/new")

    fill(crm, "#customer-form-mobile", "123")
    crm.find_element("#customer-form-save").click()

    crm.wait_for_text_to_equal("#customer-form-name-feedback", "Name is required.")
    crm.wait_for_text_to_equal(
        "#customer-form-mobile-feedback",
        "Enter an 11-digit mobile number starting with 1.",
    )
    assert is_invalid(crm, "#customer-form-name")
    assert is_invalid(crm, "#customer-form-mobile")
    assert not is_invalid(crm, "#customer-form-email")
    crm.wait_for_contains_text(
        "#customer-form-message", "Please correct the highlighted fields."
    )

    fill(crm, "#customer-form-name", "Nimbus Robotics")
    fill(crm, "#customer-form-mobile", "13811112222")
    crm.find_element("#customer-form-save").click()

    match = wait_for_path_matching(crm, r"/customers/(\d+)")
    assert int(match[1]) not in seeded_db.customer_ids.values()
    crm.wait_for_contains_text("#customer-detail-name", "Nimbus Robotics")
    crm.wait_for_contains_text("#customer-detail-header", "13811112222")
    open_customers(crm, REP_A1_CUSTOMERS + 1)
    assert crm.get_logs() == []


def test_clicking_a_name_opens_the_detail_with_its_tabs(crm, seeded_db):
    login(crm, "rep_a1")
    open_customers(crm)
    grid_cell(crm, "customers-grid", UNIQUE_CUSTOMER).click()

    wait_for_path(crm, f"/customers/{seeded_db.customer_ids[UNIQUE_CUSTOMER]}")
    crm.wait_for_contains_text("#customer-detail-name", UNIQUE_CUSTOMER)
    wait_for_tab_labels(
        crm,
        "customer-detail-tabs",
        [
            "Information",
            "Contacts",
            "Follow-ups",
            "Opportunities",
            "Contracts",
            "Payments",
            "Operation log",
        ],
    )
    crm.wait_for_contains_text("#customer-detail-info", "13912345678")

    click_tab(crm, "customer-detail-tabs", "Contacts")
    crm.wait_for_contains_text("#customer-detail-contacts", "Wang Fang")
    click_tab(crm, "customer-detail-tabs", "Operation log")
    crm.wait_for_contains_text("#customer-detail-log", "Created")
    assert crm.get_logs() == []


def test_edit_customer_shows_the_change_in_the_operation_log(crm, seeded_db):
    customer_id = seeded_db.customer_ids[UNIQUE_CUSTOMER]
    login(crm, "rep_a1")
    open_detail(crm, seeded_db, UNIQUE_CUSTOMER)
    crm.find_element("#customer-detail-edit").click()

    wait_for_path(crm, f"/customers/{customer_id}/edit")
    wait_for_value(crm, "#customer-form-name", UNIQUE_CUSTOMER)
    fill(crm, "#customer-form-phone", "021-51079811")
    crm.find_element("#customer-form-save").click()

    wait_for_path(crm, f"/customers/{customer_id}")
    crm.wait_for_contains_text("#customer-detail-info", "021-51079811")
    click_tab(crm, "customer-detail-tabs", "Operation log")
    crm.wait_for_contains_text("#customer-detail-log", "Phone: — → 021-51079811")
    assert crm.get_logs() == []


def test_follow_up_validation_then_it_tops_the_timeline(crm, seeded_db):
    login(crm, "rep_a1")
    open_detail(crm, seeded_db, UNIQUE_CUSTOMER)
    click_tab(crm, "customer-detail-tabs", "Follow-ups")
    crm.wait_for_contains_text("#customer-timeline", OLD_FOLLOWUP)

    crm.find_element("#followup-form-save").click()
    crm.wait_for_text_to_equal(
        "#followup-form-content-feedback", "Describe what happened."
    )
    assert is_invalid(crm, "#followup-form-content")

    content = "Agreed on a spring order of 200 units"
    fill(crm, "#followup-form-content", content)
    crm.find_element("#followup-form-save").click()

    first = "#customer-timeline .timeline-item:first-child .timeline-content"
    crm.wait_for_text_to_equal(first, content)
    assert [
        item.text for item in crm.find_elements("#customer-timeline .timeline-content")
    ] == [content, OLD_FOLLOWUP]
    wait_for_value(crm, "#followup-form-content", "")  # the form is reset
    crm.wait_for_text_to_equal("#followup-form-content-feedback", "")
    assert not is_invalid(crm, "#followup-form-content")
    assert crm.get_logs() == []


def test_delete_from_detail_then_restore_from_the_recycle_bin(crm, seeded_db):
    name = "Acme Client 07"
    login(crm, "rep_a1")
    open_detail(crm, seeded_db, name)

    crm.find_element("#customer-detail-delete").click()
    crm.wait_for_element("#customer-detail-delete-confirm").click()

    wait_for_path(crm, "/customers")
    crm.wait_for_text_to_equal("#customers-total", f"Total: {REP_A1_CUSTOMERS - 1}")

    visit(crm, "/recycle-bin")
    crm.wait_for_text_to_equal("#recycle-total", "Total: 1")
    assert wait_for_grid(
        crm, "recycle-grid", lambda names: names == [name], "the deleted customer"
    ) == [name]
    select_grid_row(crm, "recycle-grid", name)
    crm.find_element("#recycle-restore").click()

    crm.wait_for_text_to_equal("#recycle-total", "Total: 0")
    wait_for_grid(crm, "recycle-grid", lambda names: names == [], "restored")
    wait_until(
        crm,
        lambda: dash_prop(crm, "recycle-grid", "selectedRows") == [],
        "the restored row is still selected",
    )
    open_customers(crm)  # 45 again
    fill(crm, "#customers-search", name)
    crm.find_element("#customers-search").send_keys(Keys.ENTER)
    assert wait_for_grid(
        crm, "customers-grid", lambda names: len(names) == 1, "restored customer"
    ) == [name]
    assert crm.get_logs() == []
