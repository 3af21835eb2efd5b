"""Custom fields on the entity pages: the inputs every entity form adds (one
builder for customers, contacts, leads and opportunities), the detail page's
"More fields" block, and a list page's optional columns and filters.

Inputs use pattern ids {"type": "cf-input", "entity": …, "field": id}; their
feedback lines are created in the same order, so a save callback matches the two
ALL-lists position by position (dashboard/callbacks/custom_fields.py)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.detail_page import info_grid
from dashboard.components.forms import make_field, select_options
from dashboard.components.list_page import make_range
from dashboard.context import read_session
from dashboard.i18n import _, current_language
from dashboard.ids import CustomFields as ids
from dashboard.parsing import NO_CHOICE
from services.custom_fields import FieldDef, field_defs


def active_fields(entity: str) -> list[FieldDef]:
    """The entity's active custom fields, in the admin's order."""
    with read_session() as session:
        return field_defs(session, entity)


# --- forms ------------------------------------------------------------------------


def _choices(field: FieldDef, kept: list[str]) -> list[dict[str, str]]:
    """The field's options, plus stored values it no longer offers (they stay
    visible, and selected, until the user changes them)."""
    extra = [value for value in kept if value not in field.options]
    return [{"label": option, "value": option} for option in (*field.options, *extra)]


def _control(entity: str, field: FieldDef, value):
    component_id = ids.input(entity, field.id)
    if field.field_type == "multi":
        chosen = [str(v) for v in value] if isinstance(value, list) else []
        return dbc.Checklist(
            id=component_id,
            options=_choices(field, chosen),
            value=chosen,
            inline=True,
        )
    text = "" if value is None else str(value)
    if field.field_type == "single":
        return dbc.Select(
            id=component_id,
            options=select_options(
                _choices(field, [text] if text else []), _("Not set")
            ),
            value=text or NO_CHOICE,
        )
    if field.field_type == "date":
        return dbc.Input(id=component_id, type="date", value=text)
    if field.field_type == "number":
        return dbc.Input(id=component_id, value=text, inputMode="decimal", maxLength=40)
    return dbc.Input(id=component_id, value=text, maxLength=500)


def make_custom_inputs(entity: str, values: dict | None = None) -> html.Div | None:
    """The entity's active custom fields as labelled inputs filled from a
    record's stored `values` ({field id: value}); None when there are none."""
    fields = active_fields(entity)
    if not fields:
        return None
    language = current_language()
    values = values or {}
    return html.Div(
        [
            html.H6(_("More fields"), className="mt-2"),
            dbc.Row(
                [
                    make_field(
                        field.label(language),
                        _control(entity, field, values.get(field.key)),
                        ids.feedback(entity, field.id),
                        required=field.required,
                        width=12 if field.field_type == "multi" else 4,
                    )
                    for field in fields
                ]
            ),
        ],
        className="custom-fields",
    )


# --- detail pages -----------------------------------------------------------------


def make_more_fields(entity: str) -> html.Div:
    """Where a detail page shows its record's custom fields (filled by a callback)."""
    return html.Div(id=ids.detail(entity))


def more_fields_card(rows: list[tuple[str, str]]):
    """The "More fields" card of (label, value) pairs; None without fields."""
    if not rows:
        return None
    return dbc.Card(
        [
            dbc.CardHeader(_("More fields")),
            dbc.CardBody(info_grid(rows)),
        ],
        className="mt-3 more-fields",
    )


# --- list pages -------------------------------------------------------------------


def custom_column(field: FieldDef, language: str) -> dict:
    """A grid column showing the field from the row's custom_values, choices
    joined; its colId is cf_<id>. (dash-ag-grid evaluates these expressions
    with a restricted parser: no arrow functions, no globals such as Array.)"""
    return {
        "colId": field.error_key,
        "headerName": field.label(language),
        "valueGetter": {
            "function": f"(params.data.custom_values || {{}})['{field.id}']"
        },
        "valueFormatter": {
            "function": "params.value && params.value.join "
            "? params.value.join(', ') : params.value"
        },
        "minWidth": 120,
    }


def _filter_control(entity: str, field: FieldDef, label: str):
    def part(name: str, **props):
        return dbc.Input(
            id=ids.filter(entity, field.id, name), debounce=True, size="sm", **props
        )

    if field.field_type in ("number", "date"):
        kind = "date" if field.field_type == "date" else "text"
        mode = {} if kind == "date" else {"inputMode": "decimal"}
        return make_range(
            label,
            part("low", type=kind, placeholder=_("From"), **mode),
            part("high", type=kind, placeholder=_("To"), **mode),
        )
    if field.field_type in ("single", "multi"):
        return dcc.Dropdown(
            id=ids.filter(entity, field.id, "choices"),
            options=[{"label": o, "value": o} for o in field.options],
            multi=True,
            placeholder=_("{field}: any of", field=label),
            className="filter-select",
        )
    return part("text", type="search", placeholder=_("{field} contains", field=label))


def make_custom_list_controls(entity: str) -> html.Div:
    """Above a list: a chooser of custom-field columns to show (remembered by the
    browser) and a collapsible row of custom-field filters. The filters' store is
    always there: the list's load callback reads it."""
    store = dcc.Store(id=ids.filters(entity), data=[])
    fields = active_fields(entity)
    if not fields:
        return html.Div(store)
    language = current_language()
    chooser = dcc.Dropdown(
        id=ids.columns(entity),
        options=[{"label": f.label(language), "value": f.id} for f in fields],
        value=[],
        multi=True,
        placeholder=_("Show custom-field columns"),
        persistence=True,
        persistence_type="local",
        className="filter-select",
    )
    toggle = dbc.Button(
        [html.I(className="bi bi-funnel me-1"), _("Custom-field filters")],
        id=ids.filters_toggle(entity),
        color="outline-secondary",
        size="sm",
    )
    filters = dbc.Collapse(
        dbc.Card(
            dbc.CardBody(
                dbc.Row(
                    [
                        dbc.Col(
                            _filter_control(entity, field, field.label(language)),
                            md=4,
                        )
                        for field in fields
                    ],
                    className="g-2",
                )
            ),
            className="mb-2 filter-bar",
        ),
        id=ids.filters_collapse(entity),
        is_open=False,
    )
    return html.Div(
        [
            store,
            dbc.Row(
                [dbc.Col(chooser, md=6), dbc.Col(toggle, md="auto")],
                className="g-2 mb-2 align-items-center",
            ),
            filters,
        ],
        className="custom-list-controls",
    )
