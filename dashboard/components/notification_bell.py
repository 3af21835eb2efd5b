"""The top bar's bell: unread notifications, refreshed every minute."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.context import read_session
from dashboard.i18n import _
from dashboard.ids import Notifications as ids
from services.notifications import unread_count

POLL_MS = 60_000


def badge_style(count: int) -> dict:
    return {} if count else {"display": "none"}


def notification_bell(actor) -> html.A:
    with read_session() as session:
        count = unread_count(session, actor)
    text = "" if not count else ("99+" if count > 99 else str(count))
    return html.A(
        [
            html.I(className="bi bi-bell"),
            dbc.Badge(
                text,
                id=ids.BADGE,
                color="danger",
                pill=True,
                style=badge_style(count),
                className="ms-1 notification-badge",
            ),
            dcc.Interval(id=ids.POLL, interval=POLL_MS),
        ],
        href="/notifications",
        id=ids.BELL,
        title=_("Notifications"),
        className="btn btn-link btn-sm notification-bell",
    )
