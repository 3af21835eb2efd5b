"""The opportunity form shared by the create and edit pages: customer first, then
only that customer's contacts, the deal fields and the product line editor."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.custom_fields import make_custom_inputs
from dashboard.components.form_parts import make_form_actions, make_textarea_field
from dashboard.components.forms import make_field, select_options
from dashboard.components.line_items import make_line_items
from dashboard.context import current_actor, read_session
from dashboard.i18n import _, current_language
from dashboard.ids import OpportunityForm as ids
from dashboard.parsing import NO_CHOICE
from services.contacts import customer_contacts
from services.customers import customer_choices
from services.errors import ServiceError
from services.opportunity_stages import list_stages, stage_label
from services.org import assignable_users


def contact_options(rows: list[dict]) -> list[dict]:
    return [{"label": row["name"], "value": row["id"]} for row in rows]


def make_opportunity_form(
    values: dict | None = None, customer_id: int | None = None
) -> html.Div:
    """Empty form (optionally for one customer) or one filled from
    opportunity_detail() for edit."""
    values = values or {}
    editing = bool(values.get("id"))
    customer_id = values.get("customer_id") or customer_id
    actor = current_actor()
    language = current_language()
    with read_session() as session:
        choices = customer_choices(session, actor, None, include_id=customer_id)
        known = any(cid == customer_id for cid, _name in choices)
        if editing:
            contacts = values["customer_contacts"]
        elif known:
            try:
                contacts = customer_contacts(session, actor, customer_id)
            except ServiceError:
                contacts = []
        else:
            contacts = []
        stages = [
            s
            for s in list_stages(session, active_only=False)
            if s.outcome == "open" and (s.is_active or s.id == values.get("stage_id"))
        ]
        owners = [
            {"label": name, "value": str(uid)}
            for uid, name in assignable_users(session, actor)
        ]
    closed = editing and values.get("status") != "open"
    stage_options = [
        {"label": stage_label(s, language), "value": str(s.id)} for s in stages
    ]
    if closed:
        stage_options = [{"label": _("Closed"), "value": str(values["stage_id"])}]
    if (
        editing
        and values.get("owner_id")
        and not any(o["value"] == str(values["owner_id"]) for o in owners)
    ):
        owners.append({"label": values["owner"], "value": str(values["owner_id"])})

    def text(name: str, label: str, *, required=False, width=6, **props):
        value = values.get(name)
        control = dbc.Input(
            id=ids.field(name),
            value="" if value is None else str(value),
            **props,
        )
        return make_field(
            label, control, ids.feedback(name), required=required, width=width
        )

    cancel = f"/opportunities/{values['id']}" if editing else "/opportunities"
    close_date = values.get("expected_close_date")
    return html.Div(
        [
            dcc.Store(id=ids.OPPORTUNITY_ID, data=values.get("id")),
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
                                        value=customer_id if known else None,
                                        placeholder=_("Type to search customers"),
                                        disabled=editing,
                                        clearable=False,
                                    ),
                                    ids.feedback("customer_id"),
                                    required=True,
                                    width=6,
                                    help_text=None
                                    if editing
                                    else _("The customer cannot change later."),
                                ),
                                make_field(
                                    _("Contacts"),
                                    dcc.Dropdown(
                                        id=ids.field("contact_ids"),
                                        options=contact_options(contacts),
                                        value=list(values.get("contact_ids") or []),
                                        multi=True,
                                        placeholder=_("Contacts of this customer"),
                                    ),
                                    ids.feedback("contact_ids"),
                                    width=6,
                                ),
                                text(
                                    "name",
                                    _("Opportunity name"),
                                    required=True,
                                    maxLength=200,
                                ),
                                make_field(
                                    _("Amount"),
                                    dbc.Input(
                                        id=ids.field("amount"),
                                        value=""
                                        if values.get("amount") is None
                                        else str(values["amount"]),
                                        inputMode="decimal",
                                        placeholder="0.00",
                                    ),
                                    ids.feedback("amount"),
                                    width=3,
                                    help_text=_(
                                        "Empty: the total of the product lines."
                                    ),
                                ),
                                make_field(
                                    _("Expected close date"),
                                    dbc.Input(
                                        id=ids.field("expected_close_date"),
                                        type="date",
                                        value=close_date.isoformat()
                                        if close_date
                                        else "",
                                    ),
                                    ids.feedback("expected_close_date"),
                                    width=3,
                                ),
                                make_field(
                                    _("Stage"),
                                    dbc.Select(
                                        id=ids.field("stage_id"),
                                        options=stage_options,
                                        value=str(values["stage_id"])
                                        if values.get("stage_id")
                                        else (
                                            stage_options[0]["value"]
                                            if stage_options
                                            else ""
                                        ),
                                        disabled=closed,
                                    ),
                                    ids.feedback("stage_id"),
                                    required=True,
                                    width=4,
                                ),
                                make_field(
                                    _("Owner"),
                                    dbc.Select(
                                        id=ids.field("owner_id"),
                                        options=owners
                                        if editing
                                        else select_options(
                                            owners, _("The customer's owner")
                                        ),
                                        value=str(values["owner_id"])
                                        if values.get("owner_id")
                                        else NO_CHOICE,
                                    ),
                                    ids.feedback("owner_id"),
                                    width=4,
                                ),
                                make_textarea_field(
                                    _("Remark"),
                                    ids.field("remark"),
                                    ids.feedback("remark"),
                                    values.get("remark"),
                                ),
                            ]
                        ),
                        make_custom_inputs("opportunity", values.get("custom_values")),
                        html.H6(_("Product lines"), className="mt-2"),
                        make_line_items(ids.LINES_PREFIX, values.get("lines") or []),
                        html.Div(
                            id=ids.feedback("lines"),
                            className="invalid-feedback d-block",
                        ),
                        html.Div(id=ids.MESSAGE, className="mt-2"),
                        make_form_actions(
                            ids.SAVE,
                            cancel,
                            class_name="d-flex justify-content-end mt-3",
                        ),
                    ]
                )
            ),
        ],
        className="opportunity-form",
    )
