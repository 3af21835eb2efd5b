"""Pieces shared by the administration pages."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard.components.forms import select_options
from dashboard.i18n import LANGUAGE_NAMES, _, current_language
from services.errors import PermissionDenied
from services.teams import TeamNode


def forbidden() -> html.Div:
    """What an admin page shows to someone without admin.users."""
    return html.Div(
        dbc.Alert(_(PermissionDenied().message), color="danger"),
        className="admin-forbidden",
    )


def team_options(nodes: list[TeamNode], exclude: set[int] | None = None) -> list[dict]:
    """The team tree as select options, indented by depth."""
    return [
        {"label": "\u2003" * node.depth + node.name, "value": str(node.id)}
        for node in nodes
        if node.id not in (exclude or set())
    ]


def role_name(name_en: str, name_zh: str) -> str:
    return name_zh if current_language() == "zh_CN" else name_en


def page_header(title: str, button_id: str, button_label: str) -> html.Div:
    return html.Div(
        [
            html.H2(title, className="page-title"),
            dbc.Button(
                [html.I(className="bi bi-plus-lg me-1"), button_label],
                id=button_id,
                color="primary",
            ),
        ],
        className="d-flex justify-content-between align-items-center mb-3",
    )


def role_options(roles: list[dict]) -> list[dict]:
    return [
        {"label": role_name(r["name_en"], r["name_zh"]), "value": str(r["id"])}
        for r in roles
    ]


def language_options() -> list[dict]:
    return select_options(
        [{"label": name, "value": code} for code, name in LANGUAGE_NAMES.items()],
        _("Follow the browser"),
    )
