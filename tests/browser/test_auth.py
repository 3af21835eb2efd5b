"""Logging in through the Flask form, and the login guard."""

import pytest

from tests.browser.conftest import (
    current_path,
    login,
    submit_login,
    url,
    wait_for_path,
)

pytestmark = pytest.mark.browser


def test_wrong_password_stays_on_login_with_an_error(crm):
    crm.driver.get(url(crm, "/login"))
    submit_login(crm, "rep_a1", "not-the-password")

    crm.wait_for_text_to_equal(
        "#login-error", "Invalid username or password, or the account is locked."
    )
    assert current_path(crm) == "/login"
    assert crm.find_element("#username").get_attribute("value") == "rep_a1"
    # The failed POST answers 401 on purpose (tests/callbacks/test_auth_http.py);
    # Chrome reports that status, and nothing else may be in the console.
    assert [(log["source"], log["message"]) for log in crm.get_logs()] == [
        (
            "network",
            f"{url(crm, '/login')} - Failed to load resource: "
            "the server responded with a status of 401 (UNAUTHORIZED)",
        )
    ]


def test_login_lands_on_home_with_a_greeting(crm):
    login(crm, "rep_a1")

    assert current_path(crm) == "/"
    crm.wait_for_text_to_equal("#shell-user-menu .dropdown-toggle", "Rep A1")
    assert crm.get_logs() == []


def test_logged_out_page_redirects_to_login_and_back(crm):
    crm.driver.get(url(crm, "/customers"))
    wait_for_path(crm, "/login?next=/customers")
    submit_login(crm, "rep_a1")

    wait_for_path(crm, "/customers")
    crm.wait_for_text_to_equal("#customers-total", "Total: 45")
    assert crm.get_logs() == []
