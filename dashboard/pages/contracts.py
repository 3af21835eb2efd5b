"""Contract list: search, filters, status tabs with counts and amount sums,
server paging and sorting. ?status=pending opens that tab and ?ending_within=30
lists approved contracts ending within 30 days (the to-do page links there)."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.contract_views import STATUS_CELL_CLASSES
from dashboard.components.grid import link_column, make_grid, make_pager
from dashboard.context import current_actor, read_session
from dashboard.i18n import _
from dashboard.ids import Contracts as ids
from dashboard.labels import CONTRACT_SORT_LABELS, CONTRACT_STATUS_LABELS
from dashboard.parsing import parse_int
from models.contract import APPROVAL_STATUSES
from services.org import assignable_users
from services.permissions import CONTRACT_CREATE

dash.register_page(
    __name__,
    path="/contracts",
    order=50,
    title=lambda **_kw: f"{_('Contracts')} · Pelago",
)

TABS = ("all", *APPROVAL_STATUSES)
ENDING_CHOICES = (7, 30, 60, 90)


def columns() -> list[dict]:
    money = {"type": "rightAligned", "minWidth": 120}
    return [
        link_column("number", _("Number"), minWidth=160),
        link_column("name", _("Contract name"), minWidth=170),
        {"field": "customer", "headerName": _("Customer"), "minWidth": 150},
        {"field": "amount_text", "headerName": _("Amount"), **money},
        {"field": "paid_text", "headerName": _("Paid"), **money},
        {"field": "receivable_text", "headerName": _("Receivable"), **money},
        {
            "field": "status_label",
            "headerName": _("Status"),
            "minWidth": 110,
            "cellClassRules": STATUS_CELL_CLASSES,
        },
        {"field": "sign_date_text", "headerName": _("Signing date"), "minWidth": 110},
        {"field": "end_date_text", "headerName": _("End date"), "minWidth": 110},
        {"field": "owner", "headerName": _("Owner"), "minWidth": 90},
    ]


def _input_pair(label: str, first: dbc.Input, second: dbc.Input) -> dbc.InputGroup:
    return dbc.InputGroup(
        [dbc.InputGroupText(label), first, dbc.InputGroupText("–"), second],
        size="sm",
    )


def _sort_controls(ending_within: int | None) -> dbc.InputGroup:
    """Sort key and direction; contracts ending soon come soonest first."""
    return dbc.InputGroup(
        [
            dbc.Select(
                id=ids.SORT,
                value="end_date" if ending_within else "updated",
                size="sm",
                options=[
                    {"label": _(label), "value": key}
                    for key, label in CONTRACT_SORT_LABELS.items()
                ],
            ),
            dbc.Select(
                id=ids.DIRECTION,
                value="asc" if ending_within else "desc",
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


def filter_bar(actor, ending_within: int | None) -> dbc.Card:
    with read_session() as session:
        owners = [
            {"label": name, "value": str(uid)}
            for uid, name in assignable_users(session, actor)
        ]
    ending_options = [
        {"label": _("Ending within {days} days", days=days), "value": str(days)}
        for days in sorted(
            {*ENDING_CHOICES, *([ending_within] if ending_within else [])}
        )
    ]
    return dbc.Card(
        dbc.CardBody(
            [
                dbc.Row(
                    [
                        dbc.Col(
                            dbc.InputGroup(
                                [
                                    dbc.InputGroupText(
                                        html.I(className="bi bi-search")
                                    ),
                                    dbc.Input(
                                        id=ids.SEARCH,
                                        type="search",
                                        debounce=True,
                                        placeholder=_("Number, name or customer"),
                                    ),
                                ],
                                size="sm",
                            ),
                            md=4,
                        ),
                        dbc.Col(
                            dcc.Dropdown(
                                id=ids.OWNER,
                                options=owners,
                                placeholder=_("All owners"),
                                className="filter-select",
                            ),
                            md=2,
                        ),
                        dbc.Col(
                            dcc.Dropdown(
                                id=ids.ENDING,
                                options=ending_options,
                                value=str(ending_within) if ending_within else None,
                                placeholder=_("Any end date"),
                                className="filter-select",
                            ),
                            md=3,
                        ),
                        dbc.Col(
                            _sort_controls(ending_within),
                            md=3,
                        ),
                    ],
                    className="g-2 mb-2",
                ),
                dbc.Row(
                    [
                        dbc.Col(
                            _input_pair(
                                _("Signed"),
                                dbc.Input(id=ids.SIGN_FROM, type="date", debounce=True),
                                dbc.Input(id=ids.SIGN_TO, type="date", debounce=True),
                            ),
                            md=5,
                        ),
                        dbc.Col(
                            _input_pair(
                                _("Amount"),
                                dbc.Input(
                                    id=ids.AMOUNT_MIN,
                                    debounce=True,
                                    inputMode="decimal",
                                    placeholder=_("Min"),
                                ),
                                dbc.Input(
                                    id=ids.AMOUNT_MAX,
                                    debounce=True,
                                    inputMode="decimal",
                                    placeholder=_("Max"),
                                ),
                            ),
                            md=5,
                        ),
                        dbc.Col(
                            dbc.Button(
                                _("Reset"),
                                id=ids.RESET,
                                color="link",
                                size="sm",
                            ),
                            md=2,
                        ),
                    ],
                    className="g-2",
                ),
            ]
        ),
        className="mb-3 filter-bar",
    )


def layout(status: str | None = None, ending_within: str | None = None, **_query):
    actor = current_actor()
    ending = parse_int(ending_within)
    active = status if status in TABS else "all"
    new_button = (
        dbc.Button(
            [html.I(className="bi bi-plus-lg me-1"), _("New contract")],
            href="/contracts/new",
            color="primary",
            id=ids.NEW,
        )
        if actor.can(CONTRACT_CREATE)
        else None
    )
    return html.Div(
        [
            html.Div(
                [html.H2(_("Contracts"), className="page-title"), new_button],
                className="d-flex justify-content-between align-items-center mb-3",
            ),
            filter_bar(actor, ending),
            dbc.Tabs(
                id=ids.STATUS_TABS,
                active_tab=active,
                className="mb-2",
                children=[
                    dbc.Tab(label=_(CONTRACT_STATUS_LABELS[key]), tab_id=key)
                    for key in TABS
                ],
            ),
            html.Div(id=ids.SUMMARY, className="text-muted small mb-2"),
            html.Div(id=ids.MESSAGE),
            make_grid(ids.GRID, columns(), selectable=False),
            make_pager(ids.PAGER, ids.TOTAL, ids.PAGE_SIZE),
        ]
    )
