"""Contacts: list page, create/edit form, detail."""

from __future__ import annotations

import datetime as dt

import dash_bootstrap_components as dbc
from dash import Dash, Input, Output, State, ctx, html, no_update

from dashboard.callbacks.custom_fields import (
    custom_filters,
    custom_messages,
    entered_values,
    feedback_output,
    input_states,
)
from dashboard.components import customer_views
from dashboard.components.feedback import error_alert, field_feedback
from dashboard.components.grid import grid_row
from dashboard.context import current_actor, read_session, unit_of_work
from dashboard.i18n import _, current_language, format_date, format_datetime
from dashboard.ids import ContactDetail, ContactForm, Contacts, CustomFields, Shell
from dashboard.parsing import parse_int, require_click
from services import dictionaries
from services.contacts import (
    ContactFilter,
    ContactIn,
    contact_detail,
    create_contact,
    list_contacts,
    update_contact,
)
from services.customers import customer_choices
from services.errors import NotFound, ServiceError, ValidationFailed
from services.followups import timeline
from services.msgid import N_

FORM_FIELDS = ContactForm.FIELDS
# Dropdowns and checkboxes have no "invalid" state; their message still shows.
FLAGGED_FIELDS = tuple(f for f in FORM_FIELDS if f not in ("customer_id", "is_primary"))


def load_contacts(search, primary_only, custom, page_size, page):
    if ctx.triggered_id != Contacts.PAGER:
        page = 1
    with read_session() as session:
        result = list_contacts(
            session,
            current_actor(),
            ContactFilter(
                search=search or None,
                primary_only=bool(primary_only),
                page=page or 1,
                page_size=parse_int(page_size) or 20,
                custom=custom_filters(custom),
            ),
        )
    rows = [
        grid_row(
            row,
            primary="★" if row["is_primary"] else "",
            created=format_datetime(row["created_at"]),
        )
        for row in result.rows
    ]
    return (
        rows,
        result.page_count,
        result.page,
        _("Total: {total}", total=f"{result.total:,}"),
    )


def open_contact_row(cell):
    contact_id = parse_int((cell or {}).get("rowId"))
    if contact_id is None or cell.get("colId") != "name":
        return no_update
    return f"/contacts/{contact_id}"


def search_customers(term, value):
    """Options for the customer picker: matches for what is typed, within scope."""
    with read_session() as session:
        choices = customer_choices(
            session, current_actor(), term, include_id=parse_int(value)
        )
    return [{"label": name, "value": cid} for cid, name in choices]


def save_contact(n_clicks, contact_id, version, custom_ids, custom_values, *values):
    require_click(n_clicks)
    form = dict(zip(FORM_FIELDS, values, strict=True))
    errors: dict[str, str] = {}
    try:
        birthday = dt.date.fromisoformat(form["birthday"]) if form["birthday"] else None
    except ValueError:
        birthday, errors["birthday"] = None, N_("Enter a valid date.")
    data = ContactIn(
        customer_id=parse_int(form["customer_id"]),
        birthday=birthday,
        is_primary=bool(form["is_primary"]),
        **{
            k: form[k] or None
            for k in ("name", "mobile", "phone", "email", "title", "remark")
        },
        custom_values=entered_values(custom_ids, custom_values),
    )
    try:
        if errors:
            raise ValidationFailed(errors)
        with unit_of_work() as session:
            actor = current_actor()
            if contact_id:
                contact = update_contact(
                    session,
                    actor,
                    int(contact_id),
                    data,
                    expected_version=int(version or 0),
                )
            else:
                contact = create_contact(session, actor, data)
            target = f"/contacts/{contact.id}"
    except ValidationFailed as error:
        return (
            *field_feedback(error.errors, FORM_FIELDS, FLAGGED_FIELDS),
            custom_messages(error.errors, custom_ids),
            error_alert(error),
            no_update,
        )
    except ServiceError as error:
        return (
            *field_feedback({}, FORM_FIELDS, FLAGGED_FIELDS),
            custom_messages({}, custom_ids),
            error_alert(error),
            no_update,
        )
    return (
        *field_feedback({}, FORM_FIELDS, FLAGGED_FIELDS),
        custom_messages({}, custom_ids),
        None,
        target,
    )


def _contact_card(detail: dict) -> dbc.Card:
    def link(scheme: str, value: str | None):
        return html.A(value, href=f"{scheme}:{value}") if value else "—"

    rows = [
        (
            _("Customer"),
            html.A(
                detail["customer"],
                href=f"/customers/{detail['customer_id']}",
                id="contact-detail-customer",
            ),
        ),
        (_("Title"), detail["title"] or "—"),
        (_("Mobile"), link("tel", detail["mobile"])),
        (_("Phone"), link("tel", detail["phone"])),
        (_("Email"), link("mailto", detail["email"])),
        (_("Birthday"), format_date(detail["birthday"]) or "—"),
        (_("Remark"), detail["remark"] or "—"),
        (
            _("Created by"),
            f"{detail['created_by']} · {format_datetime(detail['created_at'])}",
        ),
    ]
    return dbc.Card(
        dbc.CardBody(
            [
                html.Div(
                    [
                        html.H2(
                            [
                                detail["name"],
                                dbc.Badge(
                                    _("Primary contact"),
                                    color="warning",
                                    className="ms-2",
                                )
                                if detail["is_primary"]
                                else None,
                            ],
                            className="page-title",
                            id="contact-detail-name",
                        ),
                        dbc.Button(
                            [html.I(className="bi bi-pencil me-1"), _("Edit")],
                            href=f"/contacts/{detail['id']}/edit",
                            color="primary",
                            size="sm",
                        ),
                    ],
                    className="d-flex justify-content-between align-items-start",
                ),
                dbc.Row(
                    [
                        dbc.Col(html.Dl([html.Dt(label), html.Dd(value)]), md=4)
                        for label, value in rows
                    ],
                    className="mt-3",
                ),
            ]
        )
    )


def load_contact(contact_id, _refresh=None):
    """The contact and its timeline (reloaded after a message is sent)."""
    try:
        cid = parse_int(contact_id)
        if cid is None:
            raise NotFound()
        with read_session() as session:
            actor = current_actor()
            detail = contact_detail(session, actor, cid)
            entries = timeline(session, actor, contact_id=cid)
            labels = dictionaries.labels(session, current_language())
    except ServiceError as error:
        return error_alert(error), None
    return _contact_card(detail), customer_views.timeline(entries, labels)


def register(app: Dash) -> None:
    app.callback(
        Output(Contacts.GRID, "rowData"),
        Output(Contacts.PAGER, "max_value"),
        Output(Contacts.PAGER, "active_page"),
        Output(Contacts.TOTAL, "children"),
        Input(Contacts.SEARCH, "value"),
        Input(Contacts.PRIMARY, "value"),
        Input(CustomFields.filters("contact"), "data"),
        Input(Contacts.PAGE_SIZE, "value"),
        Input(Contacts.PAGER, "active_page"),
    )(load_contacts)
    app.callback(
        Output(Shell.NAV, "href", allow_duplicate=True),
        Input(Contacts.GRID, "cellClicked"),
        prevent_initial_call=True,
    )(open_contact_row)
    app.callback(
        Output(ContactForm.field("customer_id"), "options"),
        Input(ContactForm.field("customer_id"), "search_value"),
        State(ContactForm.field("customer_id"), "value"),
        prevent_initial_call=True,
    )(search_customers)
    app.callback(
        *[Output(ContactForm.field(name), "invalid") for name in FLAGGED_FIELDS],
        *[Output(ContactForm.feedback(name), "children") for name in FORM_FIELDS],
        feedback_output("contact"),
        Output(ContactForm.MESSAGE, "children"),
        Output(Shell.NAV, "href", allow_duplicate=True),
        Input(ContactForm.SAVE, "n_clicks"),
        State(ContactForm.CONTACT_ID, "data"),
        State(ContactForm.VERSION, "data"),
        *input_states("contact"),
        *[State(ContactForm.field(name), "value") for name in FORM_FIELDS],
        prevent_initial_call=True,
    )(save_contact)
    app.callback(
        Output(ContactDetail.BODY, "children"),
        Output(ContactDetail.TIMELINE, "children"),
        Input(ContactDetail.CONTACT_ID, "data"),
        Input(ContactDetail.REFRESH, "data"),
    )(load_contact)
