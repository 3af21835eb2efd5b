"""Appearance in the browser: an admin picks a palette colour and a company name,
and the top bar and primary buttons follow at once and after a reload; a
malformed colour code is flagged at its field; pinned pages chosen for the rep
role lead a rep's sidebar."""

import pytest
from selenium.webdriver.support.ui import Select

from tests.browser.conftest import count, fill, login, ui_text, visit, wait_until

pytestmark = pytest.mark.browser

BLUE = "rgba(37, 99, 235, 1)"  # the default theme, #2563eb
RED = "rgba(220, 38, 38, 1)"  # the "Red" swatch, #dc2626


def background(dash_duo, selector: str) -> str:
    return dash_duo.find_element(selector).value_of_css_property("background-color")


def wait_for_background(dash_duo, selector: str, expected: str) -> None:
    wait_until(
        dash_duo,
        lambda: background(dash_duo, selector) == expected,
        lambda: f"{selector} is {background(dash_duo, selector)}, not {expected}",
    )


def open_appearance(dash_duo) -> None:
    visit(dash_duo, "/admin/appearance")
    dash_duo.wait_for_element("#appearance-save")


def click_label(dash_duo, container: str, text: str) -> None:
    for label in dash_duo.find_elements(f"{container} label"):
        if label.text.startswith(text):
            label.click()
            return
    raise AssertionError(f"no label {text!r} in {container}")


def save_appearance(dash_duo, colour: str) -> None:
    """Save the appearance form; the page's primary button and the sidebar's
    active entry take the theme `colour` (CSS rgba) at once."""
    dash_duo.find_element("#appearance-save").click()
    dash_duo.wait_for_contains_text(
        "#appearance-message", ui_text(dash_duo, "Appearance saved.")
    )
    wait_for_background(dash_duo, "#appearance-save", colour)
    wait_for_background(dash_duo, ".sidebar .nav-link.active", colour)


def test_admin_theme_colour_and_company_name_reach_the_shell(crm):
    login(crm, "admin")
    open_appearance(crm)
    assert background(crm, "#appearance-save") == BLUE

    click_label(crm, "#appearance-palette", "Red")
    crm.wait_for_element("#appearance-color")
    wait_until(
        crm,
        lambda: (
            crm.find_element("#appearance-color").get_attribute("value") == "#dc2626"
        ),
        "the Red swatch did not fill the colour code",
    )
    # The preview follows before anything is saved; the app does not.
    wait_for_background(crm, "#appearance-preview .btn-primary", RED)
    assert background(crm, "#appearance-save") == BLUE

    fill(crm, "#appearance-company-name", "Acme Trading")
    save_appearance(crm, RED)
    crm.wait_for_text_to_equal("#shell-brand .brand-name", "Acme Trading")

    visit(crm, "/admin/appearance")
    crm.wait_for_text_to_equal("#shell-brand .brand-name", "Acme Trading")
    wait_for_background(crm, "#appearance-save", RED)
    assert crm.get_logs() == []


def test_malformed_colour_code_is_flagged_at_its_field(crm):
    login(crm, "admin")
    open_appearance(crm)
    fill(crm, "#appearance-color", "#12345z")
    crm.wait_for_text_to_equal("#appearance-palette input:checked + label", "Custom")
    crm.find_element("#appearance-save").click()
    crm.wait_for_contains_text("#appearance-color-feedback", "six hex digits")
    assert "is-invalid" in crm.find_element("#appearance-color").get_attribute("class")
    assert crm.find_element("#shell-brand .brand-name").text == "Pelago"
    assert crm.get_logs() == []


def test_pinned_pages_lead_the_reps_sidebar(crm):
    login(crm, "admin")
    open_appearance(crm)
    Select(crm.find_element("#appearance-pin-role")).select_by_visible_text("Sales rep")
    crm.wait_for_contains_text("#appearance-pin-count", "0 of at most 5")
    crm.find_element("#appearance-pin-items-leads").click()
    crm.wait_for_contains_text("#appearance-pin-count", "1 of at most 5")
    crm.find_element("#appearance-pin-items-contacts").click()
    crm.wait_for_contains_text("#appearance-pin-count", "2 of at most 5")
    crm.find_element("#appearance-pin-save").click()
    crm.wait_for_contains_text("#appearance-pin-message", "Pinned pages saved.")
    assert crm.get_logs() == []

    crm.driver.delete_all_cookies()
    login(crm, "rep_a1")
    crm.wait_for_text_to_equal(".sidebar-pinned", "PINNED")
    pinned = [
        link.get_attribute("id")
        for link in crm.find_elements(".sidebar-nav a[id^='nav-pinned-']")
    ]
    # Navigation order, not the order of clicking.
    assert pinned == ["nav-pinned-contacts", "nav-pinned-leads"]
    crm.find_element("#nav-pinned-leads").click()
    wait_until(
        crm,
        lambda: (
            "active" in crm.find_element("#nav-pinned-leads").get_attribute("class")
        ),
        "the pinned Leads link did not open its page",
    )
    assert count(crm, "#nav-leads") == 1  # still in its own group too
    assert crm.get_logs() == []
