"""Read-only renderings of payments: status badge, detail header and info, the
operation log, a receivable summary and the compact payments table used on the
contract and customer tabs."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard.components.customer_views import change_lines
from dashboard.components.detail_page import (
    action_button,
    audit_items,
    facts_row,
    info_grid,
    log_table,
)
from dashboard.i18n import _, format_date, format_datetime, format_money
from dashboard.ids import PaymentDetail
from dashboard.labels import PAYMENT_STATUS_LABELS

STATUS_COLORS = {
    "draft": "secondary",
    "pending": "warning",
    "approved": "success",
    "rejected": "danger",
    "voided": "dark",
}


def status_badge(status: str, **props) -> dbc.Badge:
    return dbc.Badge(
        _(PAYMENT_STATUS_LABELS.get(status, status)),
        color=STATUS_COLORS.get(status, "secondary"),
        **props,
    )


def method_label(labels: dict, method: str | None) -> str:
    return labels.get(("payment_method", method), method or "") if method else ""


def actions(payment_id: str) -> html.Div:
    """Edit and void; the load callback shows the ones that apply."""
    return html.Div(
        [
            action_button(
                PaymentDetail.EDIT,
                "pencil",
                _("Edit"),
                "primary",
                href=f"/payments/{payment_id}/edit",
            ),
            action_button(
                PaymentDetail.VOID, "x-circle", _("Void"), "danger", outline=True
            ),
        ],
        className="detail-actions",
    )


def _link(text: str, href: str, visible: bool, **props):
    return html.A(text, href=href, **props) if visible else html.Span(text)


def receivable_facts(receivable: dict) -> list[tuple[str, str]]:
    return [
        (_("Contract amount"), format_money(receivable["amount"])),
        (_("Received"), format_money(receivable["paid"])),
        (_("Pending approval"), format_money(receivable["pending"])),
        (_("Receivable balance"), format_money(receivable["balance"])),
    ]


def header(detail: dict, labels: dict) -> html.Div:
    contract = f"{detail['contract_number']} · {detail['contract_name']}"
    facts = [
        (_("Amount"), html.Strong(format_money(detail["amount"]))),
        (_("Payment date"), format_date(detail["paid_on"])),
        (
            _("Customer"),
            _link(
                detail["customer"],
                f"/customers/{detail['customer_id']}",
                detail["customer_visible"],
                id="payment-detail-customer",
            ),
        ),
        (
            _("Contract"),
            _link(
                contract,
                f"/contracts/{detail['contract_id']}",
                detail["contract_visible"],
                id="payment-detail-contract",
            ),
        ),
        (_("Payment method"), method_label(labels, detail["method"]) or "—"),
        (_("Owner"), detail["owner"] or "—"),
    ]
    return html.Div(
        [
            html.H2(
                [detail["number"], status_badge(detail["status"], className="ms-2")],
                className="page-title mb-0",
                id="payment-detail-number",
            ),
            facts_row(facts),
            facts_row(
                receivable_facts(detail["receivable"]), id="payment-detail-receivable"
            ),
        ]
    )


def info(detail: dict, labels: dict) -> dbc.Row:
    installment = "—"
    if detail["installment"]:
        installment = _(
            "No. {n} · due {date} · {amount}",
            n=detail["installment"],
            date=format_date(detail["installment_due"]),
            amount=format_money(detail["installment_amount"]),
        )
    items = [
        (_("Number"), detail["number"]),
        (_("Status"), _(PAYMENT_STATUS_LABELS.get(detail["status"], ""))),
        (_("Amount"), format_money(detail["amount"])),
        (_("Payment date"), format_date(detail["paid_on"])),
        (_("Payment method"), method_label(labels, detail["method"])),
        (_("Installment"), installment),
        (_("Customer"), detail["customer"]),
        (_("Contract"), f"{detail['contract_number']} · {detail['contract_name']}"),
        (_("Owner"), detail["owner"]),
        (_("Remark"), detail["remark"]),
        *audit_items(detail),
    ]
    if detail["approved_at"]:
        items.append((_("Approved at"), format_datetime(detail["approved_at"])))
    return info_grid(items)


def operation_log(entries: list[dict]) -> html.Div:
    """Audit rows with their changed fields (a creation lists no changes)."""
    return log_table(
        entries,
        lambda e: (
            ""
            if e["action"].endswith(".create")
            else change_lines(e["before"], e["after"])
        ),
    )


def payments_table(rows: list[dict], labels: dict, *, show_contract: bool) -> html.Div:
    """A compact table of payments, newest first, each number linking to it."""
    if not rows:
        return html.P(_("No payments recorded yet."), className="text-muted")
    columns = [_("Number"), _("Payment date"), _("Amount"), _("Payment method")]
    if show_contract:
        columns.insert(1, _("Contract"))
    columns += [_("Installment"), _("Status")]
    body = []
    for row in rows:
        cells = [
            html.Td(html.A(row["number"], href=f"/payments/{row['id']}")),
            html.Td(format_date(row["paid_on"])),
            html.Td(format_money(row["amount"]), className="text-end"),
            html.Td(method_label(labels, row["method"])),
        ]
        if show_contract:
            cells.insert(1, html.Td(row["contract_number"]))
        cells += [
            html.Td(row["installment"] or "—"),
            html.Td(status_badge(row["status"])),
        ]
        body.append(html.Tr(cells))
    return dbc.Table(
        [html.Thead(html.Tr([html.Th(c) for c in columns])), html.Tbody(body)],
        size="sm",
        hover=True,
        className="payments-table",
    )
