"""Form rows: label, input and the feedback line under it."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard.parsing import NO_CHOICE


def make_field(
    label: str,
    control,
    feedback_id: str,
    *,
    required: bool = False,
    width: int = 6,
    help_text: str | None = None,
) -> dbc.Col:
    """A labelled control with a feedback line that shows the field's error."""
    label_children = (
        [label, html.Span(" *", className="text-danger")] if required else label
    )
    # A pattern-matching id (a dict) is no DOM id the label could point to.
    control_id = getattr(control, "id", None)
    return dbc.Col(
        [
            dbc.Label(
                label_children,
                html_for=control_id if isinstance(control_id, str) else None,
            ),
            control,
            html.Div(id=feedback_id, className="invalid-feedback d-block"),
            dbc.FormText(help_text) if help_text else None,
        ],
        md=width,
        className="mb-3",
    )


def select_options(
    options: list[dict[str, str]], none_label: str
) -> list[dict[str, str]]:
    """Options for an optional dbc.Select: a "no choice" entry, then `options`."""
    return [{"label": none_label, "value": NO_CHOICE}, *options]
