"""Opportunity list: search, filters (status, owner, amount range, expected close
range), stage tabs with count and amount, server paging and sorting."""

import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard.components.admin import forbidden
from dashboard.components.custom_fields import make_custom_list_controls
from dashboard.components.grid import link_column, make_grid, make_pager
from dashboard.components.list_page import (
    make_filter_bar,
    make_filter_select,
    make_new_button,
    make_page_header,
    make_range,
    make_search,
    make_sort_controls,
)
from dashboard.context import current_actor, read_session
from dashboard.i18n import _
from dashboard.ids import Opportunities as ids
from dashboard.labels import OPPORTUNITY_SORT_LABELS, OPPORTUNITY_STATUS_LABELS
from services.opportunities import SORT_COLUMNS
from services.org import assignable_users
from services.permissions import OPPORTUNITY_CREATE, OPPORTUNITY_VIEW

dash.register_page(
    __name__,
    path="/opportunities",
    order=40,
    title=lambda **_kw: f"{_('Opportunities')} · Pelago",
)


def columns() -> list[dict]:
    number = {"type": "rightAligned", "minWidth": 120}
    return [
        link_column("name", _("Opportunity")),
        {"field": "customer", "headerName": _("Customer"), "minWidth": 160},
        {"field": "stage", "headerName": _("Stage"), "minWidth": 120},
        {"field": "amount_text", "headerName": _("Amount"), **number},
        {"field": "weighted_text", "headerName": _("Weighted amount"), **number},
        {
            "field": "close_date",
            "headerName": _("Expected close date"),
            "minWidth": 120,
        },
        {"field": "status_label", "headerName": _("Status"), "minWidth": 80},
        {"field": "owner", "headerName": _("Owner"), "minWidth": 90},
        {"field": "updated", "headerName": _("Modified"), "minWidth": 140},
    ]


def filter_bar(actor) -> dbc.Card:
    with read_session() as session:
        owners = [
            {"label": name, "value": str(uid)}
            for uid, name in assignable_users(session, actor)
        ]
    status_options = [
        {"label": _(OPPORTUNITY_STATUS_LABELS[key]), "value": key}
        for key in ("open", "won", "lost")
    ]
    sort_options = [
        {"label": _(OPPORTUNITY_SORT_LABELS[k]), "value": k} for k in SORT_COLUMNS
    ]
    amount = make_range(
        _("Amount"),
        dbc.Input(
            id=ids.AMOUNT_MIN, debounce=True, inputMode="decimal", placeholder=_("From")
        ),
        dbc.Input(
            id=ids.AMOUNT_MAX, debounce=True, inputMode="decimal", placeholder=_("To")
        ),
        separator=False,
    )
    close = make_range(
        _("Expected close"),
        dbc.Input(id=ids.CLOSE_FROM, type="date"),
        dbc.Input(id=ids.CLOSE_TO, type="date"),
        separator=False,
    )
    return make_filter_bar(
        [
            dbc.Col(make_search(ids.SEARCH, _("Opportunity or customer name")), md=4),
            dbc.Col(
                make_filter_select(ids.STATUS, _("All statuses"), status_options), md=2
            ),
            dbc.Col(make_filter_select(ids.OWNER, _("All owners"), owners), md=2),
            dbc.Col(make_sort_controls(ids.SORT, ids.DIRECTION, sort_options), md=3),
        ],
        [dbc.Col(amount, md=5), dbc.Col(close, md=5)],
    )


def layout(**_query):
    actor = current_actor()
    if not actor.can(OPPORTUNITY_VIEW):
        return forbidden()
    return html.Div(
        [
            make_page_header(
                _("Opportunities"),
                make_new_button(
                    _("New opportunity"),
                    "/opportunities/new",
                    ids.NEW,
                    className="" if actor.can(OPPORTUNITY_CREATE) else "d-none",
                ),
            ),
            filter_bar(actor),
            make_custom_list_controls("opportunity"),
            dbc.Tabs(
                id=ids.STAGE_TABS,
                active_tab="all",
                className="mb-2 stage-tabs",
                children=[dbc.Tab(label=_("All"), tab_id="all")],
            ),
            make_grid(ids.GRID, columns(), selectable=False),
            make_pager(ids.PAGER, ids.TOTAL, ids.PAGE_SIZE),
        ]
    )
