"""Installments of approved contracts in scope: overdue, due today, next 30
days or all (?due=overdue|today|upcoming|all; the to-do page links here)."""

import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard.components.grid import link_column, make_grid, make_pager
from dashboard.i18n import _
from dashboard.ids import PaymentInstallments as ids
from dashboard.labels import INSTALLMENT_DUE_LABELS
from services.payment_plans import DUE_FILTERS

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
    return html.Div(
        [
            html.Div(
                [
                    html.H2(_("Installments due"), className="page-title"),
                    dbc.Button(
                        [html.I(className="bi bi-cash-coin me-1"), _("Payments")],
                        href="/payments",
                        color="outline-secondary",
                    ),
                ],
                className="d-flex justify-content-between align-items-center mb-3",
            ),
            dbc.Tabs(
                id=ids.DUE_TABS,
                active_tab=due if due in DUE_FILTERS else "overdue",
                className="mb-2",
                children=[
                    dbc.Tab(label=_(INSTALLMENT_DUE_LABELS[key]), tab_id=key)
                    for key in DUE_FILTERS
                ],
            ),
            make_grid(ids.GRID, columns(), selectable=False),
            make_pager(ids.PAGER, ids.TOTAL),
        ]
    )
