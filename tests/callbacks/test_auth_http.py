"""The login guard, CSRF, lockout and redirects through real HTTP requests."""

from __future__ import annotations

import re

import pytest

from dashboard.callback_client import UPDATE_URL, call_callback, callback_body
from dashboard.callbacks.customer_detail import load_detail
from services.auth import LOGIN_FAILED, MAX_FAILED_LOGINS
from tests.callbacks.conftest import csrf_field, login, post_login

LOGIN_ERROR = re.compile(r'<div[^>]*id="login-error"[^>]*>(.*?)</div>', re.S)


def login_error(response) -> str | None:
    match = LOGIN_ERROR.search(response.get_data(as_text=True))
    return match.group(1).strip() if match else None


# 1. Logged out -------------------------------------------------------------


def test_logged_out_page_redirects_to_login_with_next(client):
    response = client.get("/")

    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/"


def test_logged_out_page_keeps_its_query_in_next(client):
    response = client.get("/customers?page=2")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
    assert "customers" in response.headers["Location"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", UPDATE_URL),
        ("get", "/_dash-layout"),
        ("get", "/_dash-dependencies"),
    ],
)
def test_logged_out_dash_requests_get_401(client, app, world, method, path):
    kwargs = {}
    if method == "post":
        kwargs["json"] = callback_body(app, load_detail, world.customers["rep_b1"], 0)

    response = getattr(client, method)(path, **kwargs)

    assert response.status_code == 401
    assert "Customer of" not in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/login", "/assets/css/pelago.css", "/healthz"])
def test_login_page_and_assets_are_public(client, path):
    assert client.get(path).status_code == 200


def test_logged_in_user_gets_the_app(client):
    login(client, "rep_a1")

    assert client.get("/").status_code == 200
    assert client.get("/_dash-layout").status_code == 200
    assert client.get("/_dash-dependencies").status_code == 200


# 2. CSRF -----------------------------------------------------------------------


def test_callback_without_csrf_header_is_rejected(client, app, world):
    login(client, "rep_a1")
    customer_id = world.customers["rep_a1"]

    refused = call_callback(client, app, load_detail, customer_id, 0, csrf=False)
    accepted = call_callback(client, app, load_detail, customer_id, 0)

    assert refused.status_code == 400
    assert "Customer of rep_a1" not in refused.get_data(as_text=True)
    assert accepted.status_code == 200
    assert "Customer of rep_a1" in accepted.get_data(as_text=True)


def test_callback_with_a_wrong_csrf_token_is_rejected(client, app, world):
    login(client, "rep_a1")

    response = client.post(
        UPDATE_URL,
        json=callback_body(app, load_detail, world.customers["rep_a1"], 0),
        headers={"X-CSRFToken": "forged"},
    )

    assert response.status_code == 400


def test_csrf_token_of_another_session_is_rejected(client, new_client, app, world):
    login(client, "rep_a1")
    other = new_client()
    login(other, "rep_a2")
    other_token = other.get_cookie("_csrf_token").value

    response = client.post(
        UPDATE_URL,
        json=callback_body(app, load_detail, world.customers["rep_a1"], 0),
        headers={"X-CSRFToken": other_token},
    )

    assert response.status_code == 400


def test_login_form_without_csrf_token_is_rejected(client):
    client.get("/login")

    response = client.post(
        "/login", data={"username": "rep_a1", "password": "Secret-123"}
    )

    assert response.status_code == 400
    assert client.get("/").status_code == 302  # not logged in


# 5. Lockout --------------------------------------------------------------------


def test_unknown_user_and_wrong_password_look_the_same(client):
    unknown = post_login(client, "nobody", "Secret-123")
    wrong = post_login(client, "rep_a1", "Wrong-123")

    assert unknown.status_code == wrong.status_code == 401
    assert login_error(unknown) == login_error(wrong) == LOGIN_FAILED


def test_locked_account_refuses_the_right_password(client):
    for _attempt in range(MAX_FAILED_LOGINS):
        assert post_login(client, "rep_a1", "Wrong-123").status_code == 401

    locked = post_login(client, "rep_a1")
    unknown = post_login(client, "nobody")

    assert locked.status_code == unknown.status_code == 401
    assert login_error(locked) == login_error(unknown) == LOGIN_FAILED
    assert client.get("/").status_code == 302


def test_failures_below_the_limit_do_not_lock(client):
    for _attempt in range(MAX_FAILED_LOGINS - 1):
        post_login(client, "rep_a1", "Wrong-123")

    assert post_login(client, "rep_a1").status_code == 302


def test_login_form_keeps_the_username_but_not_the_password(client):
    response = post_login(client, "rep_a1", "Wrong-123")
    page = response.get_data(as_text=True)

    assert 'value="rep_a1"' in page
    assert "Wrong-123" not in page


# 6. Open redirect --------------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "http:/evil.example",
        "javascript:alert(1)",
        "evil.example",
    ],
)
def test_login_never_redirects_to_another_host(client, target):
    response = post_login(client, "rep_a1", path=f"/login?next={target}")

    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_backslash_next_stays_on_this_host(client):
    # Browsers read "/\evil.example" as "//evil.example": it must reach the
    # Location header percent-encoded, i.e. as a path on this host.
    response = post_login(client, "rep_a1", path="/login?next=/%5Cevil.example")

    assert response.status_code == 302
    assert response.headers["Location"] in ("/", "/%5Cevil.example")


def test_login_redirects_to_a_local_next(client):
    response = post_login(client, "rep_a1", path="/login?next=/customers")

    assert response.status_code == 302
    assert response.headers["Location"] == "/customers"
    assert client.get("/customers").status_code == 200


def test_login_without_next_goes_home(client):
    assert login(client, "rep_a1").headers["Location"] == "/"


def test_login_form_carries_next_through_the_post(client):
    token = csrf_field(client, "/login?next=/contacts")

    response = client.post(
        "/login?next=/contacts",
        data={"csrf_token": token, "username": "rep_a1", "password": "Secret-123"},
    )

    assert response.headers["Location"] == "/contacts"
