"""Calling registered callbacks over HTTP the way the Dash renderer does: for the
HTTP tests and the benchmarks, which must exercise the real request path."""

from __future__ import annotations

import re
from collections.abc import Callable

from dash import Dash
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from dashboard.auth import CSRF_COOKIE

UPDATE_URL = "/_dash-update-component"
_CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


def login_form_token(client: FlaskClient, path: str = "/login") -> str:
    """The hidden csrf_token of the login form."""
    page = client.get(path)
    assert page.status_code == 200
    match = _CSRF_FIELD.search(page.get_data(as_text=True))
    assert match, "login form has no csrf_token"
    return match.group(1)


def log_in(
    client: FlaskClient,
    username: str,
    password: str,
    *,
    path: str = "/login",
    remember: bool = False,
) -> TestResponse:
    """Submit the login form as a browser would."""
    form = {
        "csrf_token": login_form_token(client, path),
        "username": username,
        "password": password,
    }
    if remember:
        form["remember"] = "on"
    return client.post(path, data=form)


def csrf_header(client: FlaskClient) -> dict[str, str]:
    """The header Dash's renderer copies from the CSRF cookie."""
    cookie = client.get_cookie(CSRF_COOKIE)
    assert cookie is not None, "no CSRF cookie: not logged in?"
    return {"X-CSRFToken": cookie.value}


def _wired_props(key: str, spec: dict) -> set[str]:
    """A callback's outputs and inputs as "id.property" (duplicates' hashes cut)."""
    outputs = key.removeprefix("..").removesuffix("..").split("...")
    inputs = [f"{i['id']}.{i['property']}" for i in spec["inputs"]]
    return {o.split("@")[0] for o in outputs} | set(inputs)


def find_callback(app: Dash, func: Callable | str) -> tuple[str, dict]:
    """(key, spec) in `app.callback_map` of the callback registered with `func`
    or, for an "id.property" string, of the one callback with that Input or
    Output."""
    if isinstance(func, str):
        matches = [
            (key, spec)
            for key, spec in app.callback_map.items()
            if func in _wired_props(key, spec)
        ]
    else:
        matches = [
            (key, spec)
            for key, spec in app.callback_map.items()
            if getattr(spec.get("callback"), "__wrapped__", None) is func
        ]
    assert len(matches) == 1, f"{func} is registered {len(matches)} times"
    return matches[0]


def callback_body(
    app: Dash, func: Callable | str, *values, changed: str | None = None
) -> dict:
    """The JSON the renderer POSTs for the callback `func` (see find_callback):
    `values` are the Input values then the State values, in declaration order;
    `changed` ("id.property") is the Input that fired, by default the first."""
    key, spec = find_callback(app, func)
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
        "changedPropIds": [changed or f"{inputs[0]['id']}.{inputs[0]['property']}"],
    }


def call_callback(
    client: FlaskClient,
    app: Dash,
    func: Callable | str,
    *values,
    csrf: bool = True,
    changed: str | None = None,
) -> TestResponse:
    """POST one callback call as the browser would (with the CSRF header)."""
    return client.post(
        UPDATE_URL,
        json=callback_body(app, func, *values, changed=changed),
        headers=csrf_header(client) if csrf else {},
    )
