"""The open/close wiring every confirm dialog shares."""

from __future__ import annotations

from dash import Dash, Input, Output, ctx

from dashboard.parsing import require_click


def register_modal_toggle(
    app: Dash, modal_id: str, open_id: str, cancel_id: str
) -> None:
    """`open_id` opens the modal, `cancel_id` closes it."""

    def toggle(open_clicks, cancel_clicks):
        require_click(open_clicks, cancel_clicks)
        return ctx.triggered_id == open_id

    app.callback(
        Output(modal_id, "is_open"),
        Input(open_id, "n_clicks"),
        Input(cancel_id, "n_clicks"),
        prevent_initial_call=True,
    )(toggle)
