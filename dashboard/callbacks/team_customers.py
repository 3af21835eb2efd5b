"""Team customers callbacks: list with deadlines, assign, extend, delete (release
is wired in callbacks/release.py)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Dash, Input, Output, State, ctx, no_update

from dashboard.callbacks.modals import register_modal_toggle
from dashboard.callbacks.pool import clear_selection, field_message, selected_ids
from dashboard.components.feedback import error_alert, toast
from dashboard.components.grid import grid_row
from dashboard.components.pool_views import reason_label
from dashboard.context import current_actor, read_session, unit_of_work
from dashboard.i18n import _, format_datetime
from dashboard.ids import Shell
from dashboard.ids import TeamCustomers as ids
from dashboard.labels import STAGE_LABELS, STAGES
from dashboard.parsing import parse_int, require_click
from services.customers import CustomerFilter
from services.errors import ServiceError, ValidationFailed
from services.pool import assign_team_customers, extend_deadlines, list_team_customers
from services.recycle_bin import delete_customers

# The team list's filters, in the order of team_filter's arguments (the export
# menu reads the same states).
FILTER_STATES = [
    State(ids.SEARCH, "value"),
    State(ids.STAGE_TABS, "active_tab"),
    State(ids.OWNER, "value"),
    State(ids.LEVEL, "value"),
    State(ids.SORT, "value"),
    State(ids.DIRECTION, "value"),
]


def team_filter(
    search, stage, owner, level, sort, direction, page_size=None, page=None
) -> CustomerFilter:
    """The filter bar and stage tab as the CustomerFilter the services take."""
    return CustomerFilter(
        search=search or None,
        stage=None if stage in (None, "all") else stage,
        owner_id=parse_int(owner),
        level=level or None,
        sort=sort or "updated",
        descending=direction != "asc",
        page=page or 1,
        page_size=parse_int(page_size) or 20,
    )


def load_page(search, stage, owner, level, sort, direction, page_size, page, _r):
    if ctx.triggered_id != ids.PAGER:
        page = 1
    flt = team_filter(search, stage, owner, level, sort, direction, page_size, page)
    try:
        with read_session() as session:
            result = list_team_customers(session, current_actor(), flt)
    except ServiceError as error:
        return [], 1, 1, "", no_update, error_alert(error)
    rows = [
        grid_row(
            row,
            stage_label=_(STAGE_LABELS.get(row["stage"], row["stage"])),
            last_followup=format_datetime(row["last_followup_at"]),
            returns=(
                f"{format_datetime(row['returns_at'])} · "
                f"{reason_label(row['return_reason'])}"
                if row["returns_at"]
                else ""
            ),
            created=format_datetime(row["created_at"]),
        )
        for row in result.rows
    ]
    counts = result.extra["stage_counts"]
    tabs = [
        dbc.Tab(label=f"{_(STAGE_LABELS[key])} ({counts[key]:,})", tab_id=key)
        for key in ("all", *STAGES)
    ]
    total = _("Total: {total}", total=f"{result.total:,}")
    return rows, result.page_count, result.page, total, tabs, no_update


def show_selection(selected):
    count = len(selected or [])
    label = _("Selected: {count}", count=count) if count else ""
    return label, count == 0, count == 0, count == 0


def open_customer(cell):
    customer_id = parse_int((cell or {}).get("rowId"))
    if customer_id is None or cell.get("colId") != "name":
        return no_update
    return f"/customers/{customer_id}"


def assign(n_clicks, selected, user_id, refresh):
    require_click(n_clicks)
    try:
        with unit_of_work() as session:
            count = assign_team_customers(
                session, current_actor(), selected_ids(selected), parse_int(user_id)
            )
    except ValidationFailed as error:
        if "user_id" in error.errors:
            return no_update, no_update, True, True, field_message(error, "user_id")
        return error_alert(error), no_update, False, False, ""
    except ServiceError as error:
        return error_alert(error), no_update, False, False, ""
    return (
        toast(_("Assigned: {count}", count=count)),
        (refresh or 0) + 1,
        False,
        False,
        "",
    )


def extend(n_clicks, selected, days, refresh):
    require_click(n_clicks)
    try:
        with unit_of_work() as session:
            count = extend_deadlines(
                session, current_actor(), selected_ids(selected), days
            )
    except ValidationFailed as error:
        if "days" in error.errors:
            return (
                no_update,
                no_update,
                True,
                True,
                field_message(error, "days"),
            )
        return error_alert(error), no_update, False, False, ""
    except ServiceError as error:
        return error_alert(error), no_update, False, False, ""
    return (
        toast(_("Deadline extended: {count}", count=count)),
        (refresh or 0) + 1,
        False,
        False,
        "",
    )


def delete(n_clicks, selected, refresh):
    require_click(n_clicks)
    try:
        with unit_of_work() as session:
            count = delete_customers(session, current_actor(), selected_ids(selected))
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
        Output(ids.MESSAGE, "children", allow_duplicate=True),
        Input(ids.SEARCH, "value"),
        Input(ids.STAGE_TABS, "active_tab"),
        Input(ids.OWNER, "value"),
        Input(ids.LEVEL, "value"),
        Input(ids.SORT, "value"),
        Input(ids.DIRECTION, "value"),
        Input(ids.PAGE_SIZE, "value"),
        Input(ids.PAGER, "active_page"),
        Input(ids.REFRESH, "data"),
        prevent_initial_call="initial_duplicate",
    )(load_page)
    app.callback(
        Output(ids.SELECTION, "children"),
        Output(ids.ASSIGN, "disabled"),
        Output(ids.EXTEND, "disabled"),
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
    for open_id, cancel_id, modal_id in (
        (ids.ASSIGN, ids.ASSIGN_CANCEL, ids.ASSIGN_MODAL),
        (ids.EXTEND, ids.EXTEND_CANCEL, ids.EXTEND_MODAL),
        (ids.DELETE, ids.DELETE_CANCEL, ids.DELETE_MODAL),
    ):
        register_modal_toggle(app, modal_id, open_id, cancel_id)
    app.callback(
        Output(ids.MESSAGE, "children"),
        Output(ids.REFRESH, "data"),
        Output(ids.ASSIGN_MODAL, "is_open", allow_duplicate=True),
        Output(ids.ASSIGN_USER, "invalid"),
        Output(ids.ASSIGN_FEEDBACK, "children"),
        Input(ids.ASSIGN_CONFIRM, "n_clicks"),
        State(ids.GRID, "selectedRows"),
        State(ids.ASSIGN_USER, "value"),
        State(ids.REFRESH, "data"),
        prevent_initial_call=True,
    )(assign)
    app.callback(
        Output(ids.MESSAGE, "children", allow_duplicate=True),
        Output(ids.REFRESH, "data", allow_duplicate=True),
        Output(ids.EXTEND_MODAL, "is_open", allow_duplicate=True),
        Output(ids.EXTEND_DAYS, "invalid"),
        Output(ids.EXTEND_FEEDBACK, "children"),
        Input(ids.EXTEND_CONFIRM, "n_clicks"),
        State(ids.GRID, "selectedRows"),
        State(ids.EXTEND_DAYS, "value"),
        State(ids.REFRESH, "data"),
        prevent_initial_call=True,
    )(extend)
    app.callback(
        Output(ids.MESSAGE, "children", allow_duplicate=True),
        Output(ids.REFRESH, "data", allow_duplicate=True),
        Output(ids.DELETE_MODAL, "is_open", allow_duplicate=True),
        Input(ids.DELETE_CONFIRM, "n_clicks"),
        State(ids.GRID, "selectedRows"),
        State(ids.REFRESH, "data"),
        prevent_initial_call=True,
    )(delete)
