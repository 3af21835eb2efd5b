"""The customer form shared by the create and edit pages."""

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
from dashboard.ids import CustomerForm as ids
from dashboard.labels import STAGE_LABELS, STAGES
from dashboard.parsing import NO_CHOICE
from services import dictionaries
from services.org import assignable_users
from services.regions import city_options, province_options


def make_customer_form(values: dict | None = None) -> html.Div:
    """Empty form for create, or one filled from customer_detail() for edit."""
    values = values or {}
    actor = current_actor()
    language = current_language()
    with read_session() as session:
        sources, industries, levels = (
            dictionaries.options(
                session, kind, language, include_code=values.get(field)
            )
            for kind, field in (
                ("customer_source", "source"),
                ("industry", "industry"),
                ("customer_level", "level"),
            )
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

    def choice_field(
        name: str,
        label: str,
        options: list[dict],
        *,
        placeholder=None,
        width=6,
        value=None,
    ):
        opts = select_options(options, placeholder) if placeholder else options
        default = NO_CHOICE if placeholder else ""
        control = dbc.Select(
            id=ids.field(name),
            options=opts,
            value=value if value is not None else values.get(name) or default,
        )
        return make_field(label, control, ids.feedback(name), width=width)

    province = values.get("province") or ""
    return html.Div(
        [
            dcc.Store(id=ids.CUSTOMER_ID, data=values.get("id")),
            dcc.Store(id=ids.VERSION, data=values.get("version")),
            dbc.Card(
                dbc.CardBody(
                    [
                        html.H5(_("Basic information"), className="card-title mb-3"),
                        dbc.Row(
                            [
                                text(
                                    "name", _("Customer name"), required=True, width=12
                                ),
                                *make_channel_fields(text),
                                choice_field(
                                    "source",
                                    _("Source"),
                                    sources,
                                    placeholder=_("Not set"),
                                    width=4,
                                ),
                                choice_field(
                                    "industry",
                                    _("Industry"),
                                    industries,
                                    placeholder=_("Not set"),
                                    width=4,
                                ),
                                choice_field(
                                    "level",
                                    _("Level"),
                                    levels,
                                    placeholder=_("Not set"),
                                    width=4,
                                ),
                                choice_field(
                                    "stage",
                                    _("Stage"),
                                    [
                                        {"label": _(STAGE_LABELS[s]), "value": s}
                                        for s in STAGES
                                    ],
                                    width=4,
                                    value=values.get("stage") or "potential",
                                ),
                                choice_field(
                                    "owner_id",
                                    _("Owner"),
                                    owners,
                                    width=4,
                                    value=str(values.get("owner_id") or actor.user_id),
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
                            ]
                        ),
                        html.H5(_("Region and address"), className="card-title my-3"),
                        dbc.Row(
                            [
                                choice_field(
                                    "province",
                                    _("Province"),
                                    province_options(language),
                                    placeholder=_("Not set"),
                                    width=4,
                                ),
                                choice_field(
                                    "city",
                                    _("City"),
                                    city_options(province, language),
                                    placeholder=_("Not set"),
                                    width=4,
                                ),
                                text("district", _("District"), maxLength=50, width=4),
                                text("address", _("Address"), maxLength=300, width=12),
                            ]
                        ),
                        html.H5(_("Other"), className="card-title my-3"),
                        dbc.Row(
                            [
                                make_field(
                                    _("Tags"),
                                    dbc.Input(
                                        id=ids.field("tags"),
                                        value=", ".join(values.get("tags") or []),
                                        placeholder=_("Comma separated"),
                                    ),
                                    ids.feedback("tags"),
                                    width=12,
                                ),
                                make_textarea_field(
                                    _("Remark"),
                                    ids.field("remark"),
                                    ids.feedback("remark"),
                                    values.get("remark"),
                                ),
                            ]
                        ),
                        make_custom_inputs("customer", values.get("custom_values")),
                        dbc.Alert(
                            [
                                html.Div(
                                    _("Possible duplicates exist. Save anyway?"),
                                    className="fw-bold mb-2",
                                ),
                                html.Ul(id=ids.DUPLICATE_LIST),
                                dbc.Button(
                                    _("Save anyway"),
                                    id=ids.SAVE_ANYWAY,
                                    color="warning",
                                    size="sm",
                                ),
                            ],
                            id=ids.DUPLICATES,
                            color="warning",
                            is_open=False,
                        ),
                        html.Div(id=ids.MESSAGE),
                        make_form_actions(
                            ids.SAVE,
                            f"/customers/{values['id']}"
                            if values.get("id")
                            else "/customers",
                        ),
                    ]
                )
            ),
        ],
        className="customer-form",
    )
