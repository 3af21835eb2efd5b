"""Administration in a real browser: an admin builds a team, a narrower role and a
user in that team, makes them the team's leader; the new user then sees only what
the role allows."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from dashboard.components.permission_matrix import permission_input_id
from services.permissions import CUSTOMER_VIEW
from tests.browser.conftest import (
    PASSWORD,
    count,
    fill,
    grid_cell,
    in_language,
    login,
    select_value,
    submit_login,
    ui_text,
    url,
    visit,
    wait_for_callbacks,
    wait_for_grid,
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


def create_team(dash_duo, name: str, parent: str) -> None:
    visit(dash_duo, "/admin/teams")
    tree_item(dash_duo, parent)
    dash_duo.find_element("#admin-teams-new").click()
    wait_for_callbacks(dash_duo)
    fill(dash_duo, "#admin-teams-name", name)
    choose(dash_duo, "#admin-teams-parent-id", parent)
    save_and_expect(
        dash_duo,
        "#admin-teams-save",
        "#admin-teams-message",
        ui_text(dash_duo, "Team {name} saved.", name=name),
    )
    tree_item(dash_duo, name)


def create_role(
    dash_duo, code: str, name_zh: str, name_en: str, permissions: list[str]
) -> None:
    """A role with exactly `permissions` and the default ("own") data scope."""
    visit(dash_duo, "/admin/roles")
    wait_for_grid(dash_duo, "admin-roles-grid", bool, "no roles listed")
    dash_duo.find_element("#admin-roles-new").click()
    wait_for_callbacks(dash_duo)
    fill(dash_duo, "#admin-roles-code", code)
    fill(dash_duo, "#admin-roles-name-zh", name_zh)
    fill(dash_duo, "#admin-roles-name-en", name_en)
    for permission in permissions:
        dash_duo.find_element(f"label[for='{permission_input_id(permission)}']").click()
    shown = in_language(dash_duo, name_en, name_zh)
    save_and_expect(
        dash_duo,
        "#admin-roles-save",
        "#admin-roles-message",
        ui_text(dash_duo, "Role {name} saved.", name=shown),
    )
    grid_cell(dash_duo, "admin-roles-grid", shown)


def create_user(
    dash_duo,
    username: str,
    name: str,
    team: str,
    role: str,
    password: str = "",
    language: str = "",
) -> str:
    """Create a user in `team` with `role` (as the page names it); an empty
    `password` lets the app generate one, an empty `language` follows the
    browser. Returns the initial password."""
    visit(dash_duo, "/admin/users")
    grid_cell(dash_duo, "admin-users-grid", "rep_a1", "username")
    dash_duo.find_element("#admin-users-new").click()
    fill(dash_duo, "#admin-users-username-input", username)
    fill(dash_duo, "#admin-users-password-input", password)
    fill(dash_duo, "#admin-users-display-name-input", name)
    choose(dash_duo, "#admin-users-team-id-input", team)
    choose(dash_duo, "#admin-users-role-id-input", role)
    if language:
        select_value(dash_duo, "admin-users-language-input", language)
    message = "User {name} saved." if password else "User {name} created."
    save_and_expect(
        dash_duo,
        "#admin-users-save",
        "#admin-users-message",
        ui_text(dash_duo, message, name=name),
    )
    if not password:
        password = dash_duo.find_element("#admin-users-generated-password").text
        assert password
    grid_cell(dash_duo, "admin-users-grid", username, "username")
    return password


def set_team_leader(dash_duo, team: str, leader: str) -> None:
    visit(dash_duo, "/admin/teams")
    tree_item(dash_duo, team).click()
    dash_duo.wait_for_contains_text("#admin-teams-title", team)
    choose(dash_duo, "#admin-teams-leader-id", leader)
    save_and_expect(
        dash_duo,
        "#admin-teams-save",
        "#admin-teams-message",
        ui_text(dash_duo, "Team {name} saved.", name=team),
    )
    shown = ui_text(dash_duo, "Leader: {name}", name=leader)
    wait_until(
        dash_duo,
        lambda: shown in tree_item(dash_duo, team).text,
        "the tree never showed the new leader",
    )


def first_login(dash_duo, username: str, password: str, new_password: str) -> None:
    """Log in with an admin-set password: every page leads to the account page
    until the user has replaced it; then home."""
    dash_duo.driver.delete_all_cookies()
    dash_duo.driver.get(url(dash_duo, "/login"))
    submit_login(dash_duo, username, password)
    wait_for_path(dash_duo, "/account")
    dash_duo.wait_for_element("#account-must-change")
    visit(dash_duo, "/customers")
    wait_for_path(dash_duo, "/account")
    fill(dash_duo, "#account-current", password)
    fill(dash_duo, "#account-new", new_password)
    fill(dash_duo, "#account-confirm", new_password)
    dash_duo.find_element("#account-save").click()
    wait_for_path(dash_duo, "/")


def test_admin_builds_a_team_role_and_user_who_sees_only_what_the_role_allows(crm):
    login(crm, "admin")
    create_team(crm, "Team C", "Branch")
    create_role(crm, "viewer", "只读", "Viewer", [CUSTOMER_VIEW])
    create_user(crm, "rep_c1", "Rep C1", "Team C", "Viewer", PASSWORD)
    set_team_leader(crm, "Team C", "Rep C1")
    assert crm.get_logs() == []

    # The new user sees customers, but no recycle bin and no administration.
    # An admin chose the password: the new user must replace it first.
    first_login(crm, "rep_c1", PASSWORD, "Own-pass-2026")
    crm.wait_for_element("#nav-customers")
    assert count(crm, "#nav-recycle-bin") == 0
    assert count(crm, "a[href='/admin/users']") == 0
    visit(crm, "/admin/users")
    crm.wait_for_contains_text(".admin-forbidden", "You do not have permission")
    assert count(crm, "#admin-users-grid") == 0
    assert crm.get_logs() == []
