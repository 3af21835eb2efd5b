"""Contract list callbacks: query one page with the status tabs' counts and sums,
reset the filters, open a contract."""

from __future__ import annotations

import datetime as dt

import dash_bootstrap_components as dbc
from dash import Dash, Input, Output, no_update

from dashboard.callbacks.list_page import (
    page_outputs,
    register_row_link,
    requested_page,
    row_link,
)
from dashboard.components.contract_views import money, status_label
from dashboard.components.grid import grid_row
from dashboard.context import current_actor, read_session
from dashboard.i18n import _, format_date, format_money, local_today
from dashboard.ids import Contracts as ids
from dashboard.labels import CONTRACT_STATUS_LABELS
from dashboard.parsing import parse_int
from models.contract import APPROVAL_STATUSES
from services.contracts import ContractFilter, list_contracts
from services.product_lines import parse_decimal

TABS = ("all", *APPROVAL_STATUSES)


def format_rows(rows: list[dict]) -> list[dict]:
    """Service rows → grid rows with formatted amounts, dates and labels."""
    return [
        grid_row(
            row,
            amount=str(row["amount"]),
            amount_text=format_money(row["amount"]),
            paid_text=format_money(row["paid_amount"]),
            receivable_text=format_money(row["receivable"]),
            paid_amount=str(row["paid_amount"]),
            receivable=str(row["receivable"]),
            status_label=status_label(row["status"]),
            sign_date_text=format_date(row["sign_date"]),
            end_date_text=format_date(row["end_date"]),
        )
        for row in rows
    ]


def _date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _amount(value) -> tuple[object, bool]:
    """(Decimal or None, whether the text was invalid)."""
    if value in (None, ""):
        return None, False
    amount = parse_decimal(value)
    return amount, amount is None


def load_page(
    search,
    status,
    owner,
    ending,
    sign_from,
    sign_to,
    amount_min,
    amount_max,
    sort,
    direction,
    page_size,
    page,
):
    """Query one page; any filter change goes back to page 1."""
    page = requested_page(ids.PAGER, page)
    low, low_invalid = _amount(amount_min)
    high, high_invalid = _amount(amount_max)
    ending_days = parse_int(ending)
    flt = ContractFilter(
        search=search or None,
        status=None if status in (None, "all") else status,
        owner_id=parse_int(owner),
        sign_from=_date(sign_from),
        sign_to=_date(sign_to),
        amount_min=low,
        amount_max=high,
        ending_within=ending_days,
        today=local_today(),
        sort=sort or "updated",
        descending=direction != "asc",
        page=page or 1,
        page_size=parse_int(page_size) or 20,
    )
    with read_session() as session:
        result = list_contracts(session, current_actor(), flt)
    totals = result.extra["status_totals"]
    tabs = [
        dbc.Tab(
            label=f"{_(CONTRACT_STATUS_LABELS[key])} ({totals[key]['count']:,})",
            tab_id=key,
        )
        for key in TABS
    ]
    shown = totals[status if status in totals else "all"]
    summary = _(
        "{count} contracts, amount {amount}",
        count=f"{shown['count']:,}",
        amount=money(shown["amount"]),
    )
    return (
        *page_outputs(format_rows(result.rows), result),
        tabs,
        summary,
        low_invalid,
        high_invalid,
    )


def reset_filters(n_clicks):
    if not n_clicks:
        return (no_update,) * 7
    return "", None, None, "", "", "", ""


def open_contract(cell):
    return row_link(cell, "/contracts", "number", "name")


def register(app: Dash) -> None:
    app.callback(
        Output(ids.GRID, "rowData"),
        Output(ids.PAGER, "max_value"),
        Output(ids.PAGER, "active_page"),
        Output(ids.TOTAL, "children"),
        Output(ids.STATUS_TABS, "children"),
        Output(ids.SUMMARY, "children"),
        Output(ids.AMOUNT_MIN, "invalid"),
        Output(ids.AMOUNT_MAX, "invalid"),
        Input(ids.SEARCH, "value"),
        Input(ids.STATUS_TABS, "active_tab"),
        Input(ids.OWNER, "value"),
        Input(ids.ENDING, "value"),
        Input(ids.SIGN_FROM, "value"),
        Input(ids.SIGN_TO, "value"),
        Input(ids.AMOUNT_MIN, "value"),
        Input(ids.AMOUNT_MAX, "value"),
        Input(ids.SORT, "value"),
        Input(ids.DIRECTION, "value"),
        Input(ids.PAGE_SIZE, "value"),
        Input(ids.PAGER, "active_page"),
    )(load_page)
    app.callback(
        Output(ids.SEARCH, "value"),
        Output(ids.OWNER, "value"),
        Output(ids.ENDING, "value"),
        Output(ids.SIGN_FROM, "value"),
        Output(ids.SIGN_TO, "value"),
        Output(ids.AMOUNT_MIN, "value"),
        Output(ids.AMOUNT_MAX, "value"),
        Input(ids.RESET, "n_clicks"),
        prevent_initial_call=True,
    )(reset_filters)
    register_row_link(app, ids.GRID, open_contract)
