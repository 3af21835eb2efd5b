"""Payment list: search, filters, status tabs with counts and sums, server
paging and sorting. ?status=pending opens the pending tab (the to-do page
links there)."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.grid import link_column, make_grid, make_pager
from dashboard.context import current_actor, read_session
from dashboard.i18n import _, current_language
from dashboard.ids import Payments as ids
from dashboard.labels import PAYMENT_SORT_LABELS, PAYMENT_STATUS_LABELS
from models.contract import APPROVAL_STATUSES
from services import dictionaries
from services.org import assignable_users
from services.permissions import PAYMENT_CREATE

dash.register_page(
    __name__,
    path="/payments",
    order=60,
    title=lambda **_kw: f"{_('Payments')} · Pelago",
)

TABS = ("all", *APPROVAL_STATUSES)


def columns() -> list[dict]:
    return [
        link_column("number", _("Number"), minWidth=170),
        {"field": "customer", "headerName": _("Customer"), "minWidth": 160},
        {"field": "contract", "headerName": _("Contract"), "minWidth": 180},
        {
            "field": "amount_text",
            "headerName": _("Amount"),
            "minWidth": 120,
            "type": "rightAligned",
        },
        {"field": "paid_on_text", "headerName": _("Payment date"), "minWidth": 110},
        {"field": "method_label", "headerName": _("Payment method"), "minWidth": 110},
        {"field": "installment", "headerName": _("Installment"), "minWidth": 90},
        {"field": "status_label", "headerName": _("Status"), "minWidth": 110},
        {"field": "owner", "headerName": _("Owner"), "minWidth": 90},
    ]


def _search(component_id: str, placeholder: str, **props) -> dbc.Input:
    return dbc.Input(
        id=component_id, debounce=True, placeholder=placeholder, size="sm", **props
    )


def _sort_controls() -> dbc.InputGroup:
    return dbc.InputGroup(
        [
            dbc.Select(
                id=ids.SORT,
                value="paid_on",
                size="sm",
                options=[
                    {"label": _(label), "value": key}
                    for key, label in PAYMENT_SORT_LABELS.items()
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


def _range(label: str, low, high) -> dbc.InputGroup:
    return dbc.InputGroup(
        [dbc.InputGroupText(label), low, dbc.InputGroupText("–"), high], size="sm"
    )


def filter_bar(actor, language: str) -> dbc.Card:
    with read_session() as session:
        methods = dictionaries.options(session, "payment_method", language)
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
                placeholder=_("Number, customer or contract"),
            ),
        ],
        size="sm",
    )
    first = [
        dbc.Col(search, md=4),
        dbc.Col(
            dcc.Dropdown(
                id=ids.METHOD,
                options=methods,
                placeholder=_("All payment methods"),
                className="filter-select",
            ),
            md=2,
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
        dbc.Col(_sort_controls(), md=3),
    ]
    second = [
        dbc.Col(
            _range(
                _("Payment date"),
                _search(ids.PAID_FROM, "", type="date"),
                _search(ids.PAID_TO, "", type="date"),
            ),
            md=5,
        ),
        dbc.Col(
            _range(
                _("Amount"),
                _search(ids.AMOUNT_MIN, _("Min"), inputMode="decimal"),
                _search(ids.AMOUNT_MAX, _("Max"), inputMode="decimal"),
            ),
            md=4,
        ),
    ]
    return dbc.Card(
        dbc.CardBody(
            [dbc.Row(first, className="g-2 mb-2"), dbc.Row(second, className="g-2")]
        ),
        className="mb-3 filter-bar",
    )


def layout(status: str | None = None, **_query):
    actor = current_actor()
    new_button = (
        dbc.Button(
            [html.I(className="bi bi-plus-lg me-1"), _("Record payment")],
            href="/payments/new",
            color="primary",
            id="payments-new",
        )
        if actor.can(PAYMENT_CREATE)
        else None
    )
    return html.Div(
        [
            html.Div(
                [
                    html.H2(_("Payments"), className="page-title"),
                    html.Div(
                        [
                            dbc.Button(
                                [
                                    html.I(className="bi bi-calendar-check me-1"),
                                    _("Installments due"),
                                ],
                                href="/payments/installments",
                                color="outline-secondary",
                                className="me-2",
                                id="payments-installments",
                            ),
                            new_button,
                        ]
                    ),
                ],
                className="d-flex justify-content-between align-items-center mb-3",
            ),
            filter_bar(actor, current_language()),
            dbc.Tabs(
                id=ids.STATUS_TABS,
                active_tab=status if status in TABS else "all",
                className="mb-2",
                children=[
                    dbc.Tab(label=_(PAYMENT_STATUS_LABELS[key]), tab_id=key)
                    for key in TABS
                ],
            ),
            html.Div(id=ids.MESSAGE),
            make_grid(ids.GRID, columns(), selectable=False),
            make_pager(ids.PAGER, ids.TOTAL, ids.PAGE_SIZE),
        ]
    )
