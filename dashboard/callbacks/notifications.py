"""Notifications: the bell's unread count (polled) and the notifications page."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Dash, Input, Output, State, html

from dashboard.components.notification_bell import badge_style
from dashboard.components.pool_views import notification_text
from dashboard.context import current_actor, read_session, unit_of_work
from dashboard.i18n import _, format_datetime
from dashboard.ids import Notifications as ids
from dashboard.parsing import require_click
from services.errors import ServiceError
from services.notifications import list_notifications, mark_all_read, unread_count


def badge_text(count: int) -> str:
    return "" if not count else ("99+" if count > 99 else str(count))


def refresh_badge(_trigger):
    try:
        with read_session() as session:
            count = unread_count(session, current_actor())
    except ServiceError:
        count = 0
    return badge_text(count), badge_style(count)


def load_list(_refresh):
    with read_session() as session:
        rows = list_notifications(session, current_actor())
    if not rows:
        return html.P(_("No notifications."), className="text-muted")
    return dbc.ListGroup(
        [
            dbc.ListGroupItem(
                [
                    html.Div(
                        [
                            html.Span(
                                notification_text(row["kind"], row["params"]),
                                className="" if row["read"] else "fw-semibold",
                            ),
                            html.Small(
                                format_datetime(row["created_at"]),
                                className="text-muted ms-3 text-nowrap",
                            ),
                        ],
                        className="d-flex justify-content-between",
                    )
                ],
                href=row["link"] or None,
                className="notification" + ("" if row["read"] else " unread"),
            )
            for row in rows
        ],
        id="notifications-items",
    )


def mark_read(n_clicks, refresh):
    require_click(n_clicks)
    with unit_of_work() as session:
        mark_all_read(session, current_actor())
    return (refresh or 0) + 1


def register(app: Dash) -> None:
    app.callback(
        Output(ids.BADGE, "children"),
        Output(ids.BADGE, "style"),
        Input(ids.POLL, "n_intervals"),
    )(refresh_badge)
    # After "mark all as read" on the notifications page.
    app.callback(
        Output(ids.BADGE, "children", allow_duplicate=True),
        Output(ids.BADGE, "style", allow_duplicate=True),
        Input(ids.REFRESH, "data"),
        prevent_initial_call=True,
    )(refresh_badge)
    app.callback(
        Output(ids.LIST, "children"),
        Input(ids.REFRESH, "data"),
    )(load_list)
    app.callback(
        Output(ids.REFRESH, "data"),
        Input(ids.MARK_READ, "n_clicks"),
        State(ids.REFRESH, "data"),
        prevent_initial_call=True,
    )(mark_read)
