"""The contact form shared by the create and edit pages."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.custom_fields import make_custom_inputs
from dashboard.components.form_parts import make_form_actions, make_textarea_field
from dashboard.components.forms import make_field
from dashboard.context import current_actor, read_session
from dashboard.i18n import _
from dashboard.ids import ContactForm as ids
from services.customers import customer_choices


def make_contact_form(values: dict | None = None, customer_id: int | None = None):
    """Empty form (optionally for one customer) or one filled from contact_detail()."""
    values = values or {}
    customer_id = values.get("customer_id") or customer_id
    with read_session() as session:
        choices = customer_choices(
            session, current_actor(), None, include_id=customer_id
        )
    editing = bool(values.get("id"))

    def text(name: str, label: str, *, required=False, width=6, **props):
        control = dbc.Input(
            id=ids.field(name),
            value=values.get(name) or "",
            maxLength=props.pop("maxLength", 100),
            **props,
        )
        return make_field(
            label, control, ids.feedback(name), required=required, width=width
        )

    customer_picker = dcc.Dropdown(
        id=ids.field("customer_id"),
        options=[{"label": name, "value": cid} for cid, name in choices],
        value=customer_id if any(cid == customer_id for cid, _n in choices) else None,
        placeholder=_("Type to search customers"),
        disabled=editing,
        clearable=False,
    )
    return html.Div(
        [
            dcc.Store(id=ids.CONTACT_ID, data=values.get("id")),
            dcc.Store(id=ids.VERSION, data=values.get("version")),
            dbc.Card(
                dbc.CardBody(
                    [
                        dbc.Row(
                            [
                                make_field(
                                    _("Customer"),
                                    customer_picker,
                                    ids.feedback("customer_id"),
                                    required=True,
                                    width=12,
                                    help_text=_("The customer cannot change later.")
                                    if not editing
                                    else None,
                                ),
                                text("name", _("Name"), required=True),
                                text("title", _("Title")),
                                text("mobile", _("Mobile"), maxLength=30, width=4),
                                text("phone", _("Phone"), maxLength=30, width=4),
                                text(
                                    "email",
                                    _("Email"),
                                    type="email",
                                    maxLength=200,
                                    width=4,
                                ),
                                make_field(
                                    _("Birthday"),
                                    dbc.Input(
                                        id=ids.field("birthday"),
                                        type="date",
                                        value=values["birthday"].isoformat()
                                        if values.get("birthday")
                                        else "",
                                    ),
                                    ids.feedback("birthday"),
                                    width=4,
                                ),
                                make_field(
                                    _("Primary contact"),
                                    dbc.Checkbox(
                                        id=ids.field("is_primary"),
                                        value=bool(values.get("is_primary")),
                                        label=_(
                                            "This is the customer's primary contact"
                                        ),
                                    ),
                                    ids.feedback("is_primary"),
                                    width=8,
                                ),
                                make_textarea_field(
                                    _("Remark"),
                                    ids.field("remark"),
                                    ids.feedback("remark"),
                                    values.get("remark"),
                                ),
                            ]
                        ),
                        make_custom_inputs("contact", values.get("custom_values")),
                        html.Div(id=ids.MESSAGE),
                        make_form_actions(
                            ids.SAVE,
                            f"/contacts/{values['id']}" if editing else "/contacts",
                        ),
                    ]
                )
            ),
        ]
    )
