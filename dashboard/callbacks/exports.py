"""Export menus: rebuild the list's filter, export within the actor's scope, send
the file through dcc.Download and remove it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import flask
from dash import Dash, Input, Output, State, ctx, dcc, no_update
from dash.exceptions import PreventUpdate

from dashboard.callbacks import leads, team_customers
from dashboard.callbacks.custom_fields import custom_filters
from dashboard.callbacks.customers import FILTER_STATES, customer_filter
from dashboard.components.feedback import error_alert
from dashboard.context import current_actor, read_session
from dashboard.i18n import _
from dashboard.ids import (
    Contacts,
    Customers,
    CustomFields,
    Exports,
    Leads,
    Shell,
    TeamCustomers,
)
from dashboard.parsing import parse_int
from services.contacts import ContactFilter
from services.errors import ServiceError
from services.export_writers import FORMATS
from services.exports import ExportResult, export_contacts, export_customers
from services.lead_exports import export_leads
from services.pool import export_team_customers

SELECTIONS = ("selected", "filtered")
TEAM_ENTITY = "team-customers"


def _choice(entity: str) -> tuple[str, str]:
    """(selection, format) of the menu item that was clicked."""
    if not ctx.triggered or not ctx.triggered[0].get("value"):
        raise PreventUpdate
    for selection in SELECTIONS:
        for fmt in FORMATS:
            if ctx.triggered_id == Exports.item(entity, selection, fmt):
                return selection, fmt
    raise PreventUpdate


def _selected_ids(selection: str, rows: list[dict] | None) -> list[int] | None:
    if selection != "selected":
        return None
    parsed = (parse_int((row or {}).get("id")) for row in rows or [])
    return [row_id for row_id in parsed if row_id is not None]


def send_export(run: Callable[..., ExportResult], fmt: str, **kwargs):
    """Run an export service, hand the file to dcc.Download, delete it."""
    try:
        with read_session() as session:
            result = run(
                session,
                current_actor(),
                fmt=fmt,
                translate=_,
                timezone=flask.current_app.config["PELAGO_TIMEZONE"],
                **kwargs,
            )
    except ServiceError as error:
        return no_update, error_alert(error)
    try:
        return dcc.send_file(str(result.path), filename=result.filename), None
    finally:
        Path(result.path).unlink(missing_ok=True)


def export_customer_list(*args):
    *_clicks, selected_rows = args[:5]
    filters = args[5:]
    selection, fmt = _choice("customers")
    return send_export(
        export_customers,
        fmt,
        flt=customer_filter(*filters),
        ids=_selected_ids(selection, selected_rows),
    )


def export_contact_list(*args):
    *_clicks, selected_rows, search, primary_only, custom = args
    selection, fmt = _choice("contacts")
    return send_export(
        export_contacts,
        fmt,
        flt=ContactFilter(
            search=search or None,
            primary_only=bool(primary_only),
            custom=custom_filters(custom),
        ),
        ids=_selected_ids(selection, selected_rows),
    )


def export_team_list(*args):
    *_clicks, selected_rows = args[:5]
    selection, fmt = _choice(TEAM_ENTITY)
    return send_export(
        export_team_customers,
        fmt,
        flt=team_customers.team_filter(*args[5:]),
        ids=_selected_ids(selection, selected_rows),
    )


def export_lead_list(*args):
    *_clicks, selected_rows = args[:5]
    selection, fmt = _choice("leads")
    return send_export(
        export_leads,
        fmt,
        flt=leads.lead_filter(*args[5:]),
        ids=_selected_ids(selection, selected_rows),
    )


def _items(entity: str) -> list[Input]:
    return [
        Input(Exports.item(entity, selection, fmt), "n_clicks")
        for selection in SELECTIONS
        for fmt in FORMATS
    ]


def register(app: Dash) -> None:
    app.callback(
        Output(Exports.download("customers"), "data"),
        Output(Shell.FLASH, "children", allow_duplicate=True),
        *_items("customers"),
        State(Customers.GRID, "selectedRows"),
        *FILTER_STATES,
        prevent_initial_call=True,
    )(export_customer_list)
    app.callback(
        Output(Exports.download("contacts"), "data"),
        Output(Shell.FLASH, "children", allow_duplicate=True),
        *_items("contacts"),
        State(Contacts.GRID, "selectedRows"),
        State(Contacts.SEARCH, "value"),
        State(Contacts.PRIMARY, "value"),
        State(CustomFields.filters("contact"), "data"),
        prevent_initial_call=True,
    )(export_contact_list)
    app.callback(
        Output(Exports.download(TEAM_ENTITY), "data"),
        Output(Shell.FLASH, "children", allow_duplicate=True),
        *_items(TEAM_ENTITY),
        State(TeamCustomers.GRID, "selectedRows"),
        *team_customers.FILTER_STATES,
        prevent_initial_call=True,
    )(export_team_list)
    app.callback(
        Output(Exports.download("leads"), "data"),
        Output(Shell.FLASH, "children", allow_duplicate=True),
        *_items("leads"),
        State(Leads.GRID, "selectedRows"),
        *leads.FILTER_STATES,
        prevent_initial_call=True,
    )(export_lead_list)
