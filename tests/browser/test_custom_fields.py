"""Custom fields in the browser: an admin defines a required single-choice field
for customers; a rep must fill it to create a customer, then sees it in the
detail page's "More fields" block, as a list column they choose to show, and as
a list filter."""

import json

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select
from sqlalchemy import select

from models import CustomField
from services.database import Database
from tests.browser.conftest import (
    REP_A1_CUSTOMERS,
    fill,
    grid_column,
    login,
    open_customers,
    ui_text,
    visit,
    wait_for_path_matching,
    wait_until,
)

pytestmark = pytest.mark.browser

ADMIN_GRID = "admin-custom-fields-grid"
GRID = "customers-grid"


def field_id(seeded_db, label_en: str) -> int:
    database = Database(seeded_db.url)
    try:
        with database.read_only() as session:
            return session.scalar(
                select(CustomField.id).where(CustomField.label_en == label_en)
            )
    finally:
        database.dispose()


def pattern_element(crm, **component_id):
    """The element of a pattern-matching id (Dash writes it as sorted JSON)."""
    dom_id = json.dumps(component_id, sort_keys=True, separators=(",", ":"))
    return wait_until(
        crm,
        lambda: crm.driver.find_elements(By.XPATH, f"//*[@id='{dom_id}']"),
        f"no element {dom_id}",
    )[0]


_CELL_VALUES_JS = """
const [gridId, colId, count] = arguments;
const api = dash_ag_grid.getApi(gridId);
const values = [];
for (let index = 0; index < count; index++) {
    const rowNode = api.getDisplayedRowAtIndex(index);
    const value = rowNode && api.getCellValue({rowNode, colKey: colId});
    values.push(rowNode ? String(value || "") : null);
}
return values;
"""


def cell_values(crm, grid_id: str, col_id: str, count: int) -> list[str | None]:
    """The first `count` rows' values of a column as the grid computes them
    (a column scrolled out of view has no cells in the page)."""
    return crm.driver.execute_script(_CELL_VALUES_JS, grid_id, col_id, count)


def add_choice_field(crm, label_zh: str, label_en: str, options: list[str]) -> None:
    """On the admin's custom fields page (no field yet): add a required
    single-choice field for customers."""
    visit(crm, "/admin/custom-fields")
    crm.wait_for_element(f"#{ADMIN_GRID}")
    crm.find_element("#admin-custom-fields-add").click()
    crm.wait_for_text_to_equal(
        "#admin-custom-fields-modal-title", ui_text(crm, "Add a field")
    )
    fill(crm, "#admin-custom-fields-label-zh", label_zh)
    fill(crm, "#admin-custom-fields-label-en", label_en)
    Select(crm.find_element("#admin-custom-fields-field-type")).select_by_value(
        "single"
    )
    fill(crm, "#admin-custom-fields-options", "\n".join(options))
    crm.find_element("#admin-custom-fields-required").click()
    crm.find_element("#admin-custom-fields-save").click()
    crm.wait_for_contains_text(
        "#admin-custom-fields-message", ui_text(crm, "Field saved.")
    )
    wait_until(
        crm,
        lambda: grid_column(crm, ADMIN_GRID, "label_en") == [label_en],
        lambda: f"the grid shows {grid_column(crm, ADMIN_GRID, 'label_en')}",
    )
    assert grid_column(crm, ADMIN_GRID, "options_text") == [", ".join(options)]


def create_customer_choosing(crm, name: str, field: int, choice: str) -> int:
    """Create a customer: saving without the required field `field` is refused
    at that field; choosing `choice` saves and opens the detail page. Returns
    the new customer's id."""
    visit(crm, "/customers/new")
    fill(crm, "#customer-form-name", name)
    crm.find_element("#customer-form-save").click()
    feedback = pattern_element(crm, type="cf-feedback", entity="customer", field=field)
    required = ui_text(crm, "This field is required.")
    wait_until(
        crm,
        lambda: feedback.text == required,
        lambda: f"the field's feedback says {feedback.text!r}",
    )
    Select(
        pattern_element(crm, type="cf-input", entity="customer", field=field)
    ).select_by_visible_text(choice)
    crm.find_element("#customer-form-save").click()
    created = wait_for_path_matching(crm, r"/customers/(\d+)")
    crm.wait_for_contains_text("#customer-detail-name", name)
    return int(created.group(1))


def test_admin_defines_a_field_a_rep_fills_sees_lists_and_filters(crm, seeded_db):
    login(crm, "admin")
    add_choice_field(crm, "会员等级", "Membership", ["Gold", "Silver"])
    membership = field_id(seeded_db, "Membership")

    crm.driver.delete_all_cookies()
    login(crm, "rep_a1")
    create_customer_choosing(crm, "Orbit Labs", membership, "Silver")
    crm.wait_for_contains_text("#cf-detail-customer", "Membership")
    crm.wait_for_contains_text("#cf-detail-customer", "Silver")

    # The list shows the field as a column the rep chooses, and filters on it.
    open_customers(crm, REP_A1_CUSTOMERS + 1)
    crm.select_dcc_dropdown("#cf-columns-customer", value="Membership")
    column = f"cf_{membership}"
    wait_until(
        crm,
        lambda: cell_values(crm, GRID, column, 2) == ["Silver", ""],
        lambda: f"the column shows {cell_values(crm, GRID, column, 2)}",
    )
    assert grid_column(crm, GRID)[0] == "Orbit Labs"

    crm.find_element("#cf-filters-toggle-customer").click()
    choices = pattern_element(
        crm, type="cf-filter", entity="customer", field=membership, part="choices"
    )
    wait_until(crm, choices.is_displayed, "the filters never opened")
    crm.select_dcc_dropdown(choices, value="Silver")
    crm.wait_for_text_to_equal("#customers-total", "Total: 1")
    wait_until(
        crm,
        lambda: grid_column(crm, GRID) == ["Orbit Labs"],
        lambda: f"the filtered grid shows {grid_column(crm, GRID)}",
    )
    assert crm.get_logs() == []
