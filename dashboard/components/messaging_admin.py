"""Pieces the messaging admin pages and their callbacks share."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard.i18n import _


def stored_secret_text(is_set: bool, *, secret: str = "password") -> str:
    """Whether a password (or the webhook's signing secret) is stored; a blank
    field keeps it."""
    if secret == "password":
        if is_set:
            return _("A password is stored. Leave empty to keep it.")
        return _("No password stored.")
    if is_set:
        return _("A secret is stored. Leave empty to keep it.")
    return _("No secret stored.")


def channel_label(channel: str) -> str:
    return _("Email") if channel == "email" else _("SMS")


def channel_options(*, locked: bool = False) -> list[dict]:
    """Email / SMS; `locked` for a saved template (its channel stays)."""
    return [
        {"label": channel_label(code), "value": code, "disabled": locked}
        for code in ("email", "sms")
    ]


def status_badge(is_active: bool | None) -> dbc.Badge | None:
    if is_active is None:
        return None
    if is_active:
        return dbc.Badge(_("Active"), color="success")
    return dbc.Badge(_("Disabled"), color="secondary")


def template_item(row: dict, row_type: str, selected: int | None) -> dbc.ListGroupItem:
    """One template of the list: name, channel and, when disabled, a badge."""
    return dbc.ListGroupItem(
        [
            html.Span(row["name"], className="template-name"),
            dbc.Badge(
                channel_label(row["channel"]),
                color="light",
                text_color="dark",
                className="ms-2",
            ),
            None
            if row["is_active"]
            else html.Span(status_badge(False), className="ms-2"),
        ],
        id={"type": row_type, "index": row["id"]},
        action=True,
        active=row["id"] == selected,
        n_clicks=0,
    )
