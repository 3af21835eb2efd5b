"""Per-request access to the database and the acting user for callbacks."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import flask
from flask_login import current_user
from sqlalchemy.orm import Session

from services.actor import Actor
from services.database import Database
from services.errors import NotFound
from services.org import build_actor

FOCUS_KEY = "scope_focus"


def database() -> Database:
    return flask.current_app.extensions["pelago_db"]


@contextmanager
def unit_of_work() -> Iterator[Session]:
    """One user action: commit on success, roll back on any exception."""
    with database().unit_of_work() as session:
        yield session


@contextmanager
def read_session() -> Iterator[Session]:
    with database().read_only() as session:
        yield session


def chosen_focus() -> str | None:
    """The scope switcher's choice kept in the login session."""
    return flask.session[FOCUS_KEY] if FOCUS_KEY in flask.session else None


def current_user_id() -> int:
    """The logged-in user's id. Raises NotFound when nobody is logged in."""
    if not current_user.is_authenticated:
        raise NotFound()
    return current_user.user_id


def current_actor() -> Actor:
    """The Actor of this request, built once from the database (never the browser).
    Raises NotFound when the user is logged out or disabled."""
    if "actor" not in flask.g:
        from dashboard.i18n import current_language

        with read_session() as session:
            flask.g.actor = build_actor(
                session,
                current_user_id(),
                chosen_focus(),
                current_language(),
            )
    return flask.g.actor
