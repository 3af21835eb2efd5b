"""Shared pieces of the paged list callbacks (contracts, opportunities, payments,
products, pool, pool requests): the page to load, the pager/total outputs, row
selection and opening a record from a clicked cell."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from dash import Dash, Input, Output, State, ctx, no_update

from dashboard.i18n import _
from dashboard.ids import Shell
from dashboard.parsing import parse_int


def requested_page(pager_id: str, page):
    """The pager's page when the pager triggered the call; any filter change goes
    back to page 1."""
    return page if ctx.triggered_id == pager_id else 1


def total_text(total: int) -> str:
    return _("Total: {total}", total=f"{total:,}")


def page_outputs(rows: list[dict], result) -> tuple:
    """(rows, page count, page, total text) for the grid, pager and total."""
    return rows, result.page_count, result.page, total_text(result.total)


def row_link(cell, path: str, *columns: str):
    """f"{path}/<row id>" when a cell in `columns` was clicked, else no_update."""
    row_id = parse_int((cell or {}).get("rowId"))
    if row_id is None or cell.get("colId") not in columns:
        return no_update
    return f"{path}/{row_id}"


def row_field_link(cell, rows, column: str, field: str, path: str):
    """f"{path}/<row[field]>" when a cell in `column` was clicked: the id of a
    related record held by the clicked row, else no_update."""
    if (cell or {}).get("colId") != column:
        return no_update
    row = next((r for r in rows or [] if r["id"] == cell.get("rowId")), None)
    target = parse_int((row or {}).get(field))
    return f"{path}/{target}" if target is not None else no_update


def selection_state(selected, buttons: int) -> tuple:
    """("Selected: n" or "", then `buttons` disabled flags: nothing selected)."""
    count = len(selected or [])
    text = _("Selected: {count}", count=count) if count else ""
    return (text, *(count == 0,) * buttons)


def clear_selection(_row_data, selected):
    """A new page of rows drops the selection."""
    return [] if selected else no_update


def register_row_link(app: Dash, grid_id: str, open_row: Callable, *states) -> None:
    """A cell click on `grid_id` navigates to what `open_row(cell, *states)` says."""
    app.callback(
        Output(Shell.NAV, "href", allow_duplicate=True),
        Input(grid_id, "cellClicked"),
        *states,
        prevent_initial_call=True,
    )(open_row)


def register_selection(
    app: Dash, grid_id: str, show_selection: Callable, text_id: str, *buttons: str
) -> None:
    """The selection count and the buttons acting on it; new rows drop it."""
    app.callback(
        Output(text_id, "children"),
        *[Output(button, "disabled") for button in buttons],
        Input(grid_id, "selectedRows"),
    )(show_selection)
    app.callback(
        Output(grid_id, "selectedRows"),
        Input(grid_id, "rowData"),
        State(grid_id, "selectedRows"),
        prevent_initial_call=True,
    )(clear_selection)


def register_bulk_action(
    app: Dash,
    ids,
    action: Callable,
    *buttons: str,
    first: bool = False,
    modal: str | None = None,
    outputs: Sequence[Output] = (),
    states: Sequence[State] = (),
) -> None:
    """Wire an action on the grid's selected rows: (*n_clicks of `buttons`,
    selectedRows, *states, refresh) → (message, refresh, [modal open], *outputs).
    `first`: the first callback writing the message and refresh (no duplicates)."""
    app.callback(
        Output(ids.MESSAGE, "children", allow_duplicate=not first),
        Output(ids.REFRESH, "data", allow_duplicate=not first),
        *([Output(modal, "is_open", allow_duplicate=True)] if modal else []),
        *outputs,
        *[Input(button, "n_clicks") for button in buttons],
        State(ids.GRID, "selectedRows"),
        *states,
        State(ids.REFRESH, "data"),
        prevent_initial_call=True,
    )(action)
