"""Administration · message templates callbacks: list, open one in the editor or
start a new one, save (unknown variables flagged at their field), disable or
enable, and preview the text being edited with a customer and contact. Ids
and versions come from the browser and are re-checked by the services."""

from __future__ import annotations

from dash import ALL, Dash, Input, Output, State, ctx, html, no_update
from dash.exceptions import PreventUpdate

from dashboard.callbacks.contacts import search_customers
from dashboard.callbacks.send_message import translated_feedback
from dashboard.components.detail_page import HIDDEN
from dashboard.components.feedback import error_alert, toast
from dashboard.components.forms import select_options
from dashboard.components.messaging_admin import (
    channel_options,
    status_badge,
    template_item,
)
from dashboard.components.send_message import preview_body
from dashboard.context import current_actor, read_session, unit_of_work
from dashboard.i18n import _, local_today
from dashboard.ids import AdminTemplates as ids
from dashboard.parsing import parse_choice, parse_int, require_click
from services.errors import ServiceError, ValidationFailed
from services.message_templates import (
    TemplateIn,
    get_template,
    list_templates,
    save_template,
    set_template_active,
)
from services.messaging import contact_choices, preview_template

FIELDS = ids.FIELDS


def load_list(_refresh, selected):
    try:
        with read_session() as session:
            rows = list_templates(session, current_actor())
    except ServiceError as error:
        return error_alert(error)
    if not rows:
        return html.P(_("No templates yet."), className="text-muted mb-0")
    return [template_item(row, ids.ROW, selected) for row in rows]


def _toggle_label(is_active: bool | None) -> str:
    return _("Enable") if is_active is False else _("Disable")


def _editor_values(row: dict | None) -> tuple:
    """(id, version, title, name, channel, channel options, subject, body,
    status, toggle label, toggle disabled)."""
    if row is None:
        return (
            None,
            None,
            _("New template"),
            "",
            "email",
            channel_options(),
            "",
            "",
            None,
            _toggle_label(None),
            True,
        )
    return (
        row["id"],
        row["version"],
        _("Edit template"),
        row["name"],
        row["channel"],
        channel_options(locked=True),
        row["subject"] or "",
        row["body"],
        status_badge(row["is_active"]),
        _toggle_label(row["is_active"]),
        False,
    )


def open_template(_row_clicks, _new_clicks):
    """A clicked template fills the editor from the database; "New" clears it."""
    if ctx.triggered_id == ids.NEW:
        return (*_editor_values(None), *translated_feedback({}, {}, FIELDS), None)
    if not (ctx.triggered and ctx.triggered[0]["value"]):
        raise PreventUpdate  # the list was re-rendered, nobody clicked
    template_id = parse_int(ctx.triggered_id["index"])
    try:
        with read_session() as session:
            row = get_template(session, current_actor(), template_id or 0)
    except ServiceError as error:
        return (
            *(no_update,) * 11,
            *translated_feedback({}, {}, FIELDS),
            error_alert(error),
        )
    return (*_editor_values(row), *translated_feedback({}, {}, FIELDS), None)


def show_subject(channel):
    return None if channel == "email" else HIDDEN


def save(n_clicks, template_id, version, name, channel, subject, body, refresh):
    """(feedback…, message, refresh, id, version, title, status, toggle label,
    toggle disabled, channel options)."""
    require_click(n_clicks)
    try:
        with unit_of_work() as session:
            row = save_template(
                session,
                current_actor(),
                parse_int(template_id),
                TemplateIn(name=name, channel=channel, subject=subject, body=body),
                version=version,
            )
    except ValidationFailed as error:
        feedback = translated_feedback(error.errors, error.params, FIELDS)
        return (*feedback, error_alert(error), *(no_update,) * 8)
    except ServiceError as error:
        feedback = translated_feedback({}, {}, FIELDS)
        return (*feedback, error_alert(error), *(no_update,) * 8)
    values = _editor_values(row)
    return (
        *translated_feedback({}, {}, FIELDS),
        toast(_("Template {name} saved.", name=row["name"])),
        (refresh or 0) + 1,
        values[0],
        values[1],
        values[2],
        values[8],
        values[9],
        values[10],
        values[5],
    )


def toggle_active(n_clicks, template_id, version, refresh):
    """Disable an active template or enable a disabled one."""
    require_click(n_clicks)
    template_id = parse_int(template_id)
    if template_id is None:
        raise PreventUpdate
    try:
        with unit_of_work() as session:
            actor = current_actor()
            current = get_template(session, actor, template_id)
            row = set_template_active(
                session,
                actor,
                template_id,
                not current["is_active"],
                version=version,
            )
    except ServiceError as error:
        return error_alert(error), no_update, no_update, no_update, no_update
    message = _("Template enabled.") if row["is_active"] else _("Template disabled.")
    return (
        toast(message),
        (refresh or 0) + 1,
        row["version"],
        status_badge(row["is_active"]),
        _toggle_label(row["is_active"]),
    )


def preview_contacts(customer_value):
    """The picked customer's contacts (scoped by the service)."""
    customer_id = parse_int(customer_value)
    if customer_id is None:
        return select_options([], _("No contact")), "-"
    try:
        with read_session() as session:
            contacts = contact_choices(session, current_actor(), customer_id)
    except ServiceError:
        contacts = []
    options = select_options(
        [{"label": name, "value": str(cid)} for cid, name in contacts],
        _("No contact"),
    )
    return options, options[1]["value"] if len(options) > 1 else options[0]["value"]


def preview(customer_value, contact_value, channel, subject, body):
    customer_id = parse_int(customer_value)
    if customer_id is None:
        return html.Span(
            _("Pick a customer to see the template filled in."),
            className="text-muted",
        )
    try:
        with read_session() as session:
            draft = preview_template(
                session,
                current_actor(),
                channel=channel,
                subject=subject,
                body=body,
                customer_id=customer_id,
                contact_id=parse_int(parse_choice(contact_value)),
                today=local_today(),
            )
    except ServiceError as error:
        return error_alert(error)
    problems = [
        _(draft.errors[name], **draft.params)
        for name in ("subject", "body")
        if name in draft.errors
    ]
    return preview_body(draft.subject, draft.body, problems)


def register(app: Dash) -> None:
    app.callback(
        Output(ids.LIST, "children"),
        Input(ids.REFRESH, "data"),
        State(ids.TEMPLATE_ID, "data"),
    )(load_list)
    app.callback(
        Output(ids.TEMPLATE_ID, "data"),
        Output(ids.VERSION, "data"),
        Output(ids.TITLE, "children"),
        Output(ids.field("name"), "value"),
        Output(ids.field("channel"), "value"),
        Output(ids.field("channel"), "options"),
        Output(ids.field("subject"), "value"),
        Output(ids.field("body"), "value"),
        Output(ids.STATUS, "children"),
        Output(ids.TOGGLE, "children"),
        Output(ids.TOGGLE, "disabled"),
        *[Output(ids.field(name), "invalid") for name in FIELDS],
        *[Output(ids.feedback(name), "children") for name in FIELDS],
        Output(ids.MESSAGE, "children"),
        Input({"type": ids.ROW, "index": ALL}, "n_clicks"),
        Input(ids.NEW, "n_clicks"),
        prevent_initial_call=True,
    )(open_template)
    app.callback(
        Output(ids.SUBJECT_ROW, "style"),
        Input(ids.field("channel"), "value"),
    )(show_subject)
    app.callback(
        *[Output(ids.field(name), "invalid", allow_duplicate=True) for name in FIELDS],
        *[
            Output(ids.feedback(name), "children", allow_duplicate=True)
            for name in FIELDS
        ],
        Output(ids.MESSAGE, "children", allow_duplicate=True),
        Output(ids.REFRESH, "data"),
        Output(ids.TEMPLATE_ID, "data", allow_duplicate=True),
        Output(ids.VERSION, "data", allow_duplicate=True),
        Output(ids.TITLE, "children", allow_duplicate=True),
        Output(ids.STATUS, "children", allow_duplicate=True),
        Output(ids.TOGGLE, "children", allow_duplicate=True),
        Output(ids.TOGGLE, "disabled", allow_duplicate=True),
        Output(ids.field("channel"), "options", allow_duplicate=True),
        Input(ids.SAVE, "n_clicks"),
        State(ids.TEMPLATE_ID, "data"),
        State(ids.VERSION, "data"),
        *[State(ids.field(name), "value") for name in FIELDS],
        State(ids.REFRESH, "data"),
        prevent_initial_call=True,
    )(save)
    app.callback(
        Output(ids.MESSAGE, "children", allow_duplicate=True),
        Output(ids.REFRESH, "data", allow_duplicate=True),
        Output(ids.VERSION, "data", allow_duplicate=True),
        Output(ids.STATUS, "children", allow_duplicate=True),
        Output(ids.TOGGLE, "children", allow_duplicate=True),
        Input(ids.TOGGLE, "n_clicks"),
        State(ids.TEMPLATE_ID, "data"),
        State(ids.VERSION, "data"),
        State(ids.REFRESH, "data"),
        prevent_initial_call=True,
    )(toggle_active)
    app.callback(
        Output(ids.PREVIEW_CUSTOMER, "options"),
        Input(ids.PREVIEW_CUSTOMER, "search_value"),
        State(ids.PREVIEW_CUSTOMER, "value"),
    )(search_customers)
    app.callback(
        Output(ids.PREVIEW_CONTACT, "options"),
        Output(ids.PREVIEW_CONTACT, "value"),
        Input(ids.PREVIEW_CUSTOMER, "value"),
    )(preview_contacts)
    app.callback(
        Output(ids.PREVIEW, "children"),
        Input(ids.PREVIEW_CUSTOMER, "value"),
        Input(ids.PREVIEW_CONTACT, "value"),
        Input(ids.field("channel"), "value"),
        Input(ids.field("subject"), "value"),
        Input(ids.field("body"), "value"),
    )(preview)
