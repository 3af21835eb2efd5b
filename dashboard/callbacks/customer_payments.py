"""The customer detail page's "payments" tab: receivable summary over the
customer's approved contracts and its payments."""

from __future__ import annotations

from dash import Dash, Input, Output, html, no_update

from dashboard.callbacks.contract_payments import TAB_ROWS, more_note, record_button
from dashboard.components.feedback import error_alert
from dashboard.components.payment_views import facts_row, payments_table
from dashboard.context import current_actor, read_session
from dashboard.i18n import _, current_language, format_money
from dashboard.ids import CustomerDetail as ids
from dashboard.parsing import parse_int
from services import dictionaries
from services.errors import ServiceError
from services.payment_plans import customer_receivable
from services.payments import PaymentFilter, list_payments
from services.permissions import PAYMENT_CREATE


def render_payments(active_tab, customer_id):
    if active_tab != "payments":
        return no_update
    cid = parse_int(customer_id) or 0
    try:
        with read_session() as session:
            actor = current_actor()
            summary = customer_receivable(session, actor, cid)
            page = list_payments(
                session,
                actor,
                PaymentFilter(customer_id=cid, focus=False, page_size=TAB_ROWS),
            )
            labels = dictionaries.labels(session, current_language())
    except ServiceError as error:
        return error_alert(error)
    facts = [
        (_("Approved contracts"), f"{summary['contracts']:,}"),
        (_("Contract amount"), format_money(summary["amount"])),
        (_("Received"), format_money(summary["paid"])),
        (_("Pending approval"), format_money(summary["pending"])),
        (_("Receivable balance"), format_money(summary["balance"])),
    ]
    can_record = actor.can(PAYMENT_CREATE) and summary["balance"] > 0
    return html.Div(
        [
            html.Div(
                [
                    facts_row(facts, id="customer-payments-receivable"),
                    record_button(
                        f"/payments/new?customer_id={cid}", id="customer-payments-new"
                    )
                    if can_record
                    else None,
                ],
                className="d-flex justify-content-between align-items-end mb-3",
            ),
            payments_table(page.rows, labels, show_contract=True),
            more_note(page.total),
        ]
    )


def register(app: Dash) -> None:
    app.callback(
        Output(ids.PAYMENTS, "children"),
        Input(ids.TABS, "active_tab"),
        Input(ids.CUSTOMER_ID, "data"),
    )(render_payments)
