"""HTTP-level fixtures: a committed SQLite database, the real app, a test client,
and helpers that log in and call Dash callbacks the way the renderer does."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from dash import Dash
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

import models
from dashboard.app import create_app
from dashboard.auth import CSRF_COOKIE
from services.database import Database
from services.settings import Settings
from tests.factories import PASSWORD, build_org, make_customer

CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')
UPDATE_URL = "/_dash-update-component"
# Data only the owner's scope may see: must never appear in another rep's response.
SECRETS = {
    "rep_a1": {"mobile": "13900000001", "remark": "A1 private remark"},
    "rep_b1": {"mobile": "13900000002", "remark": "B1 private remark"},
}


@dataclass
class World:
    """The committed organisation: user ids by username and one customer each for
    rep_a1 and rep_b1 (named "Customer of <owner>", with SECRETS[owner])."""

    database: Database
    users: dict[str, int]
    customers: dict[str, int]


@pytest.fixture
def world(tmp_path) -> Iterator[World]:
    database = Database(f"sqlite:///{tmp_path / 'pelago.db'}")
    models.Base.metadata.create_all(database.engine)
    with database.unit_of_work() as session:
        org = build_org(session)
        customers = {
            owner: make_customer(
                session, org.actor(owner), f"Customer of {owner}", **SECRETS[owner]
            ).id
            for owner in ("rep_a1", "rep_b1")
        }
        users = dict(org.ids)
    yield World(database, users, customers)
    database.dispose()


@pytest.fixture
def app(world, tmp_path) -> Iterator[Dash]:
    dash_app = create_app(
        Settings(
            database_url=world.database.url,
            secret_key="test",
            default_language="en",
            instance_dir=tmp_path,
        )
    )
    yield dash_app
    dash_app.server.extensions["pelago_db"].dispose()


@pytest.fixture
def client(app) -> FlaskClient:
    return app.server.test_client()


@pytest.fixture
def new_client(app) -> Callable[[], FlaskClient]:
    """Another browser against the same app."""
    return app.server.test_client


def csrf_field(client: FlaskClient, path: str = "/login") -> str:
    """The hidden csrf_token of the login form."""
    page = client.get(path)
    assert page.status_code == 200
    match = CSRF_INPUT.search(page.get_data(as_text=True))
    assert match, "login form has no csrf_token"
    return match.group(1)


def post_login(
    client: FlaskClient,
    username: str,
    password: str = PASSWORD,
    *,
    path: str = "/login",
    remember: bool = False,
) -> TestResponse:
    form = {
        "csrf_token": csrf_field(client, path),
        "username": username,
        "password": password,
    }
    if remember:
        form["remember"] = "on"
    return client.post(path, data=form)


def login(client: FlaskClient, username: str, **kwargs) -> TestResponse:
    response = post_login(client, username, **kwargs)
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


def csrf_header(client: FlaskClient) -> dict[str, str]:
    """What Dash's renderer sends: the `_csrf_token` cookie as X-CSRFToken."""
    cookie = client.get_cookie(CSRF_COOKIE)
    assert cookie is not None, "no CSRF cookie: not logged in?"
    return {"X-CSRFToken": cookie.value}


def callback_body(app: Dash, func: Callable, *values) -> dict:
    """The JSON the renderer POSTs for the callback registered with `func`:
    `values` are the Input values then the State values, in declaration order;
    the first Input is the one that changed."""
    matches = [
        (key, spec)
        for key, spec in app.callback_map.items()
        if getattr(spec.get("callback"), "__wrapped__", None) is func
    ]
    assert len(matches) == 1, f"{func.__name__} is registered {len(matches)} times"
    key, spec = matches[0]
    inputs, state = spec["inputs"], spec["state"]
    assert len(values) == len(inputs) + len(state), "one value per Input and State"

    def with_values(deps, vals):
        return [{**dep, "value": value} for dep, value in zip(deps, vals, strict=True)]

    outputs = spec["output"]
    specs = [
        {"id": out.component_id, "property": out.component_property}
        for out in (outputs if isinstance(outputs, list) else [outputs])
    ]
    return {
        "output": key,
        "outputs": specs if isinstance(outputs, list) else specs[0],
        "inputs": with_values(inputs, values[: len(inputs)]),
        "state": with_values(state, values[len(inputs) :]),
        "changedPropIds": [f"{inputs[0]['id']}.{inputs[0]['property']}"],
    }


def call_callback(
    client: FlaskClient, app: Dash, func: Callable, *values, csrf: bool = True
) -> TestResponse:
    """POST one callback call as the browser would (with the CSRF header)."""
    return client.post(
        UPDATE_URL,
        json=callback_body(app, func, *values),
        headers=csrf_header(client) if csrf else {},
    )


def dash_response(response: TestResponse) -> dict:
    """{component id: {property: value}} of a 200 callback response."""
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["response"]


def side_updates(response: TestResponse) -> dict:
    """What the callback set with dash.set_props (e.g. the shell flash)."""
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json().get("sideUpdate", {})
