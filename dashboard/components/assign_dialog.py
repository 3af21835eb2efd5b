"""Dialogs shared by the pool and team customers pages: assign to a member, and
a plain confirmation."""

from __future__ import annotations

import dash_bootstrap_components as dbc

from dashboard.context import read_session
from dashboard.i18n import _
from services.org import assignable_users


def confirm_modal(title, body, modal_id, cancel_id, confirm_id, confirm_label, color):
    return dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle(title)),
            dbc.ModalBody(body),
            dbc.ModalFooter(
                [
                    dbc.Button(_("Cancel"), id=cancel_id, color="secondary"),
                    dbc.Button(confirm_label, id=confirm_id, color=color),
                ]
            ),
        ],
        id=modal_id,
        is_open=False,
    )


def assign_modal(actor, modal_id, user_id, feedback_id, cancel_id, confirm_id):
    with read_session() as session:
        members = [
            {"label": name, "value": str(uid)}
            for uid, name in assignable_users(session, actor)
        ]
    return confirm_modal(
        _("Assign the selected customers"),
        [
            dbc.Label(_("Give them to"), html_for=user_id),
            dbc.Select(id=user_id, options=members, placeholder=_("Choose a member")),
            dbc.FormFeedback(id=feedback_id, type="invalid"),
        ],
        modal_id,
        cancel_id,
        confirm_id,
        _("Assign"),
        "primary",
    )
