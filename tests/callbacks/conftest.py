"""HTTP-level fixtures: a committed SQLite database, the real app, a test client,
and helpers that log in and call Dash callbacks the way the renderer does."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from dash import Dash
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

import models
from dashboard.app import create_app
from dashboard.callback_client import (
    log_in,
    login_form_token,
)
from services.database import Database
from services.settings import Settings
from tests.factories import PASSWORD, build_org, make_customer

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


csrf_field = login_form_token


def post_login(
    client: FlaskClient, username: str, password: str = PASSWORD, **kwargs
) -> TestResponse:
    return log_in(client, username, password, **kwargs)


def login(client: FlaskClient, username: str, **kwargs) -> TestResponse:
    response = post_login(client, username, **kwargs)
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


def dash_response(response: TestResponse) -> dict:
    """{component id: {property: value}} of a 200 callback response."""
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["response"]


def side_updates(response: TestResponse) -> dict:
    """What the callback set with dash.set_props (e.g. the shell flash)."""
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json().get("sideUpdate", {})
