"""Payment detail: header with amount, customer, contract and its receivable;
information, approval and operation log tabs. Content is loaded by a callback
that re-checks scope."""

import dash
from dash import dcc, html

from dashboard.components.approval_panel import make_approval_panel
from dashboard.components.detail_page import (
    detail_tab,
    make_confirm_modal,
    make_detail_header,
    make_detail_tabs,
)
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
    approval = make_approval_panel("payment", pid) if pid else None
    return html.Div(
        [
            dcc.Store(id=ids.PAYMENT_ID, data=payment_id),
            dcc.Store(id=ids.VERSION),
            dcc.Store(id=ids.REFRESH, data=0),
            html.Div(id=ids.MESSAGE),
            make_detail_header(ids.HEADER, actions(payment_id)),
            make_detail_tabs(
                [
                    detail_tab(_("Approval"), "approval", content=approval),
                    detail_tab(_("Information"), "info", body_id=ids.INFO),
                    detail_tab(_("Operation log"), "log", body_id=ids.LOG),
                ],
                tabs_id=ids.TABS,
                active_tab="approval",
            ),
            make_confirm_modal(
                ids.VOID_MODAL,
                ids.VOID_CANCEL,
                ids.VOID_CONFIRM,
                title=_("Void this payment?"),
                body=_(
                    "A voided payment stays on record but can no longer be "
                    "edited or submitted."
                ),
                confirm_label=_("Void"),
            ),
        ]
    )
