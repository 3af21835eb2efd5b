"""The opportunity form: customer picker search, that customer's contacts, and
save (create, or edit with the version it was loaded with)."""

from __future__ import annotations

import datetime as dt

from dash import Dash, Input, Output, State

from dashboard.callbacks.custom_fields import (
    custom_messages,
    entered_values,
    feedback_output,
    input_states,
)
from dashboard.callbacks.form_save import (
    register_customer_search,
    register_form_save,
    save_record,
)
from dashboard.components.feedback import field_feedback
from dashboard.components.line_items import line_items_grid_id, parse_line_rows
from dashboard.components.opportunity_form import contact_options
from dashboard.context import current_actor, read_session
from dashboard.i18n import _
from dashboard.ids import OpportunityForm as ids
from dashboard.parsing import parse_choice, parse_int, require_click
from services.contacts import customer_contacts
from services.customers import customer_choices
from services.errors import ServiceError, ValidationFailed
from services.msgid import N_
from services.opportunities import (
    OpportunityIn,
    create_opportunity,
    update_opportunity,
)

FIELDS = ids.FIELDS
# Inputs that can be flagged invalid (dropdowns cannot).
FLAGGED = tuple(f for f in FIELDS if f not in ("customer_id", "contact_ids"))
# Every field with an error line; "lines" has no input to flag.
MESSAGES = (*FIELDS, "lines")


def search_customers(term, value):
    """Options for the customer picker: matches for what is typed, within scope."""
    with read_session() as session:
        choices = customer_choices(
            session, current_actor(), term, include_id=parse_int(value)
        )
    return [{"label": name, "value": cid} for cid, name in choices]


def customer_changed(customer_id, chosen):
    """Only the chosen customer's contacts are offered; a choice of contacts made
    for another customer is dropped (the service re-checks anyway)."""
    cid = parse_int(customer_id)
    if cid is None:
        return [], []
    try:
        with read_session() as session:
            rows = customer_contacts(session, current_actor(), cid)
    except ServiceError:
        return [], []
    allowed = {row["id"] for row in rows}
    return contact_options(rows), [c for c in chosen or [] if c in allowed]


def opportunity_in(
    form: dict, row_data, custom_values: dict
) -> tuple[OpportunityIn, dict[str, str]]:
    """Form values → OpportunityIn, plus errors for values that cannot be parsed."""
    errors: dict[str, str] = {}
    close_date = None
    if form["expected_close_date"]:
        try:
            close_date = dt.date.fromisoformat(form["expected_close_date"])
        except ValueError:
            errors["expected_close_date"] = N_("Enter a valid date.")
    contact_ids = tuple(
        cid for c in form["contact_ids"] or [] if (cid := parse_int(c)) is not None
    )
    data = OpportunityIn(
        customer_id=parse_int(form["customer_id"]),
        name=form["name"],
        amount=form["amount"],
        expected_close_date=close_date,
        stage_id=parse_int(form["stage_id"]),
        owner_id=parse_int(parse_choice(form["owner_id"])),
        remark=form["remark"],
        contact_ids=contact_ids,
        lines=tuple(parse_line_rows(row_data)),
        custom_values=custom_values,
    )
    return data, errors


def _messages(error: ValidationFailed | None) -> list:
    """[invalid flags of FLAGGED..., messages of MESSAGES...]; the lines message
    names its row."""
    errors = error.errors if error else {}
    feedback = field_feedback(errors, MESSAGES, FLAGGED)
    if lines_error := errors.get("lines"):
        feedback[-1] = _(lines_error, **error.params)
    return feedback


def save_opportunity(
    n_clicks, opportunity_id, version, row_data, custom_ids, custom_values, *values
):
    """Create or update; field errors go next to their fields, input is kept."""
    require_click(n_clicks)
    data, errors = opportunity_in(
        dict(zip(FIELDS, values, strict=True)),
        row_data,
        entered_values(custom_ids, custom_values),
    )

    def feedback(error: ValidationFailed | None) -> tuple:
        found = error.errors if error else {}
        return (*_messages(error), custom_messages(found, custom_ids))

    return save_record(
        opportunity_id,
        version,
        errors=errors,
        path="/opportunities",
        create=lambda session, actor: create_opportunity(session, actor, data),
        update=lambda session, actor, record_id, expected: update_opportunity(
            session, actor, record_id, data, expected_version=expected
        ),
        feedback=feedback,
    )


def register(app: Dash) -> None:
    register_customer_search(app, ids.field("customer_id"), search_customers)
    app.callback(
        Output(ids.field("contact_ids"), "options"),
        Output(ids.field("contact_ids"), "value"),
        Input(ids.field("customer_id"), "value"),
        State(ids.field("contact_ids"), "value"),
        prevent_initial_call=True,
    )(customer_changed)
    register_form_save(
        app,
        ids,
        save_opportunity,
        record_store=ids.OPPORTUNITY_ID,
        flagged=FLAGGED,
        messages=MESSAGES,
        extra_outputs=[feedback_output("opportunity")],
        extra_states=[
            State(line_items_grid_id(ids.LINES_PREFIX), "rowData"),
            *input_states("opportunity"),
        ],
    )
