"""The approval flow dialog: name, mode, amount threshold, self-approval and the
ordered steps editor (who approves, any one or all), with field feedback."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.forms import make_field
from dashboard.i18n import _
from dashboard.ids import AdminApprovalFlows as ids
from dashboard.labels import APPROVER_KIND_LABELS, FLOW_MODE_LABELS, STEP_MODE_LABELS
from dashboard.parsing import NO_CHOICE

HIDDEN = {"display": "none"}


def _options(labels: dict) -> list[dict]:
    return [{"label": _(label), "value": code} for code, label in labels.items()]


def _choice_options(choices: list[tuple[int, str]], none_label: str) -> list[dict]:
    return [
        {"label": none_label, "value": NO_CHOICE},
        *({"label": name, "value": str(i)} for i, name in choices),
    ]


def _step_id(kind: str, row: int) -> dict:
    return {"type": kind, "index": row}


def _small_button(kind: str, row: int, icon: str, title: str, disabled=False):
    return dbc.Button(
        html.I(className=f"bi bi-{icon}"),
        id=_step_id(kind, row),
        color="secondary",
        outline=True,
        size="sm",
        className="me-1",
        title=title,
        disabled=disabled,
    )


def step_rows(
    steps: list[dict], choices: dict[str, list[tuple[int, str]]]
) -> list[html.Div]:
    """One editor row per step dict (approver_kind, approver_user_id,
    approver_role_id, mode); visibility of the user/role pickers follows the kind
    (callback on the kind select)."""
    rows = []
    for row, step in enumerate(steps):
        kind = step.get("approver_kind") or "supervisor"
        user = step.get("approver_user_id")
        role = step.get("approver_role_id")
        rows.append(
            html.Div(
                [
                    dbc.Row(
                        [
                            dbc.Col(
                                html.Strong(_("Step {n}", n=row + 1)),
                                md=1,
                                className="pt-1",
                            ),
                            dbc.Col(
                                dbc.Select(
                                    id=_step_id(ids.STEP_KIND, row),
                                    options=_options(APPROVER_KIND_LABELS),
                                    value=kind,
                                ),
                                md=3,
                            ),
                            dbc.Col(
                                [
                                    dbc.Select(
                                        id=_step_id(ids.STEP_USER, row),
                                        options=_choice_options(
                                            choices["users"], _("Choose a user")
                                        ),
                                        value=str(user) if user else NO_CHOICE,
                                        style=HIDDEN if kind != "user" else {},
                                    ),
                                    dbc.Select(
                                        id=_step_id(ids.STEP_ROLE, row),
                                        options=_choice_options(
                                            choices["roles"], _("Choose a role")
                                        ),
                                        value=str(role) if role else NO_CHOICE,
                                        style=HIDDEN if kind != "role" else {},
                                    ),
                                ],
                                md=3,
                            ),
                            dbc.Col(
                                dbc.Select(
                                    id=_step_id(ids.STEP_MODE, row),
                                    options=_options(STEP_MODE_LABELS),
                                    value=step.get("mode") or "any",
                                ),
                                md=3,
                            ),
                            dbc.Col(
                                [
                                    _small_button(
                                        ids.STEP_UP,
                                        row,
                                        "arrow-up",
                                        _("Move up"),
                                        disabled=row == 0,
                                    ),
                                    _small_button(
                                        ids.STEP_DOWN,
                                        row,
                                        "arrow-down",
                                        _("Move down"),
                                        disabled=row == len(steps) - 1,
                                    ),
                                    _small_button(
                                        ids.STEP_REMOVE, row, "trash", _("Remove")
                                    ),
                                ],
                                md=2,
                            ),
                        ],
                        className="g-2 align-items-start",
                    ),
                    html.Div(
                        id=_step_id(ids.STEP_FEEDBACK, row),
                        className="invalid-feedback d-block",
                    ),
                ],
                className="approval-flow-step mb-2",
            )
        )
    return rows


def make_flow_modal() -> dbc.Modal:
    """The create/edit dialog; callbacks fill it when it opens."""
    return dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle(id=ids.MODAL_TITLE)),
            dbc.ModalBody(
                [
                    dcc.Store(id=ids.FLOW_ID),
                    dcc.Store(id=ids.VERSION),
                    dbc.Row(
                        [
                            make_field(
                                _("Name"),
                                dbc.Input(id=ids.NAME, maxLength=100),
                                ids.feedback("name"),
                                required=True,
                                width=6,
                            ),
                            make_field(
                                _("Mode"),
                                dbc.Select(
                                    id=ids.MODE,
                                    options=_options(FLOW_MODE_LABELS),
                                    value="fixed",
                                ),
                                ids.feedback("mode"),
                                required=True,
                                width=6,
                            ),
                            make_field(
                                _("Applies from amount (CNY)"),
                                dbc.Input(
                                    id=ids.MIN_AMOUNT, inputMode="decimal", value=""
                                ),
                                ids.feedback("min_amount"),
                                width=6,
                                help_text=_(
                                    "Empty = every amount. Of the active flows, the "
                                    "one with the highest amount not above the "
                                    "record's amount applies."
                                ),
                            ),
                            dbc.Col(
                                dbc.Checkbox(
                                    id=ids.SELF_APPROVAL,
                                    label=_("Submitters may approve their own records"),
                                    value=False,
                                ),
                                md=6,
                                className="pt-md-4 mb-3",
                            ),
                        ]
                    ),
                    html.Div(
                        [
                            html.H6(_("Steps")),
                            html.Div(id=ids.STEPS),
                            html.Div(
                                id=ids.feedback("steps"),
                                className="invalid-feedback d-block",
                            ),
                            dbc.Button(
                                [html.I(className="bi bi-plus-lg me-1"), _("Add step")],
                                id=ids.ADD_STEP,
                                color="secondary",
                                outline=True,
                                size="sm",
                            ),
                        ],
                        id=ids.STEPS_BOX,
                    ),
                ]
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
        size="xl",
    )
