"""The contract form shared by the create and edit pages: customer first (then
only its opportunities and contacts are offered), the contract fields and the
product line editor. Customer and opportunity are read-only when editing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.form_parts import make_form_actions, make_textarea_field
from dashboard.components.forms import make_field, select_options
from dashboard.components.line_items import make_line_items
from dashboard.context import current_actor, read_session
from dashboard.i18n import _, local_today
from dashboard.ids import ContractForm as ids
from dashboard.parsing import NO_CHOICE
from services.contracts import customer_signer_options, signer_choices
from services.customers import customer_choices
from services.errors import ServiceError
from services.numbering import current_pattern, preview
from services.opportunities import opportunity_options
from services.org import assignable_users


def choice_options(options: list[dict]) -> list[dict]:
    """Service {"value", "label"} options for a dbc.Select (string values) with
    a "not set" entry first."""
    return select_options(
        [{"label": o["label"], "value": str(o["value"])} for o in options],
        _("Not set"),
    )


def customer_options(session, actor, customer_id: int | None) -> dict:
    """What the form offers for one customer: its opportunities and contacts."""
    if customer_id is None:
        return {"opportunities": [], "signers": []}
    try:
        return {
            "opportunities": opportunity_options(session, actor, customer_id),
            "signers": customer_signer_options(session, actor, customer_id),
        }
    except ServiceError:
        return {"opportunities": [], "signers": []}


def _date_value(value) -> str:
    return value.isoformat() if isinstance(value, dt.date) else (value or "")


def _selected(value) -> str:
    return NO_CHOICE if value in (None, "") else str(value)


def make_contract_form(values: dict | None = None) -> html.Div:
    """Empty form (optionally prefilled by contract_prefill) for create, or one
    filled from contract_detail() for edit."""
    values = dict(values or {})
    editing = bool(values.get("id"))
    customer_id = values.get("customer_id")
    lines = values.get("lines") or []
    lines_sum = sum((Decimal(row["subtotal"]) for row in lines), Decimal(0))
    if editing and lines and values["amount"] == lines_sum:
        # The amount still follows the lines: keep it that way while editing.
        values["amount"] = None
    actor = current_actor()
    with read_session() as session:
        choices = customer_choices(session, actor, None, include_id=customer_id)
        known = any(cid == customer_id for cid, _name in choices)
        related = customer_options(session, actor, customer_id if known else None)
        users = signer_choices(session)
        owners = [
            {"label": name, "value": str(uid)}
            for uid, name in assignable_users(session, actor)
        ]
        number_hint = preview(current_pattern(session, "contract"), local_today())
    if editing and customer_id and not known:
        choices.append((customer_id, values.get("customer") or ""))
    opportunities = related["opportunities"]
    if values.get("opportunity_id") and not any(
        o["value"] == values["opportunity_id"] for o in opportunities
    ):
        opportunities.append(
            {"value": values["opportunity_id"], "label": values.get("opportunity", "")}
        )
    owner_id = values.get("owner_id") or actor.user_id
    if not any(o["value"] == str(owner_id) for o in owners):
        owners.append({"label": values.get("owner") or "", "value": str(owner_id)})

    def text(
        name: str, label: str, *, required=False, width=6, help_text=None, **props
    ):
        value = values.get(name)
        control = dbc.Input(
            id=ids.field(name), value="" if value is None else str(value), **props
        )
        return make_field(
            label,
            control,
            ids.feedback(name),
            required=required,
            width=width,
            help_text=help_text,
        )

    def date(name: str, label: str, *, required=False, default=None):
        control = dbc.Input(
            id=ids.field(name),
            type="date",
            value=_date_value(values.get(name) or default),
        )
        return make_field(
            label, control, ids.feedback(name), required=required, width=4
        )

    def choice_field(
        name: str, label: str, options: list[dict], value, *, width=4, **kw
    ):
        control = dbc.Select(id=ids.field(name), options=options, value=value, **kw)
        return make_field(label, control, ids.feedback(name), width=width)

    frozen_help = None if editing else _("The customer cannot change later.")
    cancel = f"/contracts/{values['id']}" if editing else "/contracts"
    return html.Div(
        [
            dcc.Store(id=ids.CONTRACT_ID, data=values.get("id")),
            dcc.Store(id=ids.VERSION, data=values.get("version")),
            dbc.Card(
                dbc.CardBody(
                    [
                        dbc.Row(
                            [
                                make_field(
                                    _("Customer"),
                                    dcc.Dropdown(
                                        id=ids.field("customer_id"),
                                        options=[
                                            {"label": name, "value": cid}
                                            for cid, name in choices
                                        ],
                                        value=customer_id if known or editing else None,
                                        placeholder=_("Type to search customers"),
                                        disabled=editing,
                                        clearable=False,
                                    ),
                                    ids.feedback("customer_id"),
                                    required=True,
                                    width=6,
                                    help_text=frozen_help,
                                ),
                                choice_field(
                                    "opportunity_id",
                                    _("Opportunity"),
                                    choice_options(opportunities),
                                    _selected(values.get("opportunity_id")),
                                    width=6,
                                    disabled=editing,
                                ),
                                text(
                                    "name",
                                    _("Contract name"),
                                    required=True,
                                    maxLength=200,
                                ),
                                text(
                                    "number",
                                    _("Contract number"),
                                    width=3,
                                    maxLength=50,
                                    placeholder=number_hint or "",
                                    help_text=None
                                    if editing
                                    else _("Empty: generated on save."),
                                ),
                                text(
                                    "amount",
                                    _("Amount"),
                                    width=3,
                                    inputMode="decimal",
                                    placeholder="0.00",
                                    help_text=_(
                                        "Empty: the total of the product lines."
                                    ),
                                ),
                                date(
                                    "sign_date",
                                    _("Signing date"),
                                    required=True,
                                    default=None if editing else local_today(),
                                ),
                                date("start_date", _("Start date")),
                                date("end_date", _("End date")),
                                choice_field(
                                    "customer_signer_id",
                                    _("Customer signer"),
                                    choice_options(related["signers"]),
                                    _selected(values.get("customer_signer_id")),
                                ),
                                choice_field(
                                    "our_signer_id",
                                    _("Our signer"),
                                    choice_options(
                                        [{"value": u, "label": n} for u, n in users]
                                    ),
                                    _selected(values.get("our_signer_id")),
                                ),
                                choice_field(
                                    "owner_id", _("Owner"), owners, str(owner_id)
                                ),
                                make_textarea_field(
                                    _("Remark"),
                                    ids.field("remark"),
                                    ids.feedback("remark"),
                                    values.get("remark"),
                                    rows=2,
                                ),
                            ]
                        ),
                        html.H6(_("Product lines"), className="mt-2"),
                        make_line_items(ids.LINES_PREFIX, values.get("lines") or []),
                        html.Div(
                            id=ids.LINES_FEEDBACK,
                            className="invalid-feedback d-block mb-2",
                        ),
                        html.Div(id=ids.MESSAGE),
                        make_form_actions(
                            ids.SAVE,
                            cancel,
                            class_name="d-flex justify-content-end mt-3",
                        ),
                    ]
                )
            ),
        ],
        className="contract-form",
    )
