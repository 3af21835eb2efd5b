"""The contract form: customer search, what a chosen customer offers
(opportunities, signers, owner), and saving (create, or edit with the version
it was loaded with)."""

from __future__ import annotations

import datetime as dt

from dash import Dash, Input, Output, State, no_update
from dash.exceptions import PreventUpdate

from dashboard.callbacks.form_save import (
    register_customer_search,
    register_form_save,
    save_record,
)
from dashboard.components.contract_form import choice_options, customer_options
from dashboard.components.feedback import field_feedback
from dashboard.components.line_items import (
    line_items_grid_id,
    lines_error,
    parse_line_rows,
)
from dashboard.context import current_actor, read_session
from dashboard.i18n import local_today
from dashboard.ids import ContractForm as ids
from dashboard.parsing import NO_CHOICE, parse_choice, parse_int, require_click
from services.contracts import ContractIn, create_contract, update_contract
from services.customers import customer_choices, get_customer
from services.errors import ServiceError, ValidationFailed
from services.msgid import N_

FIELDS = ids.FIELDS
# A dcc.Dropdown has no `invalid` prop: the customer shows only its message.
FLAGGED = tuple(name for name in FIELDS if name != "customer_id")
DATE_FIELDS = ("sign_date", "start_date", "end_date")
ID_FIELDS = ("customer_id", "opportunity_id", "customer_signer_id", "our_signer_id")


def search_customers(term, selected):
    """Customers in scope matching what was typed; the chosen one stays listed."""
    if not term:
        raise PreventUpdate
    with read_session() as session:
        choices = customer_choices(
            session, current_actor(), term, include_id=parse_int(selected)
        )
    return [{"label": name, "value": cid} for cid, name in choices]


def customer_chosen(customer_id, owner_options):
    """Offer the chosen customer's opportunities and contacts; its owner becomes
    the contract's owner when the actor may pick them."""
    actor = current_actor()
    cid = parse_int(customer_id)
    owner = no_update
    with read_session() as session:
        related = customer_options(session, actor, cid)
        if cid is not None:
            try:
                customer_owner = get_customer(session, actor, cid).owner_id
            except ServiceError:
                customer_owner = None
            if any(o["value"] == str(customer_owner) for o in owner_options or []):
                owner = str(customer_owner)
    return (
        choice_options(related["opportunities"]),
        NO_CHOICE,
        choice_options(related["signers"]),
        NO_CHOICE,
        owner,
    )


def parse_dates(form: dict, names: tuple[str, ...]) -> tuple[dict, dict]:
    """Date inputs ("YYYY-MM-DD"): ({name: date or None}, {name: msgid})."""
    values, errors = {}, {}
    for name in names:
        raw = form.get(name)
        try:
            values[name] = dt.date.fromisoformat(raw) if raw else None
        except (TypeError, ValueError):
            values[name], errors[name] = None, N_("Enter a valid date.")
    return values, errors


def contract_in(form: dict, rows) -> tuple[ContractIn, dict[str, str]]:
    """Form values → ContractIn, plus errors for values that cannot be parsed."""
    dates, errors = parse_dates(form, DATE_FIELDS)
    data = ContractIn(
        name=form["name"],
        number=form["number"],
        amount=form["amount"],
        remark=form["remark"],
        owner_id=parse_int(parse_choice(form["owner_id"])),
        lines=tuple(parse_line_rows(rows)),
        **{name: parse_int(parse_choice(form[name])) for name in ID_FIELDS},
        **dates,
    )
    return data, errors


def _feedback(error: ValidationFailed | None) -> tuple:
    """Field flags and messages, then the line items' message."""
    if error is None:
        return (*field_feedback({}, FIELDS, FLAGGED), None)
    return (*field_feedback(error.errors, FIELDS, FLAGGED), lines_error(error))


def save_contract(n_clicks, contract_id, version, rows, *field_values):
    """Create or update; field errors go next to their fields, input is kept."""
    require_click(n_clicks)
    form = dict(zip(FIELDS, field_values, strict=True))
    data, errors = contract_in(form, rows)
    return save_record(
        contract_id,
        version,
        errors=errors,
        path="/contracts",
        create=lambda session, actor: create_contract(
            session, actor, data, today=local_today()
        ),
        update=lambda session, actor, record_id, expected: update_contract(
            session, actor, record_id, data, expected_version=expected
        ),
        feedback=_feedback,
    )


def register(app: Dash) -> None:
    register_customer_search(app, ids.field("customer_id"), search_customers)
    app.callback(
        Output(ids.field("opportunity_id"), "options"),
        Output(ids.field("opportunity_id"), "value"),
        Output(ids.field("customer_signer_id"), "options"),
        Output(ids.field("customer_signer_id"), "value"),
        Output(ids.field("owner_id"), "value"),
        Input(ids.field("customer_id"), "value"),
        State(ids.field("owner_id"), "options"),
        prevent_initial_call=True,
    )(customer_chosen)
    register_form_save(
        app,
        ids,
        save_contract,
        record_store=ids.CONTRACT_ID,
        flagged=FLAGGED,
        messages=FIELDS,
        extra_outputs=[Output(ids.LINES_FEEDBACK, "children")],
        extra_states=[State(line_items_grid_id(ids.LINES_PREFIX), "rowData")],
    )
