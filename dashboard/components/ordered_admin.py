"""Builders of the ordered admin lists (dictionary entries, opportunity stages): a
single-select grid, a toolbar acting on the selected row, a delete confirmation."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard.components.grid import make_grid
from dashboard.i18n import _


def ordered_grid(grid_id: str, columns: list[dict], *, height: str):
    """A grid selecting one row by click; disabled rows are greyed out
    (assets/css/admin_settings.css)."""
    grid = make_grid(grid_id, columns, selectable=False, height=height)
    grid.dashGridOptions = {
        **grid.dashGridOptions,
        "rowSelection": {
            "mode": "singleRow",
            "checkboxes": False,
            "enableClickSelection": True,
        },
    }
    grid.rowClassRules = {"dictionary-disabled": "!params.data.is_active"}
    return grid


def _row_button(component_id, icon, label, *, color="secondary") -> dbc.Button:
    return dbc.Button(
        [html.I(className=f"bi bi-{icon} me-1"), label],
        id=component_id,
        size="sm",
        color=color,
        outline=True,
        disabled=True,
        className="me-2",
    )


def ordered_toolbar(ids, *leading) -> html.Div:
    """`leading` components, then move up/down, edit, disable and delete buttons
    (disabled until a row is selected)."""
    return html.Div(
        [
            *leading,
            _row_button(ids.UP, "arrow-up", _("Move up")),
            _row_button(ids.DOWN, "arrow-down", _("Move down")),
            _row_button(ids.EDIT, "pencil", _("Edit")),
            _row_button(ids.TOGGLE, "slash-circle", _("Disable")),
            _row_button(ids.DELETE, "trash", _("Delete"), color="danger"),
        ],
        className="mb-2",
    )


def delete_modal(ids, title: str, body: str) -> dbc.Modal:
    """The confirmation before deleting the selected row."""
    return dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle(title)),
            dbc.ModalBody(body),
            dbc.ModalFooter(
                [
                    dbc.Button(_("Cancel"), id=ids.DELETE_CANCEL, color="secondary"),
                    dbc.Button(_("Delete"), id=ids.DELETE_CONFIRM, color="danger"),
                ]
            ),
        ],
        id=ids.DELETE_MODAL,
        is_open=False,
    )
