"""Sessions end when the password changes or the user is disabled; the
remember-me cookie survives a lost session but not a password reset."""

from __future__ import annotations

import pytest
from flask import Flask

from dashboard.callback_client import UPDATE_URL, call_callback, callback_body
from dashboard.callbacks.customer_detail import load_detail
from services.auth import change_own_password
from services.org import build_actor
from services.users import reset_password, set_user_active
from tests.callbacks.conftest import login, post_login
from tests.factories import PASSWORD

NEW_PASSWORD = "Changed-456"
REMEMBER_COOKIE = "remember_token"


def session_cookie_name(app) -> str:
    server: Flask = app.server
    return server.config["SESSION_COOKIE_NAME"]


def assert_logged_in(client, app, world) -> None:
    assert client.get("/").status_code == 200
    response = call_callback(client, app, load_detail, world.customers["rep_a1"], 0)
    assert response.status_code == 200
    assert "Customer of rep_a1" in response.get_data(as_text=True)


def assert_logged_out(client, app, world) -> None:
    page = client.get("/customers")
    assert page.status_code == 302
    assert page.headers["Location"].startswith("/login")
    # Whatever CSRF header the browser still has: the guard answers first.
    cookie = client.get_cookie("_csrf_token")
    response = client.post(
        UPDATE_URL,
        json=callback_body(app, load_detail, world.customers["rep_a1"], 0),
        headers={"X-CSRFToken": cookie.value} if cookie else {},
    )
    assert response.status_code == 401
    assert "Customer of" not in response.get_data(as_text=True)


def change_password(world) -> None:
    with world.database.unit_of_work() as session:
        actor = build_actor(session, world.users["rep_a1"], None, "en")
        change_own_password(session, actor, PASSWORD, NEW_PASSWORD, NEW_PASSWORD)


def admin_reset_password(world) -> None:
    with world.database.unit_of_work() as session:
        admin = build_actor(session, world.users["admin"], None, "en")
        reset_password(session, admin, world.users["rep_a1"], NEW_PASSWORD)


def disable_user(world) -> None:
    with world.database.unit_of_work() as session:
        admin = build_actor(session, world.users["admin"], None, "en")
        set_user_active(session, admin, world.users["rep_a1"], False)


@pytest.mark.parametrize(
    "end_sessions", [change_password, admin_reset_password, disable_user]
)
def test_old_session_is_logged_out(client, app, world, end_sessions):
    login(client, "rep_a1")
    assert_logged_in(client, app, world)

    end_sessions(world)

    assert_logged_out(client, app, world)


def test_other_users_sessions_are_unaffected(client, new_client, app, world):
    login(client, "rep_a1")
    other = new_client()
    login(other, "rep_a2")

    change_password(world)

    assert other.get("/").status_code == 200
    assert_logged_out(client, app, world)


def test_new_password_logs_in_and_old_does_not(client, app, world):
    change_password(world)

    assert post_login(client, "rep_a1", PASSWORD).status_code == 401
    login(client, "rep_a1", password=NEW_PASSWORD)
    assert_logged_in(client, app, world)


def test_disabled_user_cannot_log_in_again(client, world):
    disable_user(world)

    assert post_login(client, "rep_a1").status_code == 401


def test_remember_cookie_restores_a_lost_session(client, app, world):
    login(client, "rep_a1", remember=True)
    assert client.get_cookie(REMEMBER_COOKIE) is not None

    client.delete_cookie(session_cookie_name(app))

    assert_logged_in(client, app, world)


def test_without_remember_a_lost_session_is_logged_out(client, app, world):
    login(client, "rep_a1")
    assert client.get_cookie(REMEMBER_COOKIE) is None

    client.delete_cookie(session_cookie_name(app))

    assert_logged_out(client, app, world)


def test_remember_cookie_stops_working_after_password_reset(client, app, world):
    login(client, "rep_a1", remember=True)
    client.delete_cookie(session_cookie_name(app))
    assert_logged_in(client, app, world)  # the cookie works...
    client.delete_cookie(session_cookie_name(app))

    admin_reset_password(world)

    assert client.get_cookie(REMEMBER_COOKIE) is not None
    assert_logged_out(client, app, world)  # ...until the password changes


def test_logout_ends_the_session(client, app, world):
    login(client, "rep_a1", remember=True)
    token = client.get_cookie("_csrf_token").value

    response = client.post("/logout", headers={"X-CSRFToken": token})

    assert response.status_code == 302
    assert client.get_cookie(REMEMBER_COOKIE) is None  # remember-me ends too
    assert_logged_out(client, app, world)


def test_logout_needs_the_csrf_token(client, app, world):
    login(client, "rep_a1")

    assert client.post("/logout").status_code == 400
    assert_logged_in(client, app, world)
