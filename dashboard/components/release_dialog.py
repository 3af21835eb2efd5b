""" "Release to pool" button + reason dialog, shared by the customer list, the
customer detail page and team customers (callbacks: dashboard/callbacks/release.py).
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard.i18n import _
from dashboard.ids import Release


def release_button(prefix: str, *, disabled: bool = True, **button) -> dbc.Button:
    return dbc.Button(
        [
            html.I(className="bi bi-box-arrow-up-right me-1"),
            _("Release to public pool"),
        ],
        id=Release(prefix).OPEN,
        color="outline-secondary",
        size="sm",
        disabled=disabled,
        className="me-2",
        **button,
    )


def release_dialog(prefix: str) -> dbc.Modal:
    ids = Release(prefix)
    return dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle(_("Release to the public pool?"))),
            dbc.ModalBody(
                [
                    html.P(
                        _(
                            "The owner is cleared and anyone allowed may claim the "
                            "customer. Say why, for whoever picks it up."
                        )
                    ),
                    dbc.Label(_("Reason"), html_for=ids.REASON),
                    dbc.Textarea(id=ids.REASON, maxLength=200, rows=3),
                    dbc.FormFeedback(id=ids.FEEDBACK, type="invalid"),
                ]
            ),
            dbc.ModalFooter(
                [
                    dbc.Button(_("Cancel"), id=ids.CANCEL, color="secondary"),
                    dbc.Button(_("Release"), id=ids.CONFIRM, color="primary"),
                ]
            ),
        ],
        id=ids.MODAL,
        is_open=False,
    )


def release_controls(prefix: str, *, disabled: bool = True) -> html.Span:
    """Button and dialog in one element: a one-line include for a page."""
    return html.Span(
        [release_button(prefix, disabled=disabled), release_dialog(prefix)]
    )
