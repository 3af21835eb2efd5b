"""Opportunity list: search, filters (status, owner, amount range, expected close
range), stage tabs with count and amount, server paging and sorting."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.grid import link_column, make_grid, make_pager
from dashboard.context import current_actor, read_session
from dashboard.i18n import _
from dashboard.ids import Opportunities as ids
from dashboard.labels import OPPORTUNITY_SORT_LABELS, OPPORTUNITY_STATUS_LABELS
from services.opportunities import SORT_COLUMNS
from services.org import assignable_users
from services.permissions import OPPORTUNITY_CREATE

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


def _col(control, md: int) -> dbc.Col:
    return dbc.Col(control, md=md)


def filter_bar(actor) -> dbc.Card:
    with read_session() as session:
        owners = [
            {"label": name, "value": str(uid)}
            for uid, name in assignable_users(session, actor)
        ]
    search = dbc.InputGroup(
        [
            dbc.InputGroupText(html.I(className="bi bi-search")),
            dbc.Input(
                id=ids.SEARCH,
                type="search",
                debounce=True,
                placeholder=_("Opportunity or customer name"),
            ),
        ],
        size="sm",
    )
    status = dcc.Dropdown(
        id=ids.STATUS,
        options=[
            {"label": _(OPPORTUNITY_STATUS_LABELS[key]), "value": key}
            for key in ("open", "won", "lost")
        ],
        placeholder=_("All statuses"),
        className="filter-select",
    )
    owner = dcc.Dropdown(
        id=ids.OWNER,
        options=owners,
        placeholder=_("All owners"),
        className="filter-select",
    )
    sort = dbc.InputGroup(
        [
            dbc.Select(
                id=ids.SORT,
                value="updated",
                size="sm",
                options=[
                    {"label": _(OPPORTUNITY_SORT_LABELS[k]), "value": k}
                    for k in SORT_COLUMNS
                ],
            ),
            dbc.Select(
                id=ids.DIRECTION,
                value="desc",
                size="sm",
                className="sort-direction",
                options=[
                    {"label": "↓", "value": "desc"},
                    {"label": "↑", "value": "asc"},
                ],
            ),
        ],
        size="sm",
    )
    amount = dbc.InputGroup(
        [
            dbc.InputGroupText(_("Amount")),
            dbc.Input(
                id=ids.AMOUNT_MIN,
                debounce=True,
                inputMode="decimal",
                placeholder=_("From"),
            ),
            dbc.Input(
                id=ids.AMOUNT_MAX,
                debounce=True,
                inputMode="decimal",
                placeholder=_("To"),
            ),
        ],
        size="sm",
    )
    close = dbc.InputGroup(
        [
            dbc.InputGroupText(_("Expected close")),
            dbc.Input(id=ids.CLOSE_FROM, type="date"),
            dbc.Input(id=ids.CLOSE_TO, type="date"),
        ],
        size="sm",
    )
    return dbc.Card(
        dbc.CardBody(
            [
                dbc.Row(
                    [_col(search, 4), _col(status, 2), _col(owner, 2), _col(sort, 3)],
                    className="g-2 mb-2",
                ),
                dbc.Row([_col(amount, 5), _col(close, 5)], className="g-2"),
            ]
        ),
        className="mb-3 filter-bar",
    )


def layout(**_query):
    actor = current_actor()
    return html.Div(
        [
            html.Div(
                [
                    html.H2(_("Opportunities"), className="page-title"),
                    dbc.Button(
                        [html.I(className="bi bi-plus-lg me-1"), _("New opportunity")],
                        href="/opportunities/new",
                        color="primary",
                        id=ids.NEW,
                        className="" if actor.can(OPPORTUNITY_CREATE) else "d-none",
                    ),
                ],
                className="d-flex justify-content-between align-items-center mb-3",
            ),
            filter_bar(actor),
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
