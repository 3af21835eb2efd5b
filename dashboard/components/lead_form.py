"""The lead form shared by the create and edit pages."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.custom_fields import make_custom_inputs
from dashboard.components.form_parts import (
    make_channel_fields,
    make_form_actions,
    make_textarea_field,
)
from dashboard.components.forms import make_field, select_options
from dashboard.context import current_actor, read_session
from dashboard.i18n import _, current_language, datetime_local_value
from dashboard.ids import LeadForm as ids
from dashboard.labels import LEAD_STATUS_LABELS
from dashboard.parsing import NO_CHOICE
from models.lead import EDITABLE_LEAD_STATUSES
from services import dictionaries
from services.org import assignable_users


def make_lead_form(values: dict | None = None) -> html.Div:
    """Empty form for create, or one filled from lead_detail() for edit."""
    values = values or {}
    actor = current_actor()
    with read_session() as session:
        sources = dictionaries.options(
            session,
            "customer_source",
            current_language(),
            include_code=values.get("source"),
        )
        owners = [
            {"label": name, "value": str(uid)}
            for uid, name in assignable_users(session, actor)
        ]

    def text(name: str, label: str, *, required=False, width=6, **props):
        control = dbc.Input(
            id=ids.field(name),
            value=values.get(name) or "",
            maxLength=props.pop("maxLength", 200),
            **props,
        )
        return make_field(
            label, control, ids.feedback(name), required=required, width=width
        )

    def choice_field(name: str, label: str, options: list[dict], value: str, width=4):
        control = dbc.Select(id=ids.field(name), options=options, value=value)
        return make_field(label, control, ids.feedback(name), width=width)

    cancel = f"/leads/{values['id']}" if values.get("id") else "/leads"
    return html.Div(
        [
            dcc.Store(id=ids.LEAD_ID, data=values.get("id")),
            dcc.Store(id=ids.VERSION, data=values.get("version")),
            dbc.Card(
                dbc.CardBody(
                    [
                        dbc.Row(
                            [
                                text("name", _("Name"), required=True, maxLength=100),
                                text("company", _("Company")),
                                *make_channel_fields(text),
                                choice_field(
                                    "source",
                                    _("Source"),
                                    select_options(sources, _("Not set")),
                                    values.get("source") or NO_CHOICE,
                                ),
                                choice_field(
                                    "status",
                                    _("Status"),
                                    [
                                        {"label": _(LEAD_STATUS_LABELS[s]), "value": s}
                                        for s in EDITABLE_LEAD_STATUSES
                                    ],
                                    values.get("status") or "new",
                                ),
                                choice_field(
                                    "owner_id",
                                    _("Owner"),
                                    owners,
                                    str(values.get("owner_id") or actor.user_id),
                                ),
                                make_field(
                                    _("Next follow-up"),
                                    dbc.Input(
                                        id=ids.field("next_followup_at"),
                                        type="datetime-local",
                                        value=datetime_local_value(
                                            values.get("next_followup_at")
                                        ),
                                    ),
                                    ids.feedback("next_followup_at"),
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
                        make_custom_inputs("lead", values.get("custom_values")),
                        html.Div(id=ids.MESSAGE),
                        make_form_actions(ids.SAVE, cancel),
                    ]
                )
            ),
        ],
        className="lead-form",
    )
