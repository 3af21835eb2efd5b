"""The "Transfer" button and its dialog (new owner, note, related records), for the
customer list and the team customers list (the grid's selection) and the customer
detail (that customer).
Callbacks: dashboard/callbacks/transfer.py."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.forms import make_field
from dashboard.context import current_actor
from dashboard.i18n import _
from dashboard.ids import TransferDialog
from services.permissions import CUSTOMER_TRANSFER
from services.transfer import MAX_NOTE, transfer_participants

LIST = TransferDialog("customers")
DETAIL = TransferDialog("customer-detail")
TEAM = TransferDialog("team-customers")
DIALOGS = {LIST.page: LIST, DETAIL.page: DETAIL, TEAM.page: TEAM}
# Pages whose button acts on the grid's selection (enabled once rows are selected).
SELECTION_PAGES = (LIST.page, TEAM.page)


def _dialog(ids: TransferDialog) -> dbc.Modal:
    participants = transfer_participants()
    return dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle(_("Transfer customers"))),
            dbc.ModalBody(
                [
                    html.P(id=ids.SUMMARY, className="text-muted"),
                    html.Div(id=ids.MESSAGE),
                    dbc.Row(
                        [
                            make_field(
                                _("New owner"),
                                dcc.Dropdown(
                                    id=ids.field("to_user_id"),
                                    options=[],
                                    placeholder=_("Choose a user"),
                                    clearable=False,
                                ),
                                ids.feedback("to_user_id"),
                                required=True,
                                width=12,
                            ),
                            make_field(
                                _("Note"),
                                dbc.Textarea(
                                    id=ids.field("note"),
                                    maxLength=MAX_NOTE,
                                    rows=3,
                                    placeholder=_("Why the customers change hands"),
                                ),
                                ids.feedback("note"),
                                width=12,
                            ),
                        ]
                    ),
                    dbc.Row(
                        [
                            make_field(
                                _("Also transfer"),
                                dbc.Checklist(
                                    id=ids.field("with_related"),
                                    options=[
                                        {"label": _(p.label), "value": p.code}
                                        for p in participants
                                    ],
                                    value=[p.code for p in participants],
                                ),
                                ids.feedback("with_related"),
                                width=12,
                            ),
                        ],
                        # Nothing to offer until opportunities/contracts register.
                        className="" if participants else "d-none",
                    ),
                ]
            ),
            dbc.ModalFooter(
                [
                    dbc.Button(_("Cancel"), id=ids.CANCEL, color="secondary"),
                    dbc.Button(_("Transfer"), id=ids.CONFIRM, color="primary"),
                ]
            ),
        ],
        id=ids.MODAL,
        is_open=False,
    )


def make_transfer_control(page: str, customer_id: str | None = None) -> html.Div:
    """Button + dialog for `page` (a key of DIALOGS); hidden for users without
    the permission (the service checks it again)."""
    ids = DIALOGS[page]
    allowed = current_actor().can(CUSTOMER_TRANSFER)
    return html.Div(
        [
            dcc.Store(id=ids.CUSTOMER_IDS, data=[customer_id] if customer_id else []),
            dbc.Button(
                [html.I(className="bi bi-arrow-left-right me-1"), _("Transfer")],
                id=ids.OPEN,
                color="outline-primary",
                size="sm",
                # A list enables it once rows are selected.
                disabled=page in SELECTION_PAGES,
            ),
            _dialog(ids),
        ],
        className="d-inline-block ms-2" if allowed else "d-none",
    )


def with_transfer(actions, customer_id: str) -> html.Div:
    """The detail page's action buttons followed by "Transfer"."""
    return html.Div(
        [actions, make_transfer_control(DETAIL.page, customer_id)],
        className="d-flex align-items-start",
    )
