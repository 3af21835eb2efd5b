"""The approval panel contract and payment detail pages embed: status, steps with
their approvers and decisions, the approval log, and the actions the user may
take. Its callbacks (dashboard/callbacks/approval_panel.py) fill it and act
through the engine; after each action they bump the CHANGED store so the host
page reloads its header."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.i18n import _, format_datetime
from dashboard.ids import ApprovalPanel, ApprovalPanelParts
from dashboard.labels import (
    APPROVAL_LOG_ACTION_LABELS,
    APPROVAL_OBJECT_STATUS_LABELS,
    APPROVAL_REQUEST_STATUS_LABELS,
    APPROVAL_STEP_STATUS_LABELS,
    FLOW_MODE_LABELS,
    STEP_MODE_LABELS,
)
from services.approvals import ApprovalState

STATUS_COLORS = {
    "draft": "secondary",
    "pending": "warning",
    "approved": "success",
    "rejected": "danger",
    "voided": "dark",
    "withdrawn": "secondary",
    "waiting": "light",
    "active": "primary",
    "cancelled": "light",
}
DECISION_ICONS = {
    "approved": ("check-circle-fill", "text-success"),
    "rejected": ("x-circle-fill", "text-danger"),
    None: ("hourglass-split", "text-muted"),
}


def part(kind: str, object_type: str) -> dict:
    return {"type": kind, "index": object_type}


def _button(kind: str, object_type: str, icon: str, label: str, color: str, **props):
    return dbc.Button(
        [html.I(className=f"bi bi-{icon} me-1"), label],
        id=part(kind, object_type),
        color=color,
        size="sm",
        className="me-2",
        style={"display": "none"},
        **props,
    )


def _reject_modal(object_type: str) -> dbc.Modal:
    parts = ApprovalPanelParts
    return dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle(_("Reject"))),
            dbc.ModalBody(
                [
                    dbc.Label(
                        [_("Reason"), html.Span(" *", className="text-danger")],
                        html_for=f"approval-reason-{object_type}",
                    ),
                    dbc.Textarea(id=part(parts.REASON, object_type), maxLength=1000),
                    html.Div(
                        id=part(parts.REASON_FEEDBACK, object_type),
                        className="invalid-feedback d-block",
                    ),
                    html.P(
                        _("The record goes back to the submitter with your reason."),
                        className="text-muted small mt-2 mb-0",
                    ),
                ]
            ),
            dbc.ModalFooter(
                [
                    dbc.Button(
                        _("Cancel"),
                        id=part(parts.REJECT_CANCEL, object_type),
                        color="secondary",
                    ),
                    dbc.Button(
                        _("Reject"),
                        id=part(parts.REJECT_CONFIRM, object_type),
                        color="danger",
                    ),
                ]
            ),
        ],
        id=part(parts.REJECT_MODAL, object_type),
        is_open=False,
    )


def make_approval_panel(object_type: str, object_id: int | str) -> html.Div:
    """The panel for one object; its content loads through a callback."""
    parts = ApprovalPanelParts
    return html.Div(
        [
            dcc.Store(id=part(ApprovalPanel.CHANGED, object_type), data=0),
            dcc.Store(id=part(parts.OBJECT_ID, object_type), data=str(object_id)),
            dcc.Store(id=part(parts.LOADED, object_type)),
            html.Div(id=part(parts.MESSAGE, object_type)),
            html.Div(id=part(parts.BODY, object_type)),
            html.Div(
                [
                    dbc.Label(
                        id=part(parts.PICKER_LABEL, object_type), className="mb-1"
                    ),
                    dcc.Dropdown(
                        id=part(parts.PICKER, object_type),
                        multi=True,
                        options=[],
                        placeholder=_("Choose approvers"),
                    ),
                    html.Div(
                        id=part(parts.PICKER_FEEDBACK, object_type),
                        className="invalid-feedback d-block",
                    ),
                ],
                id=part(parts.PICKER_BOX, object_type),
                className="mb-2",
                style={"display": "none"},
            ),
            html.Div(
                [
                    dbc.Label(_("Comment"), className="mb-1"),
                    dbc.Textarea(
                        id=part(parts.COMMENT, object_type), maxLength=1000, rows=2
                    ),
                    html.Div(
                        id=part(parts.COMMENT_FEEDBACK, object_type),
                        className="invalid-feedback d-block",
                    ),
                ],
                id=part(parts.COMMENT_BOX, object_type),
                className="mb-2",
                style={"display": "none"},
            ),
            html.Div(
                [
                    _button(parts.SUBMIT, object_type, "send", _("Submit"), "primary"),
                    _button(
                        parts.APPROVE, object_type, "check-lg", _("Approve"), "success"
                    ),
                    _button(parts.REJECT, object_type, "x-lg", _("Reject"), "danger"),
                    _button(
                        parts.WITHDRAW,
                        object_type,
                        "arrow-counterclockwise",
                        _("Withdraw"),
                        "secondary",
                        outline=True,
                    ),
                ],
                id=part(parts.ACTIONS, object_type),
                className="mb-3",
            ),
            _reject_modal(object_type),
        ],
        className="approval-panel",
    )


# --- rendering of the state -------------------------------------------------------


def _badge(status: str, labels: dict) -> dbc.Badge:
    return dbc.Badge(
        _(labels.get(status, status)),
        color=STATUS_COLORS.get(status, "secondary"),
        className="ms-1",
    )


def _summary(state: ApprovalState) -> html.Div:
    facts = [
        html.Span(
            [
                _("Status"),
                ": ",
                _badge(state.object_status, APPROVAL_OBJECT_STATUS_LABELS),
            ],
            className="me-4",
        )
    ]
    request = state.request
    if request is not None:
        facts += [
            html.Span(
                [
                    _("Approval"),
                    ": ",
                    _badge(request.status, APPROVAL_REQUEST_STATUS_LABELS),
                ],
                className="me-4",
            ),
            html.Span(
                f"{_('Flow')}: {request.flow_name or '—'} "
                f"({_(FLOW_MODE_LABELS.get(request.flow_mode, request.flow_mode))})",
                className="me-4",
            ),
            html.Span(
                f"{_('Submitted by')}: {request.submitter} · "
                f"{format_datetime(request.submitted_at)}",
                className="text-muted",
            ),
        ]
    return html.Div(facts, className="approval-summary mb-3")


def _steps(state: ApprovalState) -> html.Div:
    if not state.steps:
        return html.Div()
    items = []
    for step in state.steps:
        approvers = []
        for approver in step.approvers:
            icon, color = DECISION_ICONS.get(approver.decision, DECISION_ICONS[None])
            when = (
                f" · {format_datetime(approver.decided_at)}"
                if approver.decided_at
                else ""
            )
            approvers.append(
                html.Span(
                    [
                        html.I(className=f"bi bi-{icon} {color} me-1"),
                        approver.name,
                        when,
                    ],
                    className="approval-approver me-3",
                )
            )
        items.append(
            dbc.ListGroupItem(
                [
                    html.Div(
                        [
                            html.Strong(_("Step {n}", n=step.position)),
                            html.Span(
                                _(STEP_MODE_LABELS.get(step.mode, step.mode)),
                                className="text-muted small ms-2",
                            ),
                            _badge(step.status, APPROVAL_STEP_STATUS_LABELS),
                        ]
                    ),
                    html.Div(approvers, className="mt-1"),
                ],
                className="approval-step",
                active=False,
            )
        )
    return dbc.ListGroup(items, className="approval-steps mb-3")


def _log(state: ApprovalState) -> html.Div:
    if not state.log:
        return html.P(_("No approval actions yet."), className="text-muted")
    rows = []
    for entry in reversed(state.log):
        comment = entry.comment or ""
        if entry.next_approvers:
            picked = _("Next: {names}", names=", ".join(entry.next_approvers))
            comment = f"{comment} ({picked})" if comment else picked
        rows.append(
            html.Tr(
                [
                    html.Td(format_datetime(entry.at)),
                    html.Td(entry.actor),
                    html.Td(
                        _(APPROVAL_LOG_ACTION_LABELS.get(entry.action, entry.action))
                    ),
                    html.Td(str(entry.step_position or "")),
                    html.Td(comment),
                ],
                className=f"approval-log-{entry.action}",
            )
        )
    return dbc.Table(
        [
            html.Thead(
                html.Tr(
                    [
                        html.Th(_("Time")),
                        html.Th(_("By")),
                        html.Th(_("Action")),
                        html.Th(_("Step")),
                        html.Th(_("Comment")),
                    ]
                )
            ),
            html.Tbody(rows),
        ],
        size="sm",
        hover=True,
        className="approval-log",
    )


def approval_body(state: ApprovalState) -> html.Div:
    """Summary, steps and log of an approval state."""
    notice = None
    if state.can_submit and state.submit_flow_name is None:
        notice = dbc.Alert(
            _(
                "No approval flow is active for this kind of record: an "
                "administrator must configure one under Administration · "
                "Approval flows."
            ),
            color="warning",
        )
    elif state.request is None:
        notice = html.P(_("Not submitted for approval yet."), className="text-muted")
    return html.Div(
        [
            _summary(state),
            notice,
            _steps(state),
            html.H6(_("Approval log"), className="mt-2"),
            _log(state),
        ]
    )
