"""Read-only renderings of a lead (header, info grid, log), its follow-up form
and the convert-to-customer dialog."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.customer_views import change_lines
from dashboard.components.detail_page import (
    action_button,
    audit_items,
    facts_row,
    info_grid,
    log_table,
)
from dashboard.components.forms import make_field, select_options
from dashboard.context import current_actor, read_session
from dashboard.i18n import _, current_language, format_datetime, format_number
from dashboard.ids import LeadConvert, LeadDetail
from dashboard.labels import LEAD_FIELD_LABELS, LEAD_STATUS_LABELS
from dashboard.parsing import NO_CHOICE
from services import dictionaries
from services.org import assignable_users

STATUS_COLORS = {
    "new": "secondary",
    "contacted": "info",
    "qualified": "primary",
    "unqualified": "warning",
    "converted": "success",
}
FOLLOWUP_FIELDS = ("followup_type", "content", "occurred_at", "next_followup_at")


def status_badge(status: str) -> dbc.Badge:
    return dbc.Badge(
        _(LEAD_STATUS_LABELS.get(status, status)),
        color=STATUS_COLORS.get(status, "secondary"),
        className="ms-2",
    )


def actions(lead_id: str) -> html.Div:
    """Every action button; the load callback shows the ones that apply and the
    callbacks re-check scope and state."""
    return html.Div(
        [
            action_button(
                LeadDetail.EDIT,
                "pencil",
                _("Edit"),
                "primary",
                href=f"/leads/{lead_id}/edit",
            ),
            action_button(
                LeadDetail.CONVERT, "arrow-right-circle", _("Convert"), "success"
            ),
            action_button(
                LeadDetail.RELEASE, "inboxes", _("Release to pool"), "secondary"
            ),
            action_button(LeadDetail.CLAIM, "hand-index", _("Claim"), "primary"),
            action_button(
                LeadDetail.DELETE, "trash", _("Delete"), "danger", outline=True
            ),
        ],
        className="detail-actions",
    )


def header(detail: dict, labels: dict) -> html.Div:
    facts = [
        (_("Owner"), detail["owner"] or _("Lead pool")),
        (_("Company"), detail["company"] or "—"),
        (_("Mobile"), detail["mobile"] or "—"),
        (_("Source"), labels.get(("customer_source", detail["source"]), "—")),
        (_("Last follow-up"), format_datetime(detail["last_followup_at"]) or "—"),
        (_("Next follow-up"), format_datetime(detail["next_followup_at"]) or "—"),
    ]
    notice = None
    if detail["status"] == "converted":
        customer = detail["converted_customer"] or _("(deleted)")
        link = (
            html.A(
                customer,
                href=f"/customers/{detail['converted_customer_id']}",
                id="lead-detail-customer-link",
            )
            if detail["converted_customer_visible"]
            else html.Strong(customer)
        )
        notice = dbc.Alert(
            [
                html.I(className="bi bi-check-circle me-2"),
                _("Converted to customer"),
                " ",
                link,
                html.Span(
                    f" · {detail['converted_by']} · "
                    f"{format_datetime(detail['converted_at'])}",
                    className="text-muted",
                ),
            ],
            color="success",
            className="mt-3 mb-0",
            id="lead-detail-converted",
        )
    elif detail["in_pool"]:
        notice = dbc.Alert(
            _("This lead is in the lead pool: claim it before changing it."),
            color="info",
            className="mt-3 mb-0",
            id="lead-detail-in-pool",
        )
    return html.Div(
        [
            html.H2(
                [detail["name"], status_badge(detail["status"])],
                className="page-title mb-0",
                id="lead-detail-name",
            ),
            facts_row(facts),
            notice,
        ]
    )


def info(detail: dict, labels: dict) -> dbc.Row:
    rows = [
        ("name", detail["name"]),
        ("company", detail["company"]),
        ("mobile", detail["mobile"]),
        ("phone", detail["phone"]),
        ("email", detail["email"]),
        ("source", labels.get(("customer_source", detail["source"]), "")),
        ("status", _(LEAD_STATUS_LABELS.get(detail["status"], detail["status"]))),
        ("last_owner_id", detail["last_owner"]),
        ("remark", detail["remark"]),
    ]
    if detail["opportunity_name"]:
        rows += [
            ("opportunity_name", detail["opportunity_name"]),
            ("opportunity_amount", format_number(detail["opportunity_amount"])),
        ]
    items = [(_(LEAD_FIELD_LABELS[k]), v) for k, v in rows]
    return info_grid(items + audit_items(detail))


def operation_log(entries: list[dict]) -> html.Div:
    return log_table(
        entries,
        lambda e: (
            change_lines(e["before"], e["after"])
            if e["action"] == "lead.update"
            else ""
        ),
    )


def make_convert_dialog() -> dbc.Modal:
    """Convert to customer: owner, customer overrides, contact, opportunity."""
    language = current_language()
    with read_session() as session:
        industries = dictionaries.options(session, "industry", language)
        levels = dictionaries.options(session, "customer_level", language)
        owners = [
            {"label": name, "value": str(uid)}
            for uid, name in assignable_users(session, current_actor())
        ]
    ids = LeadConvert

    def text(name, label, *, required=False, width=6, **props):
        control = dbc.Input(id=ids.field(name), value="", **props)
        return make_field(
            label, control, ids.feedback(name), required=required, width=width
        )

    def choice_field(name, label, options, *, value, width=4):
        control = dbc.Select(id=ids.field(name), options=options, value=value)
        return make_field(label, control, ids.feedback(name), width=width)

    return dbc.Modal(
        [
            dcc.Store(id=ids.VERSION),
            dbc.ModalHeader(dbc.ModalTitle(_("Convert to customer"))),
            dbc.ModalBody(
                [
                    dbc.Row(
                        [
                            choice_field(
                                "owner_id",
                                _("Owner"),
                                owners,
                                value=str(current_actor().user_id),
                            ),
                            text(
                                "customer_name",
                                _("Customer name"),
                                required=True,
                                width=8,
                                maxLength=200,
                            ),
                            choice_field(
                                "industry",
                                _("Industry"),
                                select_options(industries, _("Not set")),
                                value=NO_CHOICE,
                                width=6,
                            ),
                            choice_field(
                                "level",
                                _("Level"),
                                select_options(levels, _("Not set")),
                                value=NO_CHOICE,
                                width=6,
                            ),
                        ]
                    ),
                    dbc.Checkbox(
                        id=ids.CREATE_CONTACT,
                        value=True,
                        label=_("Create the primary contact"),
                        className="mb-2",
                    ),
                    dbc.Row(
                        [
                            text("contact_name", _("Contact name"), maxLength=100),
                            text("contact_title", _("Title"), maxLength=100),
                        ]
                    ),
                    html.H6(_("Opportunity (optional)"), className="mt-2"),
                    dbc.Row(
                        [
                            text(
                                "opportunity_name",
                                _("Opportunity"),
                                width=8,
                                maxLength=200,
                            ),
                            text(
                                "opportunity_amount",
                                _("Amount"),
                                width=4,
                                inputMode="decimal",
                            ),
                        ]
                    ),
                    dbc.Alert(
                        [
                            html.Div(
                                _("Possible duplicates exist. Save anyway?"),
                                className="fw-bold mb-2",
                            ),
                            html.Ul(id=ids.DUPLICATE_LIST),
                            dbc.Button(
                                _("Convert anyway"),
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
                ]
            ),
            dbc.ModalFooter(
                [
                    dbc.Button(_("Cancel"), id=ids.CANCEL, color="secondary"),
                    dbc.Button(
                        [
                            html.I(className="bi bi-arrow-right-circle me-1"),
                            _("Convert"),
                        ],
                        id=ids.SAVE,
                        color="success",
                    ),
                ]
            ),
        ],
        id=ids.MODAL,
        is_open=False,
        size="lg",
    )
