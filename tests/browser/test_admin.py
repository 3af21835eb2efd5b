"""Administration in a real browser: an admin builds a team, a narrower role and a
user in that team, makes them the team's leader; the new user then sees only what
the role allows."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from tests.browser.conftest import (
    PASSWORD,
    count,
    fill,
    grid_cell,
    login,
    submit_login,
    url,
    visit,
    wait_for_path,
    wait_until,
)

pytestmark = pytest.mark.browser


def choose(dash_duo, selector: str, text: str) -> None:
    """Pick the option whose text (tree indentation stripped) is `text`, once the
    options have arrived from their callback."""

    def option():
        for candidate in Select(dash_duo.find_element(selector)).options:
            if candidate.text.strip() == text:
                return candidate
        return None

    wait_until(dash_duo, option, f"no option {text!r} in {selector}").click()


def save_and_expect(dash_duo, button: str, message: str, text: str) -> None:
    dash_duo.find_element(button).click()
    dash_duo.wait_for_contains_text(message, text)


def tree_item(dash_duo, name: str):
    def found():
        for item in dash_duo.find_elements("#admin-teams-tree .list-group-item"):
            if item.find_element(By.CSS_SELECTOR, ".team-name").text == name:
                return item
        return None

    return wait_until(dash_duo, found, f"team {name!r} not in the tree")


def test_admin_builds_a_team_role_and_user_who_sees_only_what_the_role_allows(crm):
    login(crm, "admin")

    # A team under the branch.
    visit(crm, "/admin/teams")
    tree_item(crm, "Branch")
    crm.find_element("#admin-teams-new").click()
    fill(crm, "#admin-teams-name", "Team C")
    choose(crm, "#admin-teams-parent-id", "Branch")
    save_and_expect(crm, "#admin-teams-save", "#admin-teams-message", "Team C saved.")
    tree_item(crm, "Team C")

    # A role that may only view customers, own scope.
    visit(crm, "/admin/roles")
    grid_cell(crm, "admin-roles-grid", "Sales rep")
    crm.find_element("#admin-roles-new").click()
    fill(crm, "#admin-roles-code", "viewer")
    fill(crm, "#admin-roles-name-zh", "只读")
    fill(crm, "#admin-roles-name-en", "Viewer")
    crm.find_element("label[for='admin-roles-perm-customer-view']").click()
    save_and_expect(crm, "#admin-roles-save", "#admin-roles-message", "Viewer saved.")
    grid_cell(crm, "admin-roles-grid", "Viewer")

    # A user in the new team with the new role.
    visit(crm, "/admin/users")
    grid_cell(crm, "admin-users-grid", "rep_a1", "username")
    crm.find_element("#admin-users-new").click()
    fill(crm, "#admin-users-username-input", "rep_c1")
    fill(crm, "#admin-users-password-input", PASSWORD)
    fill(crm, "#admin-users-display-name-input", "Rep C1")
    choose(crm, "#admin-users-team-id-input", "Team C")
    choose(crm, "#admin-users-role-id-input", "Viewer")
    save_and_expect(crm, "#admin-users-save", "#admin-users-message", "Rep C1 saved.")
    grid_cell(crm, "admin-users-grid", "rep_c1", "username")

    # The new user leads the new team.
    visit(crm, "/admin/teams")
    tree_item(crm, "Team C").click()
    crm.wait_for_contains_text("#admin-teams-title", "Team C")
    choose(crm, "#admin-teams-leader-id", "Rep C1")
    save_and_expect(crm, "#admin-teams-save", "#admin-teams-message", "Team C saved.")
    wait_until(
        crm,
        lambda: "Leader: Rep C1" in tree_item(crm, "Team C").text,
        "the tree never showed the new leader",
    )
    assert crm.get_logs() == []

    # The new user sees customers, but no recycle bin and no administration.
    # An admin chose the password: the new user must replace it first.
    crm.driver.delete_all_cookies()
    crm.driver.get(url(crm, "/login"))
    submit_login(crm, "rep_c1")
    wait_for_path(crm, "/account")
    crm.wait_for_element("#account-must-change")
    visit(crm, "/customers")
    wait_for_path(crm, "/account")
    fill(crm, "#account-current", PASSWORD)
    fill(crm, "#account-new", "Own-pass-2026")
    fill(crm, "#account-confirm", "Own-pass-2026")
    crm.find_element("#account-save").click()
    wait_for_path(crm, "/")
    crm.wait_for_element("#nav-customers")
    assert count(crm, "#nav-recycle-bin") == 0
    assert count(crm, "a[href='/admin/users']") == 0
    visit(crm, "/admin/users")
    crm.wait_for_contains_text(".admin-forbidden", "You do not have permission")
    assert count(crm, "#admin-users-grid") == 0
    assert crm.get_logs() == []
