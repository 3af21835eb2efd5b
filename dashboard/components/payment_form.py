"""The payment form shared by the create and edit pages: customer → that
customer's approved contracts (with their receivable balance) → the contract's
installments."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.form_parts import make_form_actions, make_textarea_field
from dashboard.components.forms import make_field, select_options
from dashboard.components.payment_views import receivable_facts
from dashboard.context import current_actor, read_session
from dashboard.i18n import (
    _,
    current_language,
    format_date,
    format_money,
    local_today,
)
from dashboard.ids import PaymentForm as ids
from dashboard.labels import INSTALLMENT_STATE_LABELS
from dashboard.parsing import NO_CHOICE
from services import dictionaries
from services.customers import customer_choices
from services.errors import ServiceError
from services.payment_plans import contract_receivable, installment_choices
from services.payments import payable_contracts


def contract_options(rows: list[dict]) -> list[dict]:
    return [
        {
            "label": _(
                "{number} · {name} · balance {balance}",
                number=row["number"],
                name=row["name"],
                balance=format_money(row["balance"]),
            ),
            "value": row["id"],
        }
        for row in rows
    ]


def installment_options(rows: list[dict]) -> list[dict]:
    return [
        {
            "label": _(
                "No. {n} · due {date} · {amount} · remaining {remaining} ({state})",
                n=row["sequence"],
                date=format_date(row["due_date"]),
                amount=format_money(row["amount"]),
                remaining=format_money(row["remaining"]),
                state=_(INSTALLMENT_STATE_LABELS.get(row["state"], "")),
            ),
            "value": row["id"],
        }
        for row in rows
    ]


def receivable_box(receivable: dict | None):
    """The chosen contract's amount, received, pending and balance."""
    if not receivable:
        return html.Small(
            _("Choose a contract to see its receivable balance."),
            className="text-muted",
        )
    return html.Div(
        [
            html.Span(
                [html.Small(label, className="text-muted me-1"), html.Strong(value)],
                className="me-4",
            )
            for label, value in receivable_facts(receivable)
        ],
        className="receivable-box",
    )


def contract_choices(session, actor, customer_id, contract_id=None) -> list[dict]:
    """Contract options of the customer; empty when the customer is out of scope."""
    try:
        return contract_options(
            payable_contracts(session, actor, customer_id, include_id=contract_id)
        )
    except ServiceError:
        return []


def contract_extras(session, actor, contract_id, today) -> tuple[list, dict | None]:
    """(installment options, receivable) of a contract; nothing when out of scope."""
    if contract_id is None:
        return [], None
    try:
        return (
            installment_options(
                installment_choices(session, actor, contract_id, today=today)
            ),
            contract_receivable(session, actor, contract_id),
        )
    except ServiceError:
        return [], None


def make_payment_form(
    values: dict | None = None,
    *,
    customer_id: int | None = None,
    contract_id: int | None = None,
) -> html.Div:
    """Empty form (optionally for one customer or contract) or one filled from
    payment_detail() for edit."""
    values = values or {}
    editing = bool(values.get("id"))
    customer_id = values.get("customer_id") or customer_id
    contract_id = values.get("contract_id") or contract_id
    actor = current_actor()
    today = local_today()
    with read_session() as session:
        customers = customer_choices(session, actor, None, include_id=customer_id)
        if editing:
            contracts = [
                {
                    "label": f"{values['contract_number']} · {values['contract_name']}",
                    "value": contract_id,
                }
            ]
        else:
            contracts = contract_choices(session, actor, customer_id)
        if not any(option["value"] == contract_id for option in contracts):
            contract_id = None
        installments, receivable = contract_extras(session, actor, contract_id, today)
        methods = dictionaries.options(
            session,
            "payment_method",
            current_language(),
            include_code=values.get("method"),
        )
    customer_options = [{"label": name, "value": cid} for cid, name in customers]
    if editing and not any(o["value"] == customer_id for o in customer_options):
        customer_options.append({"label": values["customer"], "value": customer_id})
    fixed_help = None if editing else _("Customer and contract cannot change later.")
    paid_on = values.get("paid_on") or today
    cancel = f"/payments/{values['id']}" if editing else "/payments"
    fields = [
        make_field(
            _("Customer"),
            dcc.Dropdown(
                id=ids.field("customer_id"),
                options=customer_options,
                value=customer_id,
                placeholder=_("Type to search customers"),
                disabled=editing,
                clearable=False,
            ),
            ids.feedback("customer_id"),
            required=True,
            help_text=fixed_help,
        ),
        make_field(
            _("Contract"),
            dcc.Dropdown(
                id=ids.field("contract_id"),
                options=contracts,
                value=contract_id,
                placeholder=_("Approved contracts of the customer"),
                disabled=editing,
                clearable=False,
            ),
            ids.feedback("contract_id"),
            required=True,
        ),
        dbc.Col(
            html.Div(receivable_box(receivable), id=ids.RECEIVABLE),
            md=12,
            className="mb-3",
        ),
        make_field(
            _("Installment"),
            dcc.Dropdown(
                id=ids.field("installment_id"),
                options=installments,
                value=values.get("installment_id"),
                placeholder=_("Not linked to an installment"),
            ),
            ids.feedback("installment_id"),
            width=12,
        ),
        make_field(
            _("Amount (CNY)"),
            dbc.Input(
                id=ids.field("amount"),
                value=str(values["amount"]) if values.get("amount") else "",
                inputMode="decimal",
                maxLength=20,
                debounce=True,
            ),
            ids.feedback("amount"),
            required=True,
            width=4,
        ),
        make_field(
            _("Payment date"),
            dbc.Input(
                id=ids.field("paid_on"),
                type="date",
                value=paid_on.isoformat(),
                max=today.isoformat(),
            ),
            ids.feedback("paid_on"),
            required=True,
            width=4,
        ),
        make_field(
            _("Payment method"),
            dbc.Select(
                id=ids.field("method"),
                options=select_options(methods, _("Not set")),
                value=values.get("method") or NO_CHOICE,
            ),
            ids.feedback("method"),
            width=4,
        ),
        dbc.Col(html.Div(id=ids.WARNING), md=12),
        make_textarea_field(
            _("Remark"),
            ids.field("remark"),
            ids.feedback("remark"),
            values.get("remark"),
            max_length=1000,
        ),
    ]
    return html.Div(
        [
            dcc.Store(id=ids.PAYMENT_ID, data=values.get("id")),
            dcc.Store(id=ids.VERSION, data=values.get("version")),
            dbc.Card(
                dbc.CardBody(
                    [
                        dbc.Row(fields),
                        html.Div(id=ids.MESSAGE),
                        make_form_actions(ids.SAVE, cancel),
                    ]
                )
            ),
        ],
        className="payment-form",
    )
