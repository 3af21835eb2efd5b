"""Read-only renderings of contracts: status badge, detail header, information
grid, the contracts table of customer / opportunity pages, the operation log,
and the detail page's action buttons and dialogs."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard.components.customer_views import change_lines
from dashboard.components.detail_page import (
    action_button,
    audit_items,
    facts_row,
    info_grid,
    make_confirm_modal,
)
from dashboard.components.forms import make_field
from dashboard.i18n import _, format_date, format_datetime, format_money
from dashboard.ids import ContractDetail as ids
from dashboard.labels import ACTION_LABELS, CONTRACT_STATUS_LABELS, FIELD_LABELS

STATUS_COLORS = {
    "draft": "secondary",
    "pending": "warning",
    "approved": "success",
    "rejected": "danger",
    "voided": "dark",
}
# Grid cell classes per status (AG Grid cellClassRules).
STATUS_CELL_CLASSES = {
    "text-secondary": "params.data.status == 'draft'",
    "text-warning fw-semibold": "params.data.status == 'pending'",
    "text-success fw-semibold": "params.data.status == 'approved'",
    "text-danger": "params.data.status == 'rejected'",
    "text-muted text-decoration-line-through": "params.data.status == 'voided'",
}
# Log entries whose before/after are shown as field changes.
CHANGE_ACTIONS = {"contract.update", "contract.void", "contract.transfer"}


def status_label(status: str) -> str:
    return _(CONTRACT_STATUS_LABELS.get(status, status))


def status_badge(status: str, **props) -> dbc.Badge:
    return dbc.Badge(
        status_label(status),
        color=STATUS_COLORS.get(status, "secondary"),
        className="ms-2 contract-status",
        **props,
    )


def money(value) -> str:
    return format_money(value) or "—"


def actions(contract_id: str) -> html.Div:
    """Every action button; the load callback shows the ones that apply and the
    callbacks re-check state and permissions."""
    return html.Div(
        [
            action_button(
                ids.EDIT,
                "pencil",
                _("Edit"),
                "primary",
                href=f"/contracts/{contract_id}/edit",
            ),
            action_button(
                ids.RECORD_PAYMENT,
                "cash-coin",
                _("Record payment"),
                "success",
                href=f"/payments/new?contract_id={contract_id}",
            ),
            action_button(ids.VOID, "slash-circle", _("Void"), "danger", outline=True),
            action_button(ids.DELETE, "trash", _("Delete"), "danger", outline=True),
        ],
        className="detail-actions",
    )


def _link(text: str, href: str, visible: bool, **props):
    if not text:
        return "—"
    return html.A(text, href=href, **props) if visible else html.Span(text)


def header(detail: dict) -> html.Div:
    customer = _link(
        detail["customer"],
        f"/customers/{detail['customer_id']}",
        detail["customer_visible"],
        id="contract-detail-customer-link",
    )
    opportunity = _link(
        detail["opportunity"],
        f"/opportunities/{detail['opportunity_id']}",
        detail["in_scope"],
        id="contract-detail-opportunity-link",
    )
    facts = [
        (_("Customer"), customer, None),
        (_("Opportunity"), opportunity, None),
        (_("Amount"), money(detail["amount"]), "contract-detail-amount"),
        (_("Paid"), money(detail["paid_amount"]), "contract-detail-paid"),
        (_("Receivable"), money(detail["receivable"]), "contract-detail-receivable"),
        (_("Signing date"), format_date(detail["sign_date"]) or "—", None),
        (_("Owner"), detail["owner"] or "—", None),
    ]
    notice = None
    if detail["status"] == "voided":
        notice = dbc.Alert(
            [
                html.I(className="bi bi-slash-circle me-2"),
                _(
                    "Voided by {name} on {at}: {reason}",
                    name=detail["voided_by"],
                    at=format_datetime(detail["voided_at"]),
                    reason=detail["void_reason"] or "",
                ),
            ],
            color="dark",
            className="mt-3 mb-0",
            id="contract-detail-voided",
        )
    elif not detail["in_scope"]:
        notice = dbc.Alert(
            _("You see this contract as one of its approvers."),
            color="info",
            className="mt-3 mb-0",
        )
    return html.Div(
        [
            html.Div(detail["number"], className="text-muted small"),
            html.H2(
                [
                    detail["name"],
                    status_badge(detail["status"], id="contract-detail-status"),
                ],
                className="page-title mb-0",
                id="contract-detail-name",
            ),
            facts_row(
                (
                    label,
                    html.Span(value, id=value_id) if value_id else html.Span(value),
                )
                for label, value, value_id in facts
            ),
            notice,
        ]
    )


def info(detail: dict) -> dbc.Row:
    items = [
        (_("Number"), detail["number"]),
        (_("Name"), detail["name"]),
        (_("Status"), status_label(detail["status"])),
        (_("Customer"), detail["customer"]),
        (_("Opportunity"), detail["opportunity"]),
        (_("Amount"), money(detail["amount"])),
        (_("Signing date"), format_date(detail["sign_date"])),
        (_("Start date"), format_date(detail["start_date"])),
        (_("End date"), format_date(detail["end_date"])),
        (_("Customer signer"), detail["customer_signer"]),
        (_("Our signer"), detail["our_signer"]),
        (_("Owner"), detail["owner"]),
        (_("Remark"), detail["remark"]),
    ]
    if detail["approved_at"]:
        items += [
            (_("Approved"), format_datetime(detail["approved_at"])),
            (
                _("Owner at approval"),
                " · ".join(
                    n for n in (detail["approved_owner"], detail["approved_team"]) if n
                ),
            ),
        ]
    items += audit_items(detail)
    return info_grid(items)


def related_table(rows: list[dict], new_href: str | None, new_id: str) -> html.Div:
    """Contracts of a customer or an opportunity, with a "New contract" button."""
    button = (
        dbc.Button(
            [html.I(className="bi bi-plus-lg me-1"), _("New contract")],
            href=new_href,
            id=new_id,
            color="primary",
            size="sm",
            className="mb-3",
        )
        if new_href
        else None
    )
    if not rows:
        return html.Div(
            [button, html.P(_("No contracts yet."), className="text-muted")]
        )
    headers = ("Number", "Name", "Amount", "Paid", "Receivable", "Status", "Signed")
    table = dbc.Table(
        [
            html.Thead(html.Tr([html.Th(_(h)) for h in headers])),
            html.Tbody(
                [
                    html.Tr(
                        [
                            html.Td(html.A(r["number"], href=f"/contracts/{r['id']}")),
                            html.Td(r["name"]),
                            html.Td(money(r["amount"]), className="text-end"),
                            html.Td(money(r["paid_amount"]), className="text-end"),
                            html.Td(money(r["receivable"]), className="text-end"),
                            html.Td(status_badge(r["status"])),
                            html.Td(format_date(r["sign_date"])),
                        ]
                    )
                    for r in rows
                ]
            ),
        ],
        hover=True,
        size="sm",
        className="related-contracts",
    )
    return html.Div([button, table])


def _entry_details(entry: dict) -> list:
    if entry["action"] in CHANGE_ACTIONS:
        before = {k: v for k, v in entry["before"].items() if k != "lines"}
        after = {k: v for k, v in entry["after"].items() if k != "lines"}
        lines = change_lines(before, after)
        if "lines" in entry["after"]:
            label = FIELD_LABELS["lines"]
            lines.append(html.Div(_(label), className="small"))
        return lines
    reason = entry["after"].get("reason")
    return [html.Div(reason, className="small")] if reason else []


def operation_log(entries: list[dict]) -> html.Div:
    """The contract's audit trail, newest first."""
    if not entries:
        return html.P(_("No operations recorded."), className="text-muted")
    return html.Ul(
        [
            html.Li(
                [
                    html.Div(
                        [
                            html.Strong(
                                _(ACTION_LABELS.get(entry["action"], entry["action"]))
                            ),
                            html.Span(
                                f" · {entry['actor'] or _('System')} · "
                                f"{format_datetime(entry['at'])}",
                                className="text-muted small",
                            ),
                        ]
                    ),
                    *_entry_details(entry),
                ],
                className="list-group-item",
            )
            for entry in entries
        ],
        className="list-group list-group-flush contract-log",
    )


def make_dialogs() -> list:
    """The void dialog (reason required) and the delete confirmation."""
    void = make_confirm_modal(
        ids.VOID_MODAL,
        ids.VOID_CANCEL,
        ids.VOID_CONFIRM,
        title=_("Void this contract?"),
        body=[
            html.P(
                _(
                    "A voided contract no longer counts. It cannot be "
                    "edited or approved again: issue a new contract instead."
                )
            ),
            dbc.Row(
                make_field(
                    _("Reason"),
                    dbc.Textarea(id=ids.VOID_REASON, rows=3, maxLength=1000),
                    ids.VOID_REASON_FEEDBACK,
                    required=True,
                    width=12,
                )
            ),
        ],
        confirm_label=_("Void"),
    )
    remove = make_confirm_modal(
        ids.DELETE_MODAL,
        ids.DELETE_CANCEL,
        ids.DELETE_CONFIRM,
        title=_("Delete this draft contract?"),
        body=_("The draft and its product lines are deleted for good."),
        confirm_label=_("Delete"),
    )
    return [void, remove]
