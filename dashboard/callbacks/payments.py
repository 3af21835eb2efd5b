"""Payment list and installments-due page: query one server-side page."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Dash, Input, Output, State

from dashboard.callbacks.list_page import (
    page_outputs,
    register_row_link,
    requested_page,
    row_field_link,
    row_link,
)
from dashboard.components.grid import grid_row
from dashboard.components.payment_views import method_label
from dashboard.context import current_actor, read_session
from dashboard.i18n import _, current_language, format_date, format_money, local_today
from dashboard.ids import PaymentInstallments
from dashboard.ids import Payments as ids
from dashboard.labels import INSTALLMENT_STATE_LABELS, PAYMENT_STATUS_LABELS
from dashboard.parsing import parse_int
from models.contract import APPROVAL_STATUSES
from services import dictionaries
from services.payment_plans import installments_due, parse_date
from services.payments import PaymentFilter, list_payments
from services.product_lines import parse_decimal


def payment_filter(
    search, status, method, owner, paid_from, paid_to, amount_min, amount_max,
    sort, direction, page_size=None, page=None,
) -> PaymentFilter:  # fmt: skip
    """The filter bar and status tab as the PaymentFilter the service takes;
    values that do not parse are ignored."""
    return PaymentFilter(
        search=search or None,
        status=None if status in (None, "all") else status,
        method=method or None,
        owner_id=parse_int(owner),
        paid_from=parse_date(paid_from),
        paid_to=parse_date(paid_to),
        amount_min=parse_decimal(amount_min),
        amount_max=parse_decimal(amount_max),
        sort=sort or "paid_on",
        descending=direction != "asc",
        page=page or 1,
        page_size=parse_int(page_size) or 20,
    )


def format_rows(rows: list[dict], labels: dict) -> list[dict]:
    return [
        grid_row(
            row,
            amount=str(row["amount"]),
            amount_text=format_money(row["amount"]),
            paid_on_text=format_date(row["paid_on"]),
            contract=f"{row['contract_number']} · {row['contract_name']}",
            method_label=method_label(labels, row["method"]),
            status_label=_(PAYMENT_STATUS_LABELS.get(row["status"], row["status"])),
            installment=row["installment"] or "",
        )
        for row in rows
    ]


def load_page(*values):
    """Query one page; any filter change goes back to page 1."""
    *filters, page_size, page = values
    page = requested_page(ids.PAGER, page)
    flt = payment_filter(*filters, page_size, page)
    with read_session() as session:
        result = list_payments(session, current_actor(), flt)
        labels = dictionaries.labels(session, current_language())
    counts, sums = result.extra["status_counts"], result.extra["status_sums"]
    tabs = [
        dbc.Tab(
            label=f"{_(PAYMENT_STATUS_LABELS[key])} ({counts[key]:,} · "
            f"{format_money(sums[key])})",
            tab_id=key,
        )
        for key in ("all", *APPROVAL_STATUSES)
    ]
    return (*page_outputs(format_rows(result.rows, labels), result), tabs)


def open_payment(cell):
    return row_link(cell, "/payments", "number")


def load_installments(due, page):
    page = requested_page(PaymentInstallments.PAGER, page)
    with read_session() as session:
        result = installments_due(
            session,
            current_actor(),
            due=due or "overdue",
            page=page or 1,
            page_size=20,
            today=local_today(),
        )
    rows = [
        grid_row(
            row,
            contract=f"{row['contract_number']} · {row['contract_name']}",
            due_text=format_date(row["due_date"]),
            amount_text=format_money(row["amount"]),
            collected_text=format_money(row["collected"]),
            remaining_text=format_money(row["remaining"]),
            state_label=_(INSTALLMENT_STATE_LABELS.get(row["state"], "")),
            amount=str(row["amount"]),
            collected=str(row["collected"]),
            remaining=str(row["remaining"]),
        )
        for row in result.rows
    ]
    return page_outputs(rows, result)


def open_installment_contract(cell, rows):
    """A click on the contract cell opens the contract (its plan tab)."""
    return row_field_link(cell, rows, "contract", "contract_id", "/contracts")


def register(app: Dash) -> None:
    app.callback(
        Output(ids.GRID, "rowData"),
        Output(ids.PAGER, "max_value"),
        Output(ids.PAGER, "active_page"),
        Output(ids.TOTAL, "children"),
        Output(ids.STATUS_TABS, "children"),
        Input(ids.SEARCH, "value"),
        Input(ids.STATUS_TABS, "active_tab"),
        Input(ids.METHOD, "value"),
        Input(ids.OWNER, "value"),
        Input(ids.PAID_FROM, "value"),
        Input(ids.PAID_TO, "value"),
        Input(ids.AMOUNT_MIN, "value"),
        Input(ids.AMOUNT_MAX, "value"),
        Input(ids.SORT, "value"),
        Input(ids.DIRECTION, "value"),
        Input(ids.PAGE_SIZE, "value"),
        Input(ids.PAGER, "active_page"),
    )(load_page)
    register_row_link(app, ids.GRID, open_payment)
    app.callback(
        Output(PaymentInstallments.GRID, "rowData"),
        Output(PaymentInstallments.PAGER, "max_value"),
        Output(PaymentInstallments.PAGER, "active_page"),
        Output(PaymentInstallments.TOTAL, "children"),
        Input(PaymentInstallments.DUE_TABS, "active_tab"),
        Input(PaymentInstallments.PAGER, "active_page"),
    )(load_installments)
    register_row_link(
        app,
        PaymentInstallments.GRID,
        open_installment_contract,
        State(PaymentInstallments.GRID, "rowData"),
    )
