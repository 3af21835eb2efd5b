"""Custom fields on the entity pages: what the entity forms' save callbacks add
(the inputs' values in, one message per field out), the list pages' optional
columns and filters, and the detail pages' "More fields" block. Field ids and
values from the browser are only hints: the services re-check them against the
stored definitions."""

from __future__ import annotations

from collections.abc import Callable

from dash import ALL, Dash, Input, Output, State

from dashboard.callbacks.detail_page import url_id
from dashboard.components.custom_fields import custom_column, more_fields_card
from dashboard.context import current_actor, read_session
from dashboard.i18n import _, current_language
from dashboard.ids import (
    ContactDetail,
    Contacts,
    CustomerDetail,
    Customers,
    LeadDetail,
    Leads,
    Opportunities,
    OpportunityDetail,
)
from dashboard.ids import CustomFields as ids
from dashboard.parsing import parse_choice, parse_int, require_click
from models.custom_field import CUSTOM_FIELD_TYPES
from services.contacts import get_contact
from services.custom_fields import CustomFilter, detail_rows, field_defs
from services.customers import get_customer
from services.errors import ServiceError
from services.leads import get_lead
from services.opportunities import get_opportunity


def _pattern(kind: str, entity: str) -> dict:
    return {"type": kind, "entity": entity, "field": ALL}


# --- form saves ------------------------------------------------------------------


def input_states(entity: str) -> list[State]:
    """The States a save callback adds: the custom inputs' ids, then values."""
    return [
        State(_pattern(ids.INPUT, entity), "id"),
        State(_pattern(ids.INPUT, entity), "value"),
    ]


def feedback_output(entity: str) -> Output:
    """The Output a save callback adds: one message per custom input."""
    return Output(_pattern(ids.FEEDBACK, entity), "children")


def entered_values(component_ids, values) -> dict[str, object]:
    """{field id: value} of the custom inputs ("not set" choices are None)."""
    entered: dict[str, object] = {}
    for component_id, value in zip(component_ids or [], values or [], strict=False):
        field_id = parse_int((component_id or {}).get("field"))
        if field_id is not None:
            entered[str(field_id)] = (
                value if isinstance(value, list) else parse_choice(value)
            )
    return entered


def custom_messages(errors: dict[str, str], component_ids) -> list[str]:
    """The message of each custom input, in the inputs' order (the feedback lines
    are laid out in the same order)."""
    return [
        _(errors.get(f"cf_{(component_id or {}).get('field')}", ""))
        for component_id in component_ids or []
    ]


# --- list pages -------------------------------------------------------------------


def custom_filters(data) -> tuple[CustomFilter, ...]:
    """The filters kept in a list page's store, as the services take them;
    anything malformed is dropped."""
    found: list[CustomFilter] = []
    for item in data if isinstance(data, list) else []:
        if not isinstance(item, dict):
            continue
        field_id = parse_int(item.get("field_id"))
        field_type = item.get("field_type")
        if field_id is None or field_type not in CUSTOM_FIELD_TYPES:
            continue
        texts = {
            key: item[key] if isinstance(item.get(key), str) else None
            for key in ("text", "low", "high")
        }
        choices = item.get("choices")
        found.append(
            CustomFilter(
                field_id,
                field_type,
                **texts,
                choices=tuple(c for c in choices or () if isinstance(c, str))
                if isinstance(choices, list)
                else (),
            )
        )
    return tuple(found)


def filter_store(entity: str) -> Callable:
    """The callback keeping `entity`'s filter store in step with its controls."""

    def store_filters(values, component_ids):
        """[{field_id, field_type, text | low/high | choices}] of the filled
        controls; each field's type is read from its definition, not the page."""
        parts: dict[int, dict[str, object]] = {}
        for component_id, value in zip(component_ids or [], values or [], strict=False):
            field_id = parse_int((component_id or {}).get("field"))
            if field_id is not None and value not in (None, "", []):
                parts.setdefault(field_id, {})[component_id.get("part")] = value
        with read_session() as session:
            fields = field_defs(session, entity)
        return [
            {"field_id": field.id, "field_type": field.field_type, **parts[field.id]}
            for field in fields
            if field.id in parts
        ]

    return store_filters


def column_chooser(entity: str) -> Callable:
    """The callback showing the custom-field columns chosen for `entity`'s grid."""

    def show_columns(chosen, column_defs):
        """The grid's own columns, then one per chosen active field."""
        wanted = {parse_int(value) for value in chosen or []}
        own = [
            c
            for c in column_defs or []
            if not str(c.get("colId", "")).startswith("cf_")
        ]
        with read_session() as session:
            fields = field_defs(session, entity)
        language = current_language()
        return own + [custom_column(f, language) for f in fields if f.id in wanted]

    return show_columns


def toggle_filters(n_clicks, is_open):
    require_click(n_clicks)
    return not is_open


# --- detail pages -----------------------------------------------------------------


def more_fields(entity: str, getter: Callable) -> Callable:
    """The callback filling `entity`'s "More fields" block on its detail page."""

    def load_more_fields(record_id, _refresh):
        """Every field with a value (disabled ones too), then empty active ones.
        A record out of scope shows nothing here: the page says why."""
        try:
            with read_session() as session:
                record = getter(session, current_actor(), url_id(record_id))
                fields = field_defs(session, entity, include_inactive=True)
                rows = detail_rows(fields, record.custom_values, current_language())
        except ServiceError:
            return None
        return more_fields_card(rows)

    return load_more_fields


# entity: (list grid, detail record store, detail refresh store, getter)
PAGES = {
    "customer": (
        Customers.GRID,
        CustomerDetail.CUSTOMER_ID,
        CustomerDetail.REFRESH,
        get_customer,
    ),
    "contact": (
        Contacts.GRID,
        ContactDetail.CONTACT_ID,
        ContactDetail.REFRESH,
        get_contact,
    ),
    "lead": (Leads.GRID, LeadDetail.LEAD_ID, LeadDetail.REFRESH, get_lead),
    "opportunity": (
        Opportunities.GRID,
        OpportunityDetail.OPPORTUNITY_ID,
        OpportunityDetail.REFRESH,
        get_opportunity,
    ),
}


def register(app: Dash) -> None:
    for entity, (grid, record_store, refresh_store, getter) in PAGES.items():
        filter_pattern = {
            "type": ids.FILTER,
            "entity": entity,
            "field": ALL,
            "part": ALL,
        }
        app.callback(
            Output(ids.filters(entity), "data"),
            Input(filter_pattern, "value"),
            State(filter_pattern, "id"),
            prevent_initial_call=True,
        )(filter_store(entity))
        app.callback(
            Output(grid, "columnDefs"),
            Input(ids.columns(entity), "value"),
            State(grid, "columnDefs"),
        )(column_chooser(entity))
        app.callback(
            Output(ids.filters_collapse(entity), "is_open"),
            Input(ids.filters_toggle(entity), "n_clicks"),
            State(ids.filters_collapse(entity), "is_open"),
            prevent_initial_call=True,
        )(toggle_filters)
        app.callback(
            Output(ids.detail(entity), "children"),
            Input(record_store, "data"),
            Input(refresh_store, "data"),
        )(more_fields(entity, getter))
