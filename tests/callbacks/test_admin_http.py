"""Administration callbacks over HTTP: a rep (no admin.users) gets the permission
message and changes nothing; an admin's changes reach users on their next
request; disabling ends the user's sessions at once."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from dashboard.callback_client import call_callback, callback_body, csrf_header
from dashboard.callbacks.admin_roles import load_roles, remove_role, save_role
from dashboard.callbacks.admin_teams import remove_team, save_team
from dashboard.callbacks.admin_users import (
    confirm_active,
    load_users,
    open_active_dialog,
    reset_password,
    save_user,
)
from dashboard.callbacks.customers import load_page
from models import Customer, Role, Team, User
from services.audit import snapshot
from tests.callbacks.conftest import dash_response, login, post_login

DENIED = "You do not have permission to do this."
GENERIC_ERROR = "Something went wrong"
ALL_GROUPS = ["customers", "admin"]


def role_id(world, code: str) -> int:
    with world.database.read_only() as session:
        return session.scalar(select(Role.id).where(Role.code == code))


def team_id(world, name: str) -> int:
    with world.database.read_only() as session:
        return session.scalar(select(Team.id).where(Team.name == name))


def organisation(world) -> dict:
    """Every user, team and role as stored (password hashes and versions too)."""
    with world.database.read_only() as session:
        return {
            model.__name__: [
                snapshot(row) | {"hash": getattr(row, "password_hash", None)}
                for row in session.scalars(select(model).order_by(model.id))
            ]
            for model in (User, Team, Role)
        }


def user_values(world, **changes) -> list:
    """save_user's FIELDS in order: username ... language."""
    values = {
        "username": "mallory",
        "password": "",
        "display_name": "Mallory",
        "email": "",
        "mobile": "",
        "team_id": str(team_id(world, "Team A")),
        "supervisor_id": "-",
        "role_id": str(role_id(world, "admin")),
        "language": "-",
    } | changes
    return list(values.values())


def save_role_call(client, app, role, refresh, code, zh, en, scope, groups):
    """save_role has an ALL-pattern State: send it the way the renderer does."""
    body = callback_body(app, save_role, 1, role, refresh, code, zh, en, scope, [])
    pattern = json.loads(body["state"][-1]["id"])
    body["state"][-1] = [
        {"id": {"type": pattern["type"], "index": key}, "property": "value", "value": v}
        for key, v in zip(ALL_GROUPS, groups, strict=True)
    ]
    return client.post(
        "/_dash-update-component", json=body, headers=csrf_header(client)
    )


def find_component(tree, component_id: str) -> dict:
    """The props of the component with `component_id` in a rendered tree."""
    if isinstance(tree, dict):
        if tree.get("id") == component_id:
            return tree
        for value in tree.values():
            if found := find_component(value, component_id):
                return found
    if isinstance(tree, list):
        for item in tree:
            if found := find_component(item, component_id):
                return found
    return {}


def rep_calls(world):
    """(callback, values) pairs a rep might try: every admin write, plus lists."""
    rep_a2 = world.users["rep_a2"]
    rep_role = role_id(world, "rep")
    team_b = team_id(world, "Team B")
    return [
        (save_user, [1, None, 0, *user_values(world)]),
        (save_user, [1, rep_a2, 0, *user_values(world, display_name="Hacked")]),
        (reset_password, [1, rep_a2, "Taken-over-1"]),
        (reset_password, [1, rep_a2, ""]),
        (confirm_active, [1, rep_a2, "disable", 0, "keep", None, None]),
        (open_active_dialog, [1, None, rep_a2]),
        (save_team, [1, None, 0, "Rogue team", str(team_b), "-", "0"]),
        (save_team, [1, team_b, 0, "Renamed", "-", "-", "0"]),
        (remove_team, [1, team_b, 0]),
        (remove_role, [1, rep_role, 0]),
    ]


@pytest.fixture
def rep_a1(client, world):
    login(client, "rep_a1")
    return client


def test_rep_calling_admin_callbacks_is_refused_and_changes_nothing(rep_a1, app, world):
    before = organisation(world)

    for func, values in rep_calls(world):
        response = call_callback(rep_a1, app, func, *values)

        body = response.get_data(as_text=True)
        assert response.status_code == 200, func.__name__
        assert DENIED in body, func.__name__
        assert GENERIC_ERROR not in body
    assert organisation(world) == before


def test_rep_cannot_widen_a_role(rep_a1, app, world):
    before = organisation(world)

    response = save_role_call(
        rep_a1,
        app,
        role_id(world, "rep"),
        0,
        None,
        "销售代表",
        "Sales rep",
        "all",
        [["customer.view"], ["admin.users"]],
    )

    assert DENIED in response.get_data(as_text=True)
    assert organisation(world) == before


def test_rep_listing_users_or_roles_sees_nothing(rep_a1, app, world):
    users = call_callback(rep_a1, app, load_users, "", "", "", "", 1, 0)
    roles = call_callback(rep_a1, app, load_roles, 0)

    assert DENIED in users.get_data(as_text=True)
    assert "Rep B1" not in users.get_data(as_text=True)
    assert dash_response(roles)["admin-roles-grid"]["rowData"] == []


def test_admin_creates_a_user_with_a_generated_password(client, new_client, app, world):
    login(client, "admin")
    values = user_values(
        world,
        username="newbie",
        display_name="New Bie",
        role_id=str(role_id(world, "rep")),
    )

    response = call_callback(client, app, save_user, 1, None, 0, *values)

    outputs = dash_response(response)
    message = json.dumps(outputs["admin-users-message"]["children"])
    assert "User New Bie created." in message
    assert outputs["admin-users-refresh"]["data"] == 1
    password = find_component(outputs, "admin-users-generated-password")["children"]
    assert post_login(new_client(), "newbie", password).status_code == 302


def test_role_change_reaches_a_logged_in_user_on_the_next_request(
    rep_a1, new_client, app, world
):
    denied = call_callback(rep_a1, app, load_users, "", "", "", "", 1, 0)
    assert DENIED in denied.get_data(as_text=True)
    admin = new_client()
    login(admin, "admin")

    saved = save_role_call(
        admin,
        app,
        role_id(world, "rep"),
        0,
        None,
        "销售代表",
        "Sales rep",
        "own",
        [["customer.view"], ["admin.users"]],
    )
    assert "Role Sales rep saved." in saved.get_data(as_text=True)

    allowed = call_callback(rep_a1, app, load_users, "", "", "", "", 1, 0)
    body = allowed.get_data(as_text=True)
    assert DENIED not in body and "Rep B1" in body
    customers = call_callback(
        rep_a1,
        app,
        load_page,
        *([None] * 12),
        "updated",
        "desc",
        None,
        [],  # custom-field filters
        "20",
        1,
        0,
    )
    assert "Customer of rep_a1" in customers.get_data(as_text=True)


def test_disabling_ends_the_users_session_at_once(rep_a1, new_client, app, world):
    admin = new_client()
    login(admin, "admin")

    response = call_callback(
        admin,
        app,
        confirm_active,
        1,
        world.users["rep_a1"],
        "disable",
        0,
        "keep",
        None,
        None,
    )

    assert "Account disabled" in response.get_data(as_text=True)
    after = call_callback(rep_a1, app, load_users, "", "", "", "", 1, 0)
    assert after.status_code == 401


def test_disable_dialog_hands_the_customers_to_another_rep(new_client, app, world):
    admin = new_client()
    login(admin, "admin")
    customer_id = world.customers["rep_a1"]

    response = call_callback(
        admin,
        app,
        confirm_active,
        1,
        world.users["rep_a1"],
        "disable",
        0,
        "transfer",
        str(world.users["rep_a2"]),
        "Left the company",
    )

    assert "Account disabled" in response.get_data(as_text=True)
    with world.database.read_only() as session:
        owner = session.scalar(
            select(Customer.owner_id).where(Customer.id == customer_id)
        )
        active = session.scalar(
            select(User.is_active).where(User.id == world.users["rep_a1"])
        )
    assert (owner, active) == (world.users["rep_a2"], False)


def test_disable_dialog_offers_the_handover_for_a_user_with_customers(
    new_client, app, world
):
    admin = new_client()
    login(admin, "admin")

    outputs = dash_response(
        call_callback(admin, app, open_active_dialog, 1, None, world.users["rep_a1"])
    )

    assert outputs["admin-users-handover-form"]["style"] == {"display": "block"}
    receivers = {o["value"] for o in outputs["admin-users-handover-user"]["options"]}
    assert str(world.users["rep_a2"]) in receivers
    assert str(world.users["rep_a1"]) not in receivers
