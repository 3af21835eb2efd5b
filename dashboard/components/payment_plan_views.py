"""The payment plan editor of a contract (its "plan" tab) and the installment
rows shown there and on the installments page."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.detail_page import facts_row, make_confirm_modal
from dashboard.components.forms import make_field
from dashboard.i18n import _, format_date, format_money
from dashboard.ids import PaymentPlan as ids
from dashboard.labels import INSTALLMENT_STATE_LABELS

STATE_COLORS = {
    "paid": "success",
    "partly_paid": "info",
    "due_today": "warning",
    "overdue": "danger",
    "upcoming": "secondary",
}


def state_badge(state: str) -> dbc.Badge:
    return dbc.Badge(
        _(INSTALLMENT_STATE_LABELS.get(state, state)),
        color=STATE_COLORS.get(state, "secondary"),
        className=f"installment-state installment-{state}",
    )


def make_plan_tab(plan: dict) -> html.Div:
    """The whole tab: message line, plan body and the two dialogs."""
    return html.Div(
        [
            html.Div(id=ids.MESSAGE),
            html.Div(plan_body(plan), id=ids.BODY),
            _installment_modal(),
            _delete_modal(),
        ]
    )


def plan_body(plan: dict) -> html.Div:
    receivable = plan["receivable"]
    facts = [
        (_("Contract amount"), format_money(receivable["amount"])),
        (_("Planned"), format_money(plan["planned"])),
        (_("Not planned"), format_money(plan["unplanned"])),
        (_("Received"), format_money(receivable["paid"])),
        (_("Receivable balance"), html.Strong(format_money(receivable["balance"]))),
    ]
    add = (
        dbc.Button(
            [html.I(className="bi bi-plus-lg me-1"), _("Add installment")],
            id=ids.ADD,
            color="primary",
            size="sm",
        )
        if plan["editable"]
        else None
    )
    return html.Div(
        [
            html.Div(
                [facts_row(facts, id="payment-plan-summary"), add],
                className="d-flex justify-content-between align-items-end mb-3",
            ),
            _table(plan["installments"], plan["editable"]),
        ]
    )


def _row_actions(row: dict) -> list:
    locked = row["has_payments"]
    return [
        dbc.Button(
            html.I(className="bi bi-pencil"),
            id={"type": ids.EDIT, "index": row["id"]},
            color="link",
            size="sm",
            title=_("Edit"),
        ),
        dbc.Button(
            html.I(className="bi bi-trash"),
            id={"type": ids.DELETE, "index": row["id"]},
            color="link",
            size="sm",
            className="text-danger",
            disabled=locked,
            title=_("Payments are recorded against this installment")
            if locked
            else _("Delete"),
        ),
    ]


def _table(rows: list[dict], editable: bool) -> html.Div:
    if not rows:
        return html.P(_("No installments planned yet."), className="text-muted")
    headers = [
        _("No."),
        _("Due date"),
        _("Amount"),
        _("Collected"),
        _("Remaining"),
        _("State"),
        _("Remark"),
    ]
    if editable:
        headers.append("")
    body = []
    for row in rows:
        cells = [
            html.Td(row["sequence"]),
            html.Td(format_date(row["due_date"])),
            html.Td(format_money(row["amount"]), className="text-end"),
            html.Td(format_money(row["collected"]), className="text-end"),
            html.Td(format_money(row["remaining"]), className="text-end"),
            html.Td(state_badge(row["state"])),
            html.Td(row["remark"] or ""),
        ]
        if editable:
            cells.append(html.Td(_row_actions(row), className="text-nowrap"))
        body.append(html.Tr(cells, id=f"payment-plan-row-{row['sequence']}"))
    return dbc.Table(
        [html.Thead(html.Tr([html.Th(h) for h in headers])), html.Tbody(body)],
        size="sm",
        hover=True,
        className="payment-plan-table",
    )


def _installment_modal() -> dbc.Modal:
    return dbc.Modal(
        [
            dcc.Store(id=ids.INSTALLMENT_ID),
            dcc.Store(id=ids.VERSION),
            dbc.ModalHeader(dbc.ModalTitle(id=ids.MODAL_TITLE)),
            dbc.ModalBody(
                dbc.Row(
                    [
                        make_field(
                            _("Due date"),
                            dbc.Input(id=ids.field("due_date"), type="date"),
                            ids.feedback("due_date"),
                            required=True,
                        ),
                        make_field(
                            _("Amount (CNY)"),
                            dbc.Input(
                                id=ids.field("amount"),
                                inputMode="decimal",
                                maxLength=20,
                            ),
                            ids.feedback("amount"),
                            required=True,
                        ),
                        make_field(
                            _("Remark"),
                            dbc.Input(id=ids.field("remark"), maxLength=500),
                            ids.feedback("remark"),
                            width=12,
                        ),
                    ]
                )
            ),
            dbc.ModalFooter(
                [
                    dbc.Button(_("Cancel"), id=ids.CANCEL, color="secondary"),
                    dbc.Button(_("Save"), id=ids.SAVE, color="primary"),
                ]
            ),
        ],
        id=ids.MODAL,
        is_open=False,
    )


def _delete_modal() -> dbc.Modal:
    return make_confirm_modal(
        ids.DELETE_MODAL,
        ids.DELETE_CANCEL,
        ids.DELETE_CONFIRM,
        title=_("Delete this installment?"),
        body=_("The installment is removed from the payment plan."),
        confirm_label=_("Delete"),
        before=(dcc.Store(id=ids.DELETE_TARGET),),
    )
