"""Opportunity list callbacks: query a page (filters, stage tabs with count and
amount, sorting, paging) and open a row. Importing services.opportunities here
also registers its transfer participant before any page is rendered."""

from __future__ import annotations

import datetime as dt

import dash_bootstrap_components as dbc
from dash import Dash, Input, Output

from dashboard.callbacks.custom_fields import custom_filters
from dashboard.callbacks.list_page import (
    page_outputs,
    register_row_link,
    requested_page,
    row_link,
)
from dashboard.components.grid import grid_row
from dashboard.components.opportunity_views import money, stage_infos
from dashboard.context import current_actor, read_session
from dashboard.i18n import _, current_language, format_date, format_datetime
from dashboard.ids import CustomFields
from dashboard.ids import Opportunities as ids
from dashboard.labels import OPPORTUNITY_STATUS_LABELS
from dashboard.parsing import parse_int
from services.opportunities import OpportunityFilter, list_opportunities
from services.opportunity_stages import list_stages
from services.product_lines import parse_decimal


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _tab_label(label: str, totals: dict | None) -> str:
    totals = totals or {"count": 0, "amount": 0}
    return f"{label} ({totals['count']:,} · {money(totals['amount'])})"


def load_page(
    search,
    stage,
    status,
    owner,
    amount_min,
    amount_max,
    close_from,
    close_to,
    sort,
    direction,
    custom,
    page_size,
    page,
):
    """Query one page; any filter change goes back to page 1. An amount that is
    not a number is ignored and marked invalid."""
    page = requested_page(ids.PAGER, page)
    low, high = parse_decimal(amount_min), parse_decimal(amount_max)
    flt = OpportunityFilter(
        search=search or None,
        stage_id=parse_int(stage),
        status=status or None,
        owner_id=parse_int(owner),
        amount_min=low,
        amount_max=high,
        close_from=_date(close_from),
        close_to=_date(close_to),
        sort=sort or "updated",
        descending=direction != "asc",
        page=page or 1,
        page_size=parse_int(page_size) or 20,
        custom=custom_filters(custom),
    )
    language = current_language()
    with read_session() as session:
        result = list_opportunities(session, current_actor(), flt)
        stages = stage_infos(list_stages(session, active_only=False), language)
    totals = result.extra["stage_totals"]
    tabs = [dbc.Tab(label=_tab_label(_("All"), totals["all"]), tab_id="all")] + [
        dbc.Tab(label=_tab_label(stage.label, totals.get(stage.id)), tab_id=str(sid))
        for sid, stage in stages.items()
        if stage.is_active or sid in totals
    ]
    rows = [
        grid_row(
            row,
            amount_text=money(row["amount"]) if row["amount"] is not None else "",
            weighted_text=money(row["weighted_amount"])
            if row["weighted_amount"] is not None
            else "",
            amount=None,
            weighted_amount=None,
            stage=stages[row["stage_id"]].label if row["stage_id"] in stages else "",
            status_label=_(OPPORTUNITY_STATUS_LABELS.get(row["status"], "")),
            close_date=format_date(row["expected_close_date"]),
            updated=format_datetime(row["updated_at"]),
        )
        for row in result.rows
    ]
    return (
        *page_outputs(rows, result),
        tabs,
        bool(amount_min) and low is None,
        bool(amount_max) and high is None,
    )


def open_row(cell):
    return row_link(cell, "/opportunities", "name")


def register(app: Dash) -> None:
    app.callback(
        Output(ids.GRID, "rowData"),
        Output(ids.PAGER, "max_value"),
        Output(ids.PAGER, "active_page"),
        Output(ids.TOTAL, "children"),
        Output(ids.STAGE_TABS, "children"),
        Output(ids.AMOUNT_MIN, "invalid"),
        Output(ids.AMOUNT_MAX, "invalid"),
        Input(ids.SEARCH, "value"),
        Input(ids.STAGE_TABS, "active_tab"),
        Input(ids.STATUS, "value"),
        Input(ids.OWNER, "value"),
        Input(ids.AMOUNT_MIN, "value"),
        Input(ids.AMOUNT_MAX, "value"),
        Input(ids.CLOSE_FROM, "value"),
        Input(ids.CLOSE_TO, "value"),
        Input(ids.SORT, "value"),
        Input(ids.DIRECTION, "value"),
        Input(CustomFields.filters("opportunity"), "data"),
        Input(ids.PAGE_SIZE, "value"),
        Input(ids.PAGER, "active_page"),
    )(load_page)
    register_row_link(app, ids.GRID, open_row)
