"""Pieces every list page shares: the title row, the filter bar and its
controls, status tabs and the bulk-action bar above the grid."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.i18n import _

SORT_DIRECTIONS = [{"label": "↓", "value": "desc"}, {"label": "↑", "value": "asc"}]


def make_page_header(title: str, *actions, class_name: str = "mb-3") -> html.Div:
    """The page title with its actions (buttons, links) on the right."""
    return html.Div(
        [html.H2(title, className="page-title"), *actions],
        className=f"d-flex justify-content-between align-items-center {class_name}",
    )


def make_new_button(label: str, href: str, button_id: str, **props) -> dbc.Button:
    """The primary "New …" link-button of a list page."""
    return dbc.Button(
        [html.I(className="bi bi-plus-lg me-1"), label],
        href=href,
        color="primary",
        id=button_id,
        **props,
    )


def make_search(search_id: str, placeholder: str, *, icon: bool = True):
    """The free-text search box of a filter bar, with a magnifier unless `icon` is
    False (then a bare small input)."""
    if not icon:
        return dbc.Input(
            id=search_id,
            type="search",
            debounce=True,
            size="sm",
            placeholder=placeholder,
        )
    return dbc.InputGroup(
        [
            dbc.InputGroupText(html.I(className="bi bi-search")),
            dbc.Input(
                id=search_id, type="search", debounce=True, placeholder=placeholder
            ),
        ],
        size="sm",
    )


def make_filter_select(
    component_id: str,
    placeholder: str,
    options: list[dict],
    *,
    value=None,
    class_name: str | None = "filter-select",
) -> dcc.Dropdown:
    """A clearable dropdown filter; empty means "all"."""
    props = {"value": value} if value is not None else {}
    if class_name:
        props["className"] = class_name
    return dcc.Dropdown(
        id=component_id,
        options=options,
        placeholder=placeholder,
        clearable=True,
        **props,
    )


def make_sort_controls(
    sort_id: str,
    direction_id: str,
    options: list[dict],
    *,
    value: str = "updated",
    direction: str = "desc",
) -> dbc.InputGroup:
    """Sort key and direction, side by side."""
    return dbc.InputGroup(
        [
            dbc.Select(id=sort_id, value=value, size="sm", options=options),
            dbc.Select(
                id=direction_id,
                value=direction,
                size="sm",
                className="sort-direction",
                options=SORT_DIRECTIONS,
            ),
        ],
        size="sm",
    )


def make_range(label: str, low, high, *, separator: bool = True) -> dbc.InputGroup:
    """A labelled pair of inputs (dates, amounts): label, low – high."""
    middle = [dbc.InputGroupText("–")] if separator else []
    return dbc.InputGroup([dbc.InputGroupText(label), low, *middle, high], size="sm")


def make_filter_bar(*rows: list[dbc.Col]) -> dbc.Card:
    """The card above a list holding one or more rows of filter columns."""
    if len(rows) == 1:
        body = dbc.Row(rows[0], className="g-2")
    else:
        body = [
            *(dbc.Row(row, className="g-2 mb-2") for row in rows[:-1]),
            dbc.Row(rows[-1], className="g-2"),
        ]
    return dbc.Card(dbc.CardBody(body), className="mb-3 filter-bar")


def make_tabs(
    tabs_id: str,
    keys: Iterable[str],
    labels: Mapping[str, str],
    *,
    active: str = "all",
    class_name: str = "mb-2",
) -> dbc.Tabs:
    """Status or stage tabs; `labels` maps each key to its msgid."""
    return dbc.Tabs(
        id=tabs_id,
        active_tab=active,
        className=class_name,
        children=[dbc.Tab(label=_(labels[key]), tab_id=key) for key in keys],
    )


def make_bulk_button(
    button_id: str,
    icon: str,
    label: str,
    color: str = "outline-primary",
    *,
    spaced: bool = True,
    style: dict | None = None,
) -> dbc.Button:
    """A small bulk-action button, disabled until rows are selected; `spaced`
    leaves a gap before the next control."""
    props = {"className": "me-2"} if spaced else {}
    if style is not None:
        props["style"] = style
    return dbc.Button(
        [html.I(className=f"bi bi-{icon} me-1"), label],
        id=button_id,
        color=color,
        size="sm",
        disabled=True,
        **props,
    )


def make_bulk_bar(selection_id: str, *controls, **props) -> html.Div:
    """The bar above the grid: the selection count, then the bulk actions."""
    return html.Div(
        [html.Span(id=selection_id, className="text-muted small me-2"), *controls],
        className="bulk-bar mb-2",
        **props,
    )
