"""Public pool callbacks: the list, claim, assign, delete, and the pool
customer's read-only detail page."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Dash, Input, Output, State, html, no_update

from dashboard.callbacks.list_page import (
    clear_selection,  # noqa: F401 (team_customers imports it from here)
    page_outputs,
    register_bulk_action,
    register_row_link,
    register_selection,
    requested_page,
    row_link,
    selection_state,
)
from dashboard.callbacks.modals import register_modal_toggle
from dashboard.components import customer_views as views
from dashboard.components import pool_views
from dashboard.components.feedback import alert, error_alert, toast
from dashboard.components.grid import grid_row
from dashboard.context import current_actor, read_session, unit_of_work
from dashboard.i18n import _, current_language, format_datetime
from dashboard.ids import Pool as ids
from dashboard.ids import PoolDetail, Shell
from dashboard.labels import STAGE_LABELS, STAGES
from dashboard.parsing import parse_int, require_click
from services import dictionaries
from services.errors import NotFound, ServiceError, ValidationFailed
from services.pool import (
    PoolFilter,
    TakeResult,
    assign_pool_customers,
    claim_customers,
    delete_pool_customers,
    list_pool,
    pool_customer_detail,
)
from services.regions import city_options, region_label


def field_message(error: ValidationFailed, name: str) -> str:
    """One field's message from a ValidationFailed, translated."""
    message = error.errors[name]
    return _(message, **error.params)


def selected_ids(selected) -> list[int]:
    parsed = (parse_int(row.get("id")) for row in selected or [])
    return [customer_id for customer_id in parsed if customer_id is not None]


def take_message(result: TakeResult):
    """What a claim/assign did: taken now, and/or waiting for review."""
    parts = []
    if result.taken:
        parts.append(_("Now yours or your member's: {count}", count=len(result.taken)))
    if result.requested:
        parts.append(
            _(
                "Waiting for the other team leader's approval: {count}",
                count=len(result.requested),
            )
        )
    return toast(" · ".join(parts))


def load_pool(
    search,
    stage,
    level,
    source,
    industry,
    province,
    city,
    last_team,
    reason,
    sort,
    direction,
    page_size,
    page,
    _refresh,
):
    page = requested_page(ids.PAGER, page)
    flt = PoolFilter(
        search=search or None,
        stage=None if stage in (None, "all") else stage,
        level=level or None,
        source=source or None,
        industry=industry or None,
        province=province or None,
        city=city or None,
        last_team_id=parse_int(last_team),
        reason=reason or None,
        sort=sort or "entered",
        descending=direction != "asc",
        page=page or 1,
        page_size=parse_int(page_size) or 20,
    )
    language = current_language()
    try:
        with read_session() as session:
            result = list_pool(session, current_actor(), flt)
    except ServiceError as error:
        return [], 1, 1, "", no_update, error_alert(error)
    rows = [
        grid_row(
            row,
            stage_label=_(STAGE_LABELS.get(row["stage"], row["stage"])),
            region=region_label(row["province"], row["city"], language),
            days=row["days_in_pool"] if row["days_in_pool"] is not None else "",
            reason_label=pool_views.reason_label(row["pool_reason"]),
            status=_("Pending review") if row["pending"] else "",
        )
        for row in result.rows
    ]
    counts = result.extra["stage_counts"]
    tabs = [
        dbc.Tab(label=f"{_(STAGE_LABELS[key])} ({counts[key]:,})", tab_id=key)
        for key in ("all", *STAGES)
    ]
    return (*page_outputs(rows, result), tabs, no_update)


def update_cities(province):
    return city_options(province, current_language()), None


def show_selection(selected):
    return selection_state(selected, 3)


def open_customer(cell):
    return row_link(cell, "/pool", "name")


def claim(n_clicks, selected, refresh):
    require_click(n_clicks)
    try:
        with unit_of_work() as session:
            result = claim_customers(session, current_actor(), selected_ids(selected))
    except ServiceError as error:
        return error_alert(error), no_update
    return take_message(result), (refresh or 0) + 1


def assign(n_clicks, selected, user_id, refresh):
    require_click(n_clicks)
    try:
        with unit_of_work() as session:
            result = assign_pool_customers(
                session, current_actor(), selected_ids(selected), parse_int(user_id)
            )
    except ValidationFailed as error:
        if "user_id" in error.errors:
            return no_update, no_update, True, True, field_message(error, "user_id")
        return error_alert(error), no_update, False, False, ""
    except ServiceError as error:
        return error_alert(error), no_update, False, False, ""
    return take_message(result), (refresh or 0) + 1, False, False, ""


def delete(n_clicks, selected, refresh):
    require_click(n_clicks)
    try:
        with unit_of_work() as session:
            count = delete_pool_customers(
                session, current_actor(), selected_ids(selected)
            )
    except ServiceError as error:
        return error_alert(error), no_update, False
    return (
        toast(_("Moved to the recycle bin: {count}", count=count)),
        (refresh or 0) + 1,
        False,
    )


# --- detail --------------------------------------------------------------------


def _customer_id(value) -> int:
    customer_id = parse_int(value)
    if customer_id is None:
        raise NotFound()
    return customer_id


def load_detail(customer_id):
    language = current_language()
    try:
        with read_session() as session:
            detail = pool_customer_detail(
                session, current_actor(), _customer_id(customer_id)
            )
            labels = dictionaries.labels(session, language)
    except ServiceError as error:
        return error_alert(error), None, None, None, True
    facts = [
        (_("Days in pool"), detail["days_in_pool"] if detail["days_in_pool"] else 0),
        (_("Last owner"), detail["last_owner"] or "—"),
        (_("Last team"), detail["last_team"] or "—"),
        (_("Reason"), pool_views.reason_label(detail["pool_reason"]) or "—"),
        (_("Note"), detail["pool_note"] or "—"),
        (_("Entered the pool"), format_datetime(detail["pool_entered_at"]) or "—"),
    ]
    header = [
        views.header(detail, labels),
        dbc.Alert(
            _("A request for this customer is waiting for review."),
            color="warning",
            className="mt-3 mb-0",
        )
        if detail["pending"]
        else None,
    ]
    info = [
        views.info(detail, labels, language),
        dbc.Row(
            [
                dbc.Col(
                    [html_dl(label, value)],
                    md=4,
                )
                for label, value in facts
            ],
            className="info-grid mt-2",
        ),
    ]
    return (
        header,
        info,
        pool_views.history(detail["history"]),
        views.operation_log(detail["log"]),
        detail["pending"],
    )


def html_dl(label, value):
    return html.Dl([html.Dt(label), html.Dd(value)], className="mb-2")


def claim_one(n_clicks, customer_id):
    require_click(n_clicks)
    try:
        with unit_of_work() as session:
            result = claim_customers(
                session, current_actor(), [_customer_id(customer_id)]
            )
    except ServiceError as error:
        return error_alert(error), no_update, no_update
    if result.taken:
        return (
            no_update,
            toast(_("Claimed: the customer is now yours.")),
            f"/customers/{result.taken[0]}",
        )
    return (
        alert(_("Sent for review to the leader of its last team."), color="info"),
        no_update,
        no_update,
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
        Input(ids.LEVEL, "value"),
        Input(ids.SOURCE, "value"),
        Input(ids.INDUSTRY, "value"),
        Input(ids.PROVINCE, "value"),
        Input(ids.CITY, "value"),
        Input(ids.LAST_TEAM, "value"),
        Input(ids.REASON, "value"),
        Input(ids.SORT, "value"),
        Input(ids.DIRECTION, "value"),
        Input(ids.PAGE_SIZE, "value"),
        Input(ids.PAGER, "active_page"),
        Input(ids.REFRESH, "data"),
        prevent_initial_call="initial_duplicate",
    )(load_pool)
    app.callback(
        Output(ids.CITY, "options"),
        Output(ids.CITY, "value"),
        Input(ids.PROVINCE, "value"),
        prevent_initial_call=True,
    )(update_cities)
    register_selection(
        app,
        ids.GRID,
        show_selection,
        ids.SELECTION,
        ids.CLAIM,
        ids.ASSIGN,
        ids.DELETE,
    )
    register_row_link(app, ids.GRID, open_customer)
    register_bulk_action(app, ids, claim, ids.CLAIM, first=True)
    register_modal_toggle(app, ids.ASSIGN_MODAL, ids.ASSIGN, ids.ASSIGN_CANCEL)
    register_bulk_action(
        app,
        ids,
        assign,
        ids.ASSIGN_CONFIRM,
        modal=ids.ASSIGN_MODAL,
        outputs=[
            Output(ids.ASSIGN_USER, "invalid"),
            Output(ids.ASSIGN_FEEDBACK, "children"),
        ],
        states=[State(ids.ASSIGN_USER, "value")],
    )
    register_modal_toggle(app, ids.DELETE_MODAL, ids.DELETE, ids.DELETE_CANCEL)
    register_bulk_action(app, ids, delete, ids.DELETE_CONFIRM, modal=ids.DELETE_MODAL)
    app.callback(
        Output(PoolDetail.HEADER, "children"),
        Output(PoolDetail.INFO, "children"),
        Output(PoolDetail.HISTORY, "children"),
        Output(PoolDetail.LOG, "children"),
        Output(PoolDetail.CLAIM, "disabled"),
        Input(PoolDetail.CUSTOMER_ID, "data"),
    )(load_detail)
    app.callback(
        Output(PoolDetail.MESSAGE, "children"),
        Output(Shell.FLASH, "children", allow_duplicate=True),
        Output(Shell.NAV, "href", allow_duplicate=True),
        Input(PoolDetail.CLAIM, "n_clicks"),
        State(PoolDetail.CUSTOMER_ID, "data"),
        prevent_initial_call=True,
    )(claim_one)
