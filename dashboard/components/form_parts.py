"""Pieces the entity forms share: mobile / phone / e-mail, the long-text field
and the Cancel / Save footer."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard.components.forms import make_field
from dashboard.i18n import _


def make_channel_fields(text) -> list[dbc.Col]:
    """Mobile, phone and e-mail, a third of the row each. `text(name, label,
    **props)` is the form's own text-field builder (it knows ids and values)."""
    return [
        text("mobile", _("Mobile"), maxLength=30, width=4, placeholder="13800138000"),
        text("phone", _("Phone"), maxLength=30, width=4, placeholder="021-51079811"),
        text("email", _("Email"), type="email", width=4),
    ]


def make_textarea_field(
    label: str,
    field_id: str,
    feedback_id: str,
    value: str | None,
    *,
    rows: int = 3,
    max_length: int = 2000,
) -> dbc.Col:
    """A full-width free-text field (remark, description) with its feedback line."""
    return make_field(
        label,
        dbc.Textarea(id=field_id, value=value or "", rows=rows, maxLength=max_length),
        feedback_id,
        width=12,
    )


def make_form_actions(
    save_id: str, cancel_href: str, *, class_name: str = "d-flex justify-content-end"
) -> html.Div:
    """The form footer: Cancel goes back to `cancel_href`, Save submits."""
    return html.Div(
        [
            dbc.Button(
                _("Cancel"), href=cancel_href, color="secondary", className="me-2"
            ),
            dbc.Button(
                [html.I(className="bi bi-check-lg me-1"), _("Save")],
                id=save_id,
                color="primary",
            ),
        ],
        className=class_name,
    )
