"""An admin-set password must be replaced before the user can use the app."""

from __future__ import annotations

from dashboard.callback_client import call_callback
from dashboard.callbacks.account import change_password
from models import User
from tests.callbacks.conftest import login
from tests.factories import PASSWORD

NEW_PASSWORD = "Another-456"


def _require_change(world, username: str) -> None:
    with world.database.unit_of_work() as session:
        user = session.get(User, world.users[username])
        user.must_change_password = True


def test_pages_redirect_to_the_account_page_until_the_password_changes(client, world):
    _require_change(world, "rep_a1")
    login(client, "rep_a1")

    assert client.get("/customers").headers["Location"] == "/account"
    assert client.get("/account").status_code == 200


def test_changing_the_password_lifts_the_redirect_and_goes_home(app, client, world):
    _require_change(world, "rep_a1")
    login(client, "rep_a1")

    response = call_callback(
        client, app, change_password, 1, PASSWORD, NEW_PASSWORD, NEW_PASSWORD
    )

    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["response"]["shell-nav-redirect"]["href"] == "/"
    assert client.get("/customers").status_code == 200


def test_users_without_the_flag_are_not_redirected(client, world):
    login(client, "rep_a1")

    assert client.get("/customers").status_code == 200
