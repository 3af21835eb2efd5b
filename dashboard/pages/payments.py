"""Payment list: search, filters, status tabs with counts and sums, server
paging and sorting. ?status=pending opens the pending tab (the to-do page
links there)."""

import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard.components.admin import forbidden
from dashboard.components.grid import link_column, make_grid, make_pager
from dashboard.components.list_page import (
    make_filter_bar,
    make_filter_select,
    make_new_button,
    make_page_header,
    make_range,
    make_search,
    make_sort_controls,
    make_tabs,
)
from dashboard.context import current_actor, read_session
from dashboard.i18n import _, current_language
from dashboard.ids import Payments as ids
from dashboard.labels import PAYMENT_SORT_LABELS, PAYMENT_STATUS_LABELS
from models.contract import APPROVAL_STATUSES
from services import dictionaries
from services.org import assignable_users
from services.permissions import PAYMENT_CREATE, PAYMENT_VIEW

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


def filter_bar(actor, language: str) -> dbc.Card:
    with read_session() as session:
        methods = dictionaries.options(session, "payment_method", language)
        owners = [
            {"label": name, "value": str(uid)}
            for uid, name in assignable_users(session, actor)
        ]
    sort_options = [
        {"label": _(label), "value": key} for key, label in PAYMENT_SORT_LABELS.items()
    ]
    first = [
        dbc.Col(make_search(ids.SEARCH, _("Number, customer or contract")), md=4),
        dbc.Col(
            make_filter_select(ids.METHOD, _("All payment methods"), methods), md=2
        ),
        dbc.Col(make_filter_select(ids.OWNER, _("All owners"), owners), md=2),
        dbc.Col(
            make_sort_controls(ids.SORT, ids.DIRECTION, sort_options, value="paid_on"),
            md=3,
        ),
    ]
    second = [
        dbc.Col(
            make_range(
                _("Payment date"),
                _search(ids.PAID_FROM, "", type="date"),
                _search(ids.PAID_TO, "", type="date"),
            ),
            md=5,
        ),
        dbc.Col(
            make_range(
                _("Amount"),
                _search(ids.AMOUNT_MIN, _("Min"), inputMode="decimal"),
                _search(ids.AMOUNT_MAX, _("Max"), inputMode="decimal"),
            ),
            md=4,
        ),
    ]
    return make_filter_bar(first, second)


def layout(status: str | None = None, **_query):
    actor = current_actor()
    if not actor.can(PAYMENT_VIEW):
        return forbidden()
    new_button = (
        make_new_button(_("Record payment"), "/payments/new", "payments-new")
        if actor.can(PAYMENT_CREATE)
        else None
    )
    return html.Div(
        [
            make_page_header(
                _("Payments"),
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
            ),
            filter_bar(actor, current_language()),
            make_tabs(
                ids.STATUS_TABS,
                TABS,
                PAYMENT_STATUS_LABELS,
                active=status if status in TABS else "all",
            ),
            html.Div(id=ids.MESSAGE),
            make_grid(ids.GRID, columns(), selectable=False),
            make_pager(ids.PAGER, ids.TOTAL, ids.PAGE_SIZE),
        ]
    )
