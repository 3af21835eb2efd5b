"""Pieces every record detail page shares: the header card, the tabs, the
confirm dialog, hidden action buttons, the fact row, the information grid and
the operation log table."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.i18n import _, format_datetime
from dashboard.labels import ACTION_LABELS

HIDDEN = {"display": "none"}


def make_detail_header(header_id: str, *actions, below=None) -> dbc.Card:
    """The header card: the facts the load callback renders into `header_id`,
    the actions beside them and, optionally, a row `below` them."""
    row = html.Div(
        [dcc.Loading(html.Div(id=header_id), type="dot"), *actions],
        className="detail-header-row",
    )
    return dbc.Card(
        dbc.CardBody(row if below is None else [row, below]),
        className="detail-header",
    )


def detail_tab(label: str, tab_id: str, *, body_id: str | None = None, content=None):
    """One tab; its padded body is the callback target `body_id` or `content`."""
    body_props = {"id": body_id} if body_id is not None else {}
    return dbc.Tab(
        html.Div(content, className="pt-3", **body_props), label=label, tab_id=tab_id
    )


def make_detail_tabs(tabs: list, *, tabs_id: str | None = None, active_tab: str):
    props = {"id": tabs_id} if tabs_id is not None else {}
    return dbc.Tabs(active_tab=active_tab, className="mt-3", children=tabs, **props)


def make_confirm_modal(
    modal_id: str,
    cancel_id: str,
    confirm_id: str,
    *,
    title: str | None = None,
    title_id: str | None = None,
    body,
    confirm_label: str,
    color: str = "danger",
    before: tuple = (),
) -> dbc.Modal:
    """A closed dialog asking to confirm (wire it with register_modal_toggle);
    `title_id` names a title a callback fills, `before` holds its stores."""
    title_props = {"id": title_id} if title_id is not None else {}
    if title is not None:
        title_props["children"] = title
    return dbc.Modal(
        [
            *before,
            dbc.ModalHeader(dbc.ModalTitle(**title_props)),
            dbc.ModalBody(body),
            dbc.ModalFooter(
                [
                    dbc.Button(_("Cancel"), id=cancel_id, color="secondary"),
                    dbc.Button(confirm_label, id=confirm_id, color=color),
                ]
            ),
        ],
        id=modal_id,
        is_open=False,
    )


def action_button(component_id: str, icon: str, label: str, color: str, **props):
    """A hidden header action; the load callback shows those that apply."""
    return dbc.Button(
        [html.I(className=f"bi bi-{icon} me-1"), label],
        id=component_id,
        color=color,
        size="sm",
        className="me-2",
        style=HIDDEN,
        **props,
    )


def facts_row(facts: Iterable[tuple[str, object]], **props) -> html.Div:
    """Small labelled values side by side under a detail page's title."""
    return html.Div(
        [
            html.Div(
                [html.Small(label, className="text-muted d-block"), value],
                className="fact",
            )
            for label, value in facts
        ],
        className="facts mt-3",
        **props,
    )


def audit_items(detail: dict) -> list[tuple[str, str]]:
    """Who created and last modified the record, and when."""
    return [
        (
            _("Created by"),
            f"{detail['created_by']} · {format_datetime(detail['created_at'])}",
        ),
        (
            _("Modified by"),
            f"{detail['updated_by']} · {format_datetime(detail['updated_at'])}",
        ),
    ]


def info_grid(items: Iterable[tuple[str, object]], *, width: int = 4) -> dbc.Row:
    """The information tab: label / value pairs, 12 // `width` per row."""
    return dbc.Row(
        [
            dbc.Col(
                html.Dl([html.Dt(label), html.Dd(value or "—")], className="mb-2"),
                md=width,
            )
            for label, value in items
        ],
        className="info-grid",
    )


def log_table(entries: list[dict], changes: Callable[[dict], object]) -> html.Div:
    """The operation log, newest first; `changes(entry)` fills the last column."""
    if not entries:
        return html.P(_("No operations recorded."), className="text-muted")
    return dbc.Table(
        [
            html.Thead(
                html.Tr(
                    [
                        html.Th(_("Time")),
                        html.Th(_("User")),
                        html.Th(_("Action")),
                        html.Th(_("Changes")),
                    ]
                )
            ),
            html.Tbody(
                [
                    html.Tr(
                        [
                            html.Td(format_datetime(e["at"]), className="text-nowrap"),
                            html.Td(e["actor"] or _("System")),
                            html.Td(_(ACTION_LABELS.get(e["action"], e["action"]))),
                            html.Td(changes(e)),
                        ]
                    )
                    for e in entries
                ]
            ),
        ],
        size="sm",
        className="log-table",
    )
