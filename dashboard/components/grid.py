"""Data grid (AG Grid showing one server-side page) and its pager."""

from __future__ import annotations

import datetime as dt

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import html

from dashboard.i18n import _

PAGE_SIZES = (20, 50, 100)


def make_grid(
    grid_id: str, columns: list[dict], *, selectable: bool = True, height: str = "560px"
) -> dag.AgGrid:
    """A grid showing one page of rows from a callback; paging happens on the server."""
    options = {
        "localeText": {"noRowsToShow": _("No records match.")},
        "animateRows": False,
    }
    if selectable:
        options["rowSelection"] = {
            "mode": "multiRow",
            "checkboxes": True,
            "headerCheckbox": True,
            "enableClickSelection": False,
        }
    return dag.AgGrid(
        id=grid_id,
        columnDefs=columns,
        rowData=[],
        defaultColDef={"sortable": False, "resizable": True, "suppressMovable": True},
        dashGridOptions=options,
        getRowId="params.data.id",
        style={"height": height, "width": "100%"},
        className="ag-theme-quartz",
        columnSize="responsiveSizeToFit",
    )


def make_pager(
    pager_id: str, total_id: str, page_size_id: str | None = None
) -> html.Div:
    children = [
        html.Span(id=total_id, className="text-muted small me-3"),
        dbc.Pagination(
            id=pager_id,
            max_value=1,
            active_page=1,
            fully_expanded=False,
            first_last=True,
            previous_next=True,
            size="sm",
            className="mb-0",
        ),
    ]
    if page_size_id:
        children.append(
            dbc.Select(
                id=page_size_id,
                value=str(PAGE_SIZES[0]),
                size="sm",
                options=[
                    {"label": _("{n} / page", n=n), "value": str(n)} for n in PAGE_SIZES
                ],
                className="page-size ms-3",
            )
        )
    return html.Div(
        children, className="d-flex align-items-center justify-content-end mt-2"
    )


def link_column(field: str, header: str, **extra) -> dict:
    """A column whose cell looks like a link; a cellClicked callback navigates."""
    return {
        "field": field,
        "headerName": header,
        "cellClass": "grid-link",
        "minWidth": 180,
        **extra,
    }


def grid_row(row: dict, **display) -> dict:
    """A service row made grid-ready: string id (AG Grid row ids are strings), raw
    dates dropped in favour of the formatted `display` values."""
    plain = {k: v for k, v in row.items() if not isinstance(v, dt.date)}
    return plain | {"id": str(row["id"])} | display
