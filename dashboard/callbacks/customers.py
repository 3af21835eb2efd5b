"""Customer list callbacks: query a page, dependent selects, selection, delete."""

from __future__ import annotations

import datetime as dt

import dash_bootstrap_components as dbc
from dash import Dash, Input, Output, State, ctx, no_update

from dashboard.callbacks.custom_fields import custom_filters
from dashboard.callbacks.home import company_day
from dashboard.callbacks.modals import register_modal_toggle
from dashboard.components.feedback import error_alert, toast
from dashboard.components.grid import grid_row
from dashboard.context import current_actor, read_session, unit_of_work
from dashboard.i18n import _, current_language, format_datetime
from dashboard.ids import Customers as ids
from dashboard.ids import CustomersFollowUpDue, CustomFields, Shell
from dashboard.labels import STAGE_LABELS, STAGES
from dashboard.parsing import parse_int, require_click
from services import dictionaries
from services.customers import (
    FOLLOWUP_DUE,
    CustomerFilter,
    followup_due_window,
    list_customers,
)
from services.errors import ServiceError
from services.recycle_bin import delete_customers
from services.regions import city_options, region_label


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def format_rows(rows: list[dict], labels: dict, language: str) -> list[dict]:
    """Service rows → grid rows with translated labels and local times."""
    return [
        grid_row(
            row,
            stage_label=_(STAGE_LABELS.get(row["stage"], row["stage"])),
            source_label=labels.get(("customer_source", row["source"]), ""),
            industry_label=labels.get(("industry", row["industry"]), ""),
            region=region_label(row["province"], row["city"], language),
            last_followup=format_datetime(row["last_followup_at"]),
            next_followup=format_datetime(row["next_followup_at"]),
            created=format_datetime(row["created_at"]),
        )
        for row in rows
    ]


# The list's filter controls, in `customer_filter`'s argument order.
FILTER_PROPS = (
    (ids.SEARCH, "value"),
    (ids.STAGE_TABS, "active_tab"),
    (ids.LEVEL, "value"),
    (ids.SOURCE, "value"),
    (ids.INDUSTRY, "value"),
    (ids.PROVINCE, "value"),
    (ids.CITY, "value"),
    (ids.OWNER, "value"),
    (ids.CREATED_FROM, "value"),
    (ids.CREATED_TO, "value"),
    (ids.FOLLOWUP_FROM, "value"),
    (ids.FOLLOWUP_TO, "value"),
    (ids.SORT, "value"),
    (ids.DIRECTION, "value"),
    (CustomersFollowUpDue.SELECT, "value"),
    (CustomFields.filters("customer"), "data"),
)
# Other callbacks (exports, bulk actions) read the same filters as States.
FILTER_STATES = tuple(State(*prop) for prop in FILTER_PROPS)


def customer_filter(
    search,
    stage,
    level,
    source,
    industry,
    province,
    city,
    owner,
    created_from,
    created_to,
    followup_from,
    followup_to,
    sort,
    direction,
    followup_due,
    custom=None,
    *,
    page: int = 1,
    page_size: int = 20,
) -> CustomerFilter:
    """The CustomerFilter the list's filter controls describe (browser values are
    parsed, never trusted: the service applies scope). A follow-up due filter
    means today or before in company time, like the to-do count linking here."""
    next_from = next_before = None
    if followup_due in FOLLOWUP_DUE:
        today = company_day()
        next_from, next_before = followup_due_window(
            followup_due, day_start=today.start, day_end=today.end
        )
    return CustomerFilter(
        search=search or None,
        stage=None if stage in (None, "all") else stage,
        level=level or None,
        source=source or None,
        industry=industry or None,
        province=province or None,
        city=city or None,
        owner_id=parse_int(owner),
        created_from=_date(created_from),
        created_to=_date(created_to),
        followup_from=_date(followup_from),
        followup_to=_date(followup_to),
        next_followup_from=next_from,
        next_followup_before=next_before,
        sort=sort or "updated",
        descending=direction != "asc",
        page=page,
        page_size=page_size,
        custom=custom_filters(custom),
    )


FILTER_INPUTS = (
    *(Input(*prop) for prop in FILTER_PROPS),
    Input(ids.PAGE_SIZE, "value"),
    Input(ids.PAGER, "active_page"),
    Input(ids.REFRESH, "data"),
)


def load_page(
    search,
    stage,
    level,
    source,
    industry,
    province,
    city,
    owner,
    created_from,
    created_to,
    followup_from,
    followup_to,
    sort,
    direction,
    followup_due,
    custom,
    page_size,
    page,
    _refresh,
):
    """Query one page; any filter change goes back to page 1."""
    if ctx.triggered_id != ids.PAGER:
        page = 1
    flt = customer_filter(
        search,
        stage,
        level,
        source,
        industry,
        province,
        city,
        owner,
        created_from,
        created_to,
        followup_from,
        followup_to,
        sort,
        direction,
        followup_due,
        custom,
        page=page or 1,
        page_size=parse_int(page_size) or 20,
    )
    language = current_language()
    with read_session() as session:
        result = list_customers(session, current_actor(), flt)
        labels = dictionaries.labels(session, language)
    counts = result.extra["stage_counts"]
    tabs = [
        dbc.Tab(label=f"{_(STAGE_LABELS[key])} ({counts[key]:,})", tab_id=key)
        for key in ("all", *STAGES)
    ]
    total = _("Total: {total}", total=f"{result.total:,}")
    return (
        format_rows(result.rows, labels, language),
        result.page_count,
        result.page,
        total,
        tabs,
    )


def update_cities(province):
    return city_options(province, current_language()), None


def show_selection(selected):
    count = len(selected or [])
    return (_("Selected: {count}", count=count) if count else ""), count == 0


def clear_selection(_row_data, selected):
    """A new page of rows drops the selection: dash-ag-grid keeps selectedRows
    across rowData updates, so deleted or paged-away rows stayed "selected"."""
    return [] if selected else no_update


def open_customer(cell):
    customer_id = parse_int((cell or {}).get("rowId"))
    if customer_id is None or cell.get("colId") != "name":
        return no_update
    return f"/customers/{customer_id}"


def delete_selected(n_clicks, selected, refresh):
    """Delete what the grid says is selected; the service re-checks every id."""
    require_click(n_clicks)
    parsed = (parse_int(row.get("id")) for row in selected or [])
    customer_ids = [customer_id for customer_id in parsed if customer_id is not None]
    try:
        with unit_of_work() as session:
            count = delete_customers(session, current_actor(), customer_ids)
    except ServiceError as error:
        return error_alert(error), no_update, False
    return (
        toast(_("Moved to the recycle bin: {count}", count=count)),
        (refresh or 0) + 1,
        False,
    )


def register(app: Dash) -> None:
    app.callback(
        Output(ids.GRID, "rowData"),
        Output(ids.PAGER, "max_value"),
        Output(ids.PAGER, "active_page"),
        Output(ids.TOTAL, "children"),
        Output(ids.STAGE_TABS, "children"),
        *FILTER_INPUTS,
    )(load_page)
    app.callback(
        Output(ids.CITY, "options"),
        Output(ids.CITY, "value"),
        Input(ids.PROVINCE, "value"),
        prevent_initial_call=True,
    )(update_cities)
    app.callback(
        Output(ids.SELECTION, "children"),
        Output(ids.DELETE, "disabled"),
        Input(ids.GRID, "selectedRows"),
    )(show_selection)
    app.callback(
        Output(ids.GRID, "selectedRows"),
        Input(ids.GRID, "rowData"),
        State(ids.GRID, "selectedRows"),
        prevent_initial_call=True,
    )(clear_selection)
    app.callback(
        Output(Shell.NAV, "href", allow_duplicate=True),
        Input(ids.GRID, "cellClicked"),
        prevent_initial_call=True,
    )(open_customer)
    register_modal_toggle(app, ids.DELETE_MODAL, ids.DELETE, ids.DELETE_CANCEL)
    app.callback(
        Output(ids.MESSAGE, "children"),
        Output(ids.REFRESH, "data"),
        Output(ids.DELETE_MODAL, "is_open", allow_duplicate=True),
        Input(ids.DELETE_CONFIRM, "n_clicks"),
        State(ids.GRID, "selectedRows"),
        State(ids.REFRESH, "data"),
        prevent_initial_call=True,
    )(delete_selected)
