"""KPI cards: a label, a big number and a line of context under it."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html


def make_kpi_card(label: str, value: str, note: str | None = None, *, tone=None):
    """`tone` "up"/"down" colours the note (a change against a comparison)."""
    note_class = {"up": "text-success", "down": "text-danger"}.get(tone, "text-muted")
    return dbc.Card(
        dbc.CardBody(
            [
                html.Div(label, className="kpi-label text-muted small"),
                html.Div(value, className="kpi-value fs-4 fw-semibold"),
                html.Div(note or "\u00a0", className=f"kpi-note small {note_class}"),
            ]
        ),
        className="kpi-card h-100",
    )


def kpi_row(cards: list) -> dbc.Row:
    return dbc.Row([dbc.Col(card, md=3, sm=6) for card in cards], className="g-3")
