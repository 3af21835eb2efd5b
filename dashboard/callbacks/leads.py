"""Lead list and lead pool callbacks: query a page, selection, bulk release,
delete and claim."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Dash, Input, Output, State, ctx, no_update

from dashboard.callbacks.custom_fields import custom_filters
from dashboard.callbacks.modals import register_modal_toggle
from dashboard.components.feedback import error_alert, toast
from dashboard.components.grid import grid_row
from dashboard.context import current_actor, read_session, unit_of_work
from dashboard.i18n import _, current_language, format_datetime
from dashboard.ids import CustomFields, LeadPool, Shell
from dashboard.ids import Leads as ids
from dashboard.labels import LEAD_STATUS_LABELS
from dashboard.parsing import parse_int, require_click
from models.lead import LEAD_STATUSES
from services import dictionaries
from services.errors import ServiceError
from services.leads import (
    LeadFilter,
    LeadPoolFilter,
    claim_leads,
    delete_leads,
    list_lead_pool,
    list_leads,
    release_leads,
)


def format_rows(rows: list[dict], labels: dict) -> list[dict]:
    """Service rows → grid rows with translated labels and local times."""
    return [
        grid_row(
            row,
            status_label=_(LEAD_STATUS_LABELS.get(row["status"], row["status"])),
            source_label=labels.get(("customer_source", row["source"]), ""),
            last_followup=format_datetime(row["last_followup_at"]),
            next_followup=format_datetime(row["next_followup_at"]),
            created=format_datetime(row["created_at"]),
            pool_entered=format_datetime(row["pool_entered_at"]),
        )
        for row in rows
    ]


# The list's filters, in the order of lead_filter's arguments (the export menu
# reads the same states).
FILTER_STATES = [
    State(ids.SEARCH, "value"),
    State(ids.STATUS_TABS, "active_tab"),
    State(ids.SOURCE, "value"),
    State(ids.OWNER, "value"),
    State(ids.SORT, "value"),
    State(ids.DIRECTION, "value"),
    State(CustomFields.filters("lead"), "data"),
]


def lead_filter(
    search,
    status,
    source,
    owner,
    sort,
    direction,
    custom=None,
    page_size=None,
    page=None,
) -> LeadFilter:
    """The filter bar and status tab as the LeadFilter the services take."""
    return LeadFilter(
        search=search or None,
        status=None if status in (None, "all") else status,
        source=source or None,
        owner_id=parse_int(owner),
        sort=sort or "updated",
        descending=direction != "asc",
        page=page or 1,
        page_size=parse_int(page_size) or 20,
        custom=custom_filters(custom),
    )


def load_page(
    search, status, source, owner, sort, direction, custom, page_size, page, _refresh
):
    """Query one page; any filter change goes back to page 1."""
    if ctx.triggered_id != ids.PAGER:
        page = 1
    flt = lead_filter(
        search, status, source, owner, sort, direction, custom, page_size, page
    )
    with read_session() as session:
        result = list_leads(session, current_actor(), flt)
        labels = dictionaries.labels(session, current_language())
    counts = result.extra["status_counts"]
    tabs = [
        dbc.Tab(label=f"{_(LEAD_STATUS_LABELS[key])} ({counts[key]:,})", tab_id=key)
        for key in ("all", *LEAD_STATUSES)
    ]
    return (
        format_rows(result.rows, labels),
        result.page_count,
        result.page,
        _("Total: {total}", total=f"{result.total:,}"),
        tabs,
    )


def show_selection(selected):
    count = len(selected or [])
    text = _("Selected: {count}", count=count) if count else ""
    return text, count == 0, count == 0


def show_pool_selection(selected):
    count = len(selected or [])
    return (_("Selected: {count}", count=count) if count else ""), count == 0


def clear_selection(_row_data, selected):
    """A new page of rows drops the selection (see callbacks/customers.py)."""
    return [] if selected else no_update


def open_lead(cell):
    lead_id = parse_int((cell or {}).get("rowId"))
    if lead_id is None or cell.get("colId") != "name":
        return no_update
    return f"/leads/{lead_id}"


def _selected_ids(selected) -> list[int]:
    parsed = (parse_int(row.get("id")) for row in selected or [])
    return [lead_id for lead_id in parsed if lead_id is not None]


def bulk_action(release_clicks, delete_clicks, selected, refresh):
    """Release or delete what the grid says is selected; the service re-checks."""
    require_click(release_clicks, delete_clicks)
    lead_ids = _selected_ids(selected)
    try:
        with unit_of_work() as session:
            actor = current_actor()
            if ctx.triggered_id == ids.RELEASE:
                count = release_leads(session, actor, lead_ids)
                message = _("Released to the lead pool: {count}", count=count)
            else:
                count = delete_leads(session, actor, lead_ids)
                message = _("Leads deleted: {count}", count=count)
    except ServiceError as error:
        return error_alert(error), no_update, False
    return toast(message), (refresh or 0) + 1, False


def load_pool(search, source, page, _refresh):
    if ctx.triggered_id != LeadPool.PAGER:
        page = 1
    flt = LeadPoolFilter(search=search or None, source=source or None, page=page or 1)
    with read_session() as session:
        result = list_lead_pool(session, current_actor(), flt)
        labels = dictionaries.labels(session, current_language())
    return (
        format_rows(result.rows, labels),
        result.page_count,
        result.page,
        _("Total: {total}", total=f"{result.total:,}"),
    )


def claim_selected(n_clicks, selected, refresh):
    """Claim the selected pool leads: all or nothing; a lost race says so."""
    require_click(n_clicks)
    try:
        with unit_of_work() as session:
            count = claim_leads(session, current_actor(), _selected_ids(selected))
    except ServiceError as error:
        return error_alert(error), (refresh or 0) + 1
    return toast(_("Claimed: {count}", count=count)), (refresh or 0) + 1


def register(app: Dash) -> None:
    app.callback(
        Output(ids.GRID, "rowData"),
        Output(ids.PAGER, "max_value"),
        Output(ids.PAGER, "active_page"),
        Output(ids.TOTAL, "children"),
        Output(ids.STATUS_TABS, "children"),
        Input(ids.SEARCH, "value"),
        Input(ids.STATUS_TABS, "active_tab"),
        Input(ids.SOURCE, "value"),
        Input(ids.OWNER, "value"),
        Input(ids.SORT, "value"),
        Input(ids.DIRECTION, "value"),
        Input(CustomFields.filters("lead"), "data"),
        Input(ids.PAGE_SIZE, "value"),
        Input(ids.PAGER, "active_page"),
        Input(ids.REFRESH, "data"),
    )(load_page)
    app.callback(
        Output(ids.SELECTION, "children"),
        Output(ids.RELEASE, "disabled"),
        Output(ids.DELETE, "disabled"),
        Input(ids.GRID, "selectedRows"),
    )(show_selection)
    for grid in (ids.GRID, LeadPool.GRID):
        app.callback(
            Output(grid, "selectedRows"),
            Input(grid, "rowData"),
            State(grid, "selectedRows"),
            prevent_initial_call=True,
        )(clear_selection)
        app.callback(
            Output(Shell.NAV, "href", allow_duplicate=True),
            Input(grid, "cellClicked"),
            prevent_initial_call=True,
        )(open_lead)
    register_modal_toggle(app, ids.DELETE_MODAL, ids.DELETE, ids.DELETE_CANCEL)
    app.callback(
        Output(ids.MESSAGE, "children"),
        Output(ids.REFRESH, "data"),
        Output(ids.DELETE_MODAL, "is_open", allow_duplicate=True),
        Input(ids.RELEASE, "n_clicks"),
        Input(ids.DELETE_CONFIRM, "n_clicks"),
        State(ids.GRID, "selectedRows"),
        State(ids.REFRESH, "data"),
        prevent_initial_call=True,
    )(bulk_action)
    app.callback(
        Output(LeadPool.GRID, "rowData"),
        Output(LeadPool.PAGER, "max_value"),
        Output(LeadPool.PAGER, "active_page"),
        Output(LeadPool.TOTAL, "children"),
        Input(LeadPool.SEARCH, "value"),
        Input(LeadPool.SOURCE, "value"),
        Input(LeadPool.PAGER, "active_page"),
        Input(LeadPool.REFRESH, "data"),
    )(load_pool)
    app.callback(
        Output(LeadPool.SELECTION, "children"),
        Output(LeadPool.CLAIM, "disabled"),
        Input(LeadPool.GRID, "selectedRows"),
    )(show_pool_selection)
    app.callback(
        Output(LeadPool.MESSAGE, "children"),
        Output(LeadPool.REFRESH, "data"),
        Input(LeadPool.CLAIM, "n_clicks"),
        State(LeadPool.GRID, "selectedRows"),
        State(LeadPool.REFRESH, "data"),
        prevent_initial_call=True,
    )(claim_selected)
