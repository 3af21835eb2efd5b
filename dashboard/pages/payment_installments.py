"""Installments of approved contracts in scope: overdue, due today, next 30
days or all (?due=overdue|today|upcoming|all; the to-do page links here)."""

import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard.components.admin import forbidden
from dashboard.components.grid import link_column, make_grid, make_pager
from dashboard.components.list_page import (
    make_page_header,
    make_tabs,
)
from dashboard.context import current_actor
from dashboard.i18n import _
from dashboard.ids import PaymentInstallments as ids
from dashboard.labels import INSTALLMENT_DUE_LABELS
from services.payment_plans import DUE_FILTERS
from services.permissions import PAYMENT_VIEW

dash.register_page(
    __name__,
    path="/payments/installments",
    order=60,
    title=lambda **_kw: f"{_('Installments due')} · Pelago",
)


def columns() -> list[dict]:
    right = {"type": "rightAligned", "minWidth": 110}
    return [
        link_column("contract", _("Contract"), minWidth=200),
        {"field": "customer", "headerName": _("Customer"), "minWidth": 160},
        {"field": "sequence", "headerName": _("No."), "maxWidth": 80},
        {"field": "due_text", "headerName": _("Due date"), "minWidth": 110},
        {"field": "amount_text", "headerName": _("Amount"), **right},
        {"field": "collected_text", "headerName": _("Collected"), **right},
        {"field": "remaining_text", "headerName": _("Remaining"), **right},
        {"field": "state_label", "headerName": _("State"), "minWidth": 100},
    ]


def layout(due: str | None = None, **_query):
    if not current_actor().can(PAYMENT_VIEW):
        return forbidden()
    return html.Div(
        [
            make_page_header(
                _("Installments due"),
                dbc.Button(
                    [html.I(className="bi bi-cash-coin me-1"), _("Payments")],
                    href="/payments",
                    color="outline-secondary",
                ),
            ),
            make_tabs(
                ids.DUE_TABS,
                DUE_FILTERS,
                INSTALLMENT_DUE_LABELS,
                active=due if due in DUE_FILTERS else "overdue",
            ),
            make_grid(ids.GRID, columns(), selectable=False),
            make_pager(ids.PAGER, ids.TOTAL),
        ]
    )
