"""The payment form: customer → contracts → installments and receivable, the
pending-payments warning, and save (create, or edit with the loaded version)."""

from __future__ import annotations

from dataclasses import replace

import dash_bootstrap_components as dbc
from dash import Dash, Input, Output, State, no_update

from dashboard.callbacks.contacts import search_customers
from dashboard.callbacks.form_save import (
    register_customer_search,
    register_form_save,
    save_record,
)
from dashboard.components.feedback import field_feedback
from dashboard.components.payment_form import (
    contract_choices,
    contract_extras,
    local_today,
    receivable_box,
)
from dashboard.context import current_actor, read_session
from dashboard.i18n import _, format_money
from dashboard.ids import PaymentForm as ids
from dashboard.parsing import parse_choice, parse_int, require_click
from services.errors import ServiceError
from services.payments import (
    PaymentIn,
    create_payment,
    receivable_warning,
    update_payment,
)

FIELDS = ids.FIELDS
# Dropdowns have no `invalid` prop: only their feedback line shows the error.
FLAGGED = ("amount", "paid_on", "method", "remark")


def contracts_of_customer(customer_id, payment_id, current):
    """The chosen customer's approved contracts; keep the choice if still offered."""
    if payment_id:  # editing: customer and contract are fixed
        return no_update, no_update
    with read_session() as session:
        options = contract_choices(session, current_actor(), parse_int(customer_id))
    keep = any(option["value"] == current for option in options)
    return options, current if keep else None


def contract_details(contract_id, current_installment):
    """Installments and receivable balance of the chosen contract."""
    with read_session() as session:
        options, receivable = contract_extras(
            session, current_actor(), parse_int(contract_id), local_today()
        )
    keep = any(option["value"] == current_installment for option in options)
    return options, current_installment if keep else None, receivable_box(receivable)


def pending_warning(contract_id, amount, payment_id):
    """A warning (not an error) when other pending payments plus this one exceed
    the contract's receivable balance."""
    contract = parse_int(contract_id)
    if contract is None or not amount:
        return None
    try:
        with read_session() as session:
            warning = receivable_warning(
                session,
                current_actor(),
                contract,
                amount,
                payment_id=parse_int(payment_id),
            )
    except ServiceError:
        return None
    if warning is None:
        return None
    return dbc.Alert(
        _(
            "Payments of {pending} are already waiting for approval on this "
            "contract: only {available} of the balance is left once they are "
            "approved.",
            pending=format_money(warning["pending"]),
            available=format_money(warning["available"]),
        ),
        color="warning",
        className="py-2 small",
        id="payment-form-pending-warning",
    )


def payment_in(values: dict) -> PaymentIn:
    return PaymentIn(
        customer_id=parse_int(values["customer_id"]),
        contract_id=parse_int(values["contract_id"]),
        installment_id=parse_int(values["installment_id"]),
        amount=values["amount"],
        paid_on=values["paid_on"],
        method=parse_choice(values["method"]),
        remark=values["remark"],
    )


def save_payment(n_clicks, payment_id, version, *field_values):
    """Create or update; field errors go next to their fields, input is kept."""
    require_click(n_clicks)
    data = payment_in(dict(zip(FIELDS, field_values, strict=True)))
    return save_record(
        payment_id,
        version,
        path="/payments",
        create=lambda session, actor: create_payment(
            session, actor, data, today=local_today()
        ),
        update=lambda session, actor, record_id, expected: update_payment(
            session,
            actor,
            record_id,
            replace(data, customer_id=None, contract_id=None),
            expected_version=expected,
            today=local_today(),
        ),
        feedback=lambda error: field_feedback(
            error.errors if error else {}, FIELDS, FLAGGED
        ),
    )


def register(app: Dash) -> None:
    register_customer_search(app, ids.field("customer_id"), search_customers)
    app.callback(
        Output(ids.field("contract_id"), "options"),
        Output(ids.field("contract_id"), "value"),
        Input(ids.field("customer_id"), "value"),
        State(ids.PAYMENT_ID, "data"),
        State(ids.field("contract_id"), "value"),
        prevent_initial_call=True,
    )(contracts_of_customer)
    app.callback(
        Output(ids.field("installment_id"), "options"),
        Output(ids.field("installment_id"), "value"),
        Output(ids.RECEIVABLE, "children"),
        Input(ids.field("contract_id"), "value"),
        State(ids.field("installment_id"), "value"),
        prevent_initial_call=True,
    )(contract_details)
    app.callback(
        Output(ids.WARNING, "children"),
        Input(ids.field("contract_id"), "value"),
        Input(ids.field("amount"), "value"),
        State(ids.PAYMENT_ID, "data"),
    )(pending_warning)
    register_form_save(
        app,
        ids,
        save_payment,
        record_store=ids.PAYMENT_ID,
        flagged=FLAGGED,
        messages=FIELDS,
    )
