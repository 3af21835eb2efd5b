"""Product line editor shared by opportunities and contracts, and its read-only
table. The editor: a searchable product picker + "Add", an editable grid
(quantity, unit price, discount), a remove column and a running total. The grid's
subtotals and total are a preview; saving always re-prices on the server
(services.product_lines.price_lines)."""

from __future__ import annotations

import uuid
from decimal import Decimal

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html
from dash.development.base_component import Component

from dashboard.i18n import _, format_money
from dashboard.ids import LineItems as ids
from services.errors import ValidationFailed
from services.product_lines import LineIn, line_subtotal, parse_decimal

EDITABLE = ("quantity", "unit_price", "discount")
REMOVE_COLUMN = "remove"


def line_items_grid_id(prefix: str) -> dict:
    """The editor grid's id; read State(line_items_grid_id(p), "rowData") on save."""
    return {"type": ids.GRID, "index": prefix}


def line_items_id(kind: str, prefix: str) -> dict:
    return {"type": kind, "index": prefix}


def row_key() -> str:
    """A client row id: rows of the same product may appear twice."""
    return uuid.uuid4().hex[:12]


def editor_row(row: dict) -> dict:
    """A line_rows() / product_row() dict made grid-ready (a row key, a remove cell)."""
    return {"key": row.get("key") or row_key(), **row, REMOVE_COLUMN: "✕"}


def recompute_rows(row_data: list[dict] | None) -> tuple[list[dict], Decimal]:
    """Rows with their subtotal previewed from the entered numbers (blank when a
    number is invalid) and the preview total."""
    rows, total = [], Decimal("0.00")
    for row in row_data or []:
        quantity = parse_decimal(row.get("quantity"))
        unit_price = parse_decimal(row.get("unit_price"))
        raw_discount = row.get("discount")
        discount = parse_decimal(
            0 if raw_discount in (None, "") else raw_discount, maximum=Decimal(100)
        )
        subtotal = ""
        if None not in (quantity, unit_price, discount) and quantity > 0:
            value = line_subtotal(quantity, unit_price, discount)
            total += value
            subtotal = str(value)
        rows.append({**row, "subtotal": subtotal, "invalid": subtotal == ""})
    return rows, total


def lines_error(error: ValidationFailed) -> str | None:
    """The translated "lines" message of a failed save (None when the lines were
    fine), for showing next to the editor."""
    msgid = error.errors.get("lines")
    return _(msgid, **error.params) if msgid else None


def parse_line_rows(row_data: list[dict] | None) -> list[LineIn]:
    """The editor's rows as LineIn, in grid order; the browser's subtotal and
    product name are dropped (the server re-prices from the product id)."""
    lines = []
    for row in row_data or []:
        if not isinstance(row, dict):
            continue
        lines.append(
            LineIn(
                product_id=row.get("product_id"),
                quantity=row.get("quantity"),
                unit_price=row.get("unit_price"),
                discount=row.get("discount", 0),
            )
        )
    return lines


def _columns(editable: bool) -> list[dict]:
    number = {"type": "rightAligned", "minWidth": 110}
    columns = [
        {"field": "product", "headerName": _("Product"), "minWidth": 200, "flex": 2},
        {"field": "code", "headerName": _("Code"), "minWidth": 110},
        {"field": "unit", "headerName": _("Unit"), "minWidth": 80},
        {"field": "quantity", "headerName": _("Quantity"), **number},
        {"field": "unit_price", "headerName": _("Unit price"), **number},
        {"field": "discount", "headerName": _("Discount %"), **number},
        {"field": "subtotal", "headerName": _("Subtotal"), **number},
    ]
    if not editable:
        return columns
    for column in columns:
        if column["field"] in EDITABLE:
            column |= {
                "editable": True,
                "cellEditor": "agTextCellEditor",
                "cellClass": "ag-right-aligned-cell line-editable",
            }
    columns.append(
        {
            "field": REMOVE_COLUMN,
            "headerName": "",
            "maxWidth": 60,
            "cellClass": "line-remove text-danger",
            "headerTooltip": _("Remove"),
        }
    )
    return columns


def make_line_items(prefix: str, rows: list[dict] | None = None) -> Component:
    """The editable product lines of one form; `rows` from line_rows()."""
    grid_rows, total = recompute_rows([editor_row(row) for row in rows or []])
    picker = dcc.Dropdown(
        id=line_items_id(ids.PICKER, prefix),
        options=[],
        placeholder=_("Search products by name or code…"),
        searchable=True,
        clearable=True,
        className="line-items-picker",
    )
    return html.Div(
        [
            html.Div(
                [
                    html.Div(picker, className="flex-grow-1", style={"minWidth": 0}),
                    dbc.Button(
                        [html.I(className="bi bi-plus-lg me-1"), _("Add")],
                        id=line_items_id(ids.ADD, prefix),
                        color="secondary",
                        outline=True,
                        className="ms-2",
                    ),
                ],
                className="d-flex align-items-center mb-2",
            ),
            html.Div(id=line_items_id(ids.MESSAGE, prefix)),
            dag.AgGrid(
                id=line_items_grid_id(prefix),
                columnDefs=_columns(editable=True),
                rowData=grid_rows,
                defaultColDef={
                    "sortable": False,
                    "resizable": True,
                    "suppressMovable": True,
                },
                dashGridOptions={
                    "localeText": {"noRowsToShow": _("No product lines yet.")},
                    "animateRows": False,
                    "singleClickEdit": True,
                    "stopEditingWhenCellsLoseFocus": True,
                    "domLayout": "autoHeight",
                },
                # A row whose numbers do not parse shows red until fixed.
                getRowStyle={
                    "styleConditions": [
                        {
                            "condition": "params.data.invalid",
                            "style": {"backgroundColor": "var(--bs-danger-bg-subtle)"},
                        }
                    ]
                },
                getRowId="params.data.key",
                style={"width": "100%"},
                className="ag-theme-quartz",
                columnSize="responsiveSizeToFit",
            ),
            html.Div(
                [
                    html.Span(_("Total") + ": ", className="text-muted me-1"),
                    html.Strong(
                        format_money(total), id=line_items_id(ids.TOTAL, prefix)
                    ),
                ],
                className="text-end mt-2",
            ),
        ],
        className="line-items",
    )


def line_items_table(rows: list[dict], total: Decimal | str | None = None) -> Component:
    """Read-only product lines with their total, for detail pages."""
    if not rows:
        return html.P(_("No product lines."), className="text-muted")
    header = html.Thead(
        html.Tr(
            [
                html.Th(_("Product")),
                html.Th(_("Code")),
                html.Th(_("Unit")),
                html.Th(_("Quantity"), className="text-end"),
                html.Th(_("Unit price"), className="text-end"),
                html.Th(_("Discount %"), className="text-end"),
                html.Th(_("Subtotal"), className="text-end"),
            ]
        )
    )
    body = html.Tbody(
        [
            html.Tr(
                [
                    html.Td(row["product"]),
                    html.Td(row.get("code") or ""),
                    html.Td(row.get("unit") or ""),
                    html.Td(row["quantity"], className="text-end"),
                    html.Td(format_money(row["unit_price"]), className="text-end"),
                    html.Td(row.get("discount") or "0", className="text-end"),
                    html.Td(format_money(row["subtotal"]), className="text-end"),
                ]
            )
            for row in rows
        ]
    )
    if total is None:
        total = sum((Decimal(str(row["subtotal"])) for row in rows), Decimal("0.00"))
    footer = html.Tfoot(
        html.Tr(
            [
                html.Th(_("Total"), colSpan=6, className="text-end"),
                html.Th(format_money(total), className="text-end"),
            ]
        )
    )
    return dbc.Table(
        [header, body, footer],
        bordered=False,
        hover=True,
        size="sm",
        className="line-items-table",
    )
