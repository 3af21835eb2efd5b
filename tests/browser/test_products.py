"""Products in the browser: list and filters, create with category attributes
(a field-level error first), edit, take off sale, and the category admin."""

from __future__ import annotations

import pytest
from selenium.webdriver.support.ui import Select

from services.database import Database
from services.org import build_actor
from services.product_categories import (
    AttributeIn,
    CategoryIn,
    create_attribute,
    create_category,
)
from services.products import ProductIn, create_product
from tests.browser.conftest import (
    fill,
    is_invalid,
    login,
    visit,
    wait_for_grid,
    wait_for_path_matching,
    wait_until,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def catalog(seeded_db) -> dict[str, int]:
    """Hardware (Warranty: number, required) → Laptops (Colour: single choice);
    Software. Four products, one off sale."""
    db = Database(seeded_db.url)
    try:
        with db.unit_of_work() as session:
            admin = build_actor(session, seeded_db.user_ids["admin"], language="en")
            hardware = create_category(session, admin, CategoryIn("Hardware"))
            laptops = create_category(
                session, admin, CategoryIn("Laptops", hardware.id)
            )
            software = create_category(session, admin, CategoryIn("Software"))
            warranty = create_attribute(
                session,
                admin,
                AttributeIn(hardware.id, "Warranty years", "number", required=True),
            )
            colour = create_attribute(
                session,
                admin,
                AttributeIn(laptops.id, "Colour", "single", ["Silver", "Black"]),
            )
            ids = {
                "hardware": hardware.id,
                "laptops": laptops.id,
                "software": software.id,
                "warranty": warranty.id,
                "colour": colour.id,
            }
            for name, code, category, price, on_sale in (
                ("Office Suite", "OFF-1", software, "300", True),
                ("Antivirus", "AV-1", software, "50", False),
                ("Server rack", "RACK", hardware, "8000", True),
                ("Ultrabook 13", "UB13", laptops, "6500", True),
            ):
                values = {} if category is software else {str(warranty.id): "2"}
                product = create_product(
                    session,
                    admin,
                    ProductIn(
                        name=name,
                        code=code,
                        category_id=category.id,
                        unit="piece",
                        price=price,
                        on_sale=on_sale,
                        attribute_values=values,
                    ),
                )
                ids[name] = product.id
            return ids
    finally:
        db.dispose()


def pick(dash_duo, selector: str, text: str) -> None:
    """Choose a dbc.Select option by its visible text (indentation stripped)."""

    def option():
        for candidate in Select(dash_duo.find_element(selector)).options:
            if candidate.text.strip() == text:
                return candidate
        return None

    wait_until(dash_duo, option, f"no option {text!r} in {selector}").click()


def grid_names(dash_duo, condition, message) -> list[str]:
    return wait_for_grid(dash_duo, "products-grid", condition, message)


def test_rep_lists_and_filters_products(crm, catalog):
    login(crm, "rep_a1")
    visit(crm, "/products")
    crm.wait_for_text_to_equal("#products-total", "Total: 4")
    assert not crm.find_element("#products-new").is_displayed()

    crm.select_dcc_dropdown("#products-category", value="Hardware")
    crm.wait_for_text_to_equal("#products-total", "Total: 2")
    names = grid_names(crm, lambda n: len(n) == 2, "category filter")
    assert sorted(names) == ["Server rack", "Ultrabook 13"]

    fill(crm, "#products-price-min", "7000\n")
    crm.wait_for_text_to_equal("#products-total", "Total: 1")
    assert grid_names(crm, lambda n: len(n) == 1, "price filter") == ["Server rack"]

    fill(crm, "#products-price-min", "lots\n")
    wait_until(
        crm, lambda: is_invalid(crm, "#products-price-min"), "bad price not flagged"
    )
    crm.wait_for_text_to_equal("#products-total", "Total: 2")
    assert crm.get_logs() == []


def test_search_and_on_sale_filter(crm, catalog):
    login(crm, "rep_a1")
    visit(crm, "/products")
    crm.wait_for_text_to_equal("#products-total", "Total: 4")
    Select(crm.find_element("#products-on-sale")).select_by_value("off")
    crm.wait_for_text_to_equal("#products-total", "Total: 1")
    assert grid_names(crm, lambda n: len(n) == 1, "off sale") == ["Antivirus"]
    Select(crm.find_element("#products-on-sale")).select_by_value("all")
    fill(crm, "#products-search", "ub13\n")
    crm.wait_for_text_to_equal("#products-total", "Total: 1")
    assert grid_names(crm, lambda n: len(n) == 1, "search") == ["Ultrabook 13"]
    assert crm.get_logs() == []


def test_create_with_attributes_shows_field_errors_first(crm, catalog):
    login(crm, "admin")
    visit(crm, "/products")
    crm.wait_for_element("#products-new").click()
    crm.wait_for_text_to_equal("h2.page-title", "New product")
    fill(crm, "#product-form-name", "Ultrabook 15")
    fill(crm, "#product-form-code", "ub13")  # taken (case-insensitive)
    fill(crm, "#product-form-price", "7,200.00")
    pick(crm, "#product-form-unit", "Piece")
    pick(crm, "#product-form-category-id", "Hardware / Laptops")

    warranty_input = crm.wait_for_element(
        f"input[id*='\"index\":{catalog['warranty']}']"
    )
    warranty_input.send_keys("three")
    crm.find_element("#product-form-save").click()

    crm.wait_for_text_to_equal(
        "#product-form-code-feedback", "Another product already uses this code."
    )
    feedback = f'div[id*=\'"index":{catalog["warranty"]}\'][id*="attr-feedback"]'
    crm.wait_for_text_to_equal(feedback, "Enter a number (at most 4 decimal places).")
    assert "is-invalid" in warranty_input.get_attribute("class")

    fill(crm, "#product-form-code", "UB15")
    warranty_input.clear()
    warranty_input.send_keys("3")
    colour = crm.find_element(f"select[id*='\"index\":{catalog['colour']}']")
    Select(colour).select_by_visible_text("Black")
    crm.find_element("#product-form-save").click()

    wait_for_path_matching(crm, r"/products/\d+")
    crm.wait_for_contains_text("#product-detail-name", "Ultrabook 15")
    crm.wait_for_contains_text("#product-detail-attributes", "Warranty years 3")
    crm.wait_for_contains_text("#product-detail-attributes", "Colour Black")
    crm.wait_for_contains_text("#product-detail-header", "7,200.00")
    assert crm.get_logs() == []


def test_edit_product(crm, catalog):
    login(crm, "admin")
    visit(crm, f"/products/{catalog['Office Suite']}")
    crm.wait_for_contains_text("#product-detail-name", "Office Suite")
    crm.find_element("#product-detail-edit").click()
    crm.wait_for_contains_text("h2.page-title", "Edit product")
    fill(crm, "#product-form-price", "350.50")
    fill(crm, "#product-form-description", "Five seats")
    crm.find_element("#product-form-save").click()
    crm.wait_for_contains_text("#product-detail-header", "350.50")
    crm.wait_for_contains_text("#product-detail-info", "Five seats")
    assert crm.get_logs() == []


def test_take_off_sale_and_back(crm, catalog):
    login(crm, "admin")
    visit(crm, f"/products/{catalog['Server rack']}")
    crm.wait_for_contains_text("#product-detail-name", "On sale")
    crm.wait_for_element("#product-detail-take-off-sale").click()
    crm.wait_for_contains_text("#product-detail-name", "Off sale")
    crm.wait_for_element("#product-detail-put-on-sale").click()
    crm.wait_for_contains_text("#product-detail-name", "On sale")
    assert crm.get_logs() == []


def test_rep_sees_no_manager_actions(crm, catalog):
    login(crm, "rep_a1")
    visit(crm, f"/products/{catalog['Server rack']}")
    crm.wait_for_contains_text("#product-detail-attributes", "Warranty years")
    for button in ("edit", "take-off-sale", "delete"):
        assert not crm.find_element(f"#product-detail-{button}").is_displayed()
    visit(crm, "/admin/product-categories")
    crm.wait_for_contains_text(".admin-forbidden", "permission")
    assert crm.get_logs() == []


def _tree_item(dash_duo, name: str):
    def found():
        for item in dash_duo.find_elements("#product-categories-tree .list-group-item"):
            if item.find_element("css selector", ".category-name").text == name:
                return item
        return None

    return wait_until(dash_duo, found, f"no category {name!r} in the tree")


def test_category_admin(crm, catalog):
    login(crm, "admin")
    visit(crm, "/admin/product-categories")
    _tree_item(crm, "Laptops")

    # A new sub-category of Software, with a multiple-choice attribute.
    crm.find_element("#product-categories-new").click()
    fill(crm, "#product-categories-name", "Cloud")
    pick(crm, "#product-categories-parent-id", "Software")
    crm.find_element("#product-categories-save").click()
    crm.wait_for_contains_text("#product-categories-message", "Category Cloud saved.")
    _tree_item(crm, "Cloud")

    crm.wait_for_element("#product-categories-attr-new").click()
    crm.wait_for_element("#product-categories-attr-modal")
    fill(crm, "#product-categories-attr-name", "Regions")
    Select(crm.find_element("#product-categories-attribute-type")).select_by_value(
        "multi"
    )
    crm.find_element("#product-categories-attr-save").click()
    crm.wait_for_text_to_equal(
        "#product-categories-options-feedback",
        "Enter at least one option, one per line.",
    )
    crm.find_element("#product-categories-options").send_keys("East\nNorth")
    crm.find_element("#product-categories-attr-save").click()
    crm.wait_for_contains_text("#product-categories-attributes", "Regions")
    crm.wait_for_contains_text("#product-categories-attributes", "East / North")

    # Moving Hardware under its own sub-category is refused.
    _tree_item(crm, "Hardware").click()
    crm.wait_for_contains_text("#product-categories-title", "Hardware")
    pick(crm, "#product-categories-parent-id", "None (top level)")
    options = [
        o.text.strip()
        for o in Select(crm.find_element("#product-categories-parent-id")).options
    ]
    assert "Laptops" not in options

    # A category with products cannot be deleted.
    _tree_item(crm, "Laptops").click()
    crm.wait_for_contains_text("#product-categories-title", "Laptops")
    crm.find_element("#product-categories-delete").click()
    crm.wait_for_contains_text(
        "#product-categories-message", "The category still has products"
    )
    assert crm.get_logs() == []
