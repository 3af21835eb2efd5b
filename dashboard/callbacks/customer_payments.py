"""The customer detail page's "payments" tab: receivable summary over the
customer's approved contracts and its payments."""

from __future__ import annotations

from dash import Dash

from dashboard.callbacks.contract_payments import render_payments_tab
from dashboard.callbacks.detail_page import register_tab
from dashboard.i18n import _, format_money
from dashboard.ids import CustomerDetail as ids
from services.payment_plans import customer_receivable


def _facts(summary: dict) -> list[tuple[str, str]]:
    return [
        (_("Approved contracts"), f"{summary['contracts']:,}"),
        (_("Contract amount"), format_money(summary["amount"])),
        (_("Received"), format_money(summary["paid"])),
        (_("Pending approval"), format_money(summary["pending"])),
        (_("Receivable balance"), format_money(summary["balance"])),
    ]


def render_payments(active_tab, customer_id):
    return render_payments_tab(
        active_tab,
        customer_id,
        kind="customer",
        receivable=customer_receivable,
        facts=_facts,
        show_contract=True,
    )


def register(app: Dash) -> None:
    register_tab(
        app,
        render_payments,
        body_id=ids.PAYMENTS,
        tabs_id=ids.TABS,
        record_store=ids.CUSTOMER_ID,
    )
