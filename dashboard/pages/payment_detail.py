"""Payment detail: header with amount, customer, contract and its receivable;
information, approval and operation log tabs. Content is loaded by a callback
that re-checks scope."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.approval_panel import make_approval_panel
from dashboard.components.payment_views import actions
from dashboard.i18n import _
from dashboard.ids import PaymentDetail as ids
from dashboard.parsing import parse_int

dash.register_page(
    __name__,
    path_template="/payments/<payment_id>",
    order=63,
    title=lambda **_kw: f"{_('Payment')} · Pelago",
)


def layout(payment_id: str = "", **_query):
    pid = parse_int(payment_id)
    return html.Div(
        [
            dcc.Store(id=ids.PAYMENT_ID, data=payment_id),
            dcc.Store(id=ids.VERSION),
            dcc.Store(id=ids.REFRESH, data=0),
            html.Div(id=ids.MESSAGE),
            dbc.Card(
                dbc.CardBody(
                    html.Div(
                        [
                            dcc.Loading(html.Div(id=ids.HEADER), type="dot"),
                            actions(payment_id),
                        ],
                        className="detail-header-row",
                    )
                ),
                className="detail-header",
            ),
            dbc.Tabs(
                id=ids.TABS,
                active_tab="approval",
                className="mt-3",
                children=[
                    dbc.Tab(
                        html.Div(
                            make_approval_panel("payment", pid) if pid else None,
                            className="pt-3",
                        ),
                        label=_("Approval"),
                        tab_id="approval",
                    ),
                    dbc.Tab(
                        html.Div(id=ids.INFO, className="pt-3"),
                        label=_("Information"),
                        tab_id="info",
                    ),
                    dbc.Tab(
                        html.Div(id=ids.LOG, className="pt-3"),
                        label=_("Operation log"),
                        tab_id="log",
                    ),
                ],
            ),
            dbc.Modal(
                [
                    dbc.ModalHeader(dbc.ModalTitle(_("Void this payment?"))),
                    dbc.ModalBody(
                        _(
                            "A voided payment stays on record but can no longer be "
                            "edited or submitted."
                        )
                    ),
                    dbc.ModalFooter(
                        [
                            dbc.Button(
                                _("Cancel"), id=ids.VOID_CANCEL, color="secondary"
                            ),
                            dbc.Button(_("Void"), id=ids.VOID_CONFIRM, color="danger"),
                        ]
                    ),
                ],
                id=ids.VOID_MODAL,
                is_open=False,
            ),
        ]
    )
