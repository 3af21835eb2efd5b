"""The one layout of every analytics page: a filter bar whose choices live in the
URL (bookmark and share a view), a card per section (chart, table, exports) and
the drill-down dialog behind any number."""

from __future__ import annotations

from collections.abc import Mapping

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.grid import make_pager
from dashboard.context import current_actor, read_session
from dashboard.figures import chart_config
from dashboard.i18n import _
from dashboard.ids import ReportPage
from dashboard.parsing import parse_int
from dashboard.reports import ReportView
from services.analytics.performance_report import viewable_teams
from services.analytics.periods import PRESETS
from services.analytics.report import Column, Section, Table

# Query-string keys of the filter bar, in the order of its widgets.
URL_KEYS = ("period", "start", "end", "team", "member")
PERIOD_LABELS = {
    "today": "Today",
    "this_week": "This week",
    "this_month": "This month",
    "last_month": "Last month",
    "this_quarter": "This quarter",
    "this_year": "This year",
    "last_year": "Last year",
    "custom": "Custom range",
}
RANGE_SHOWN = {"display": "flex", "alignItems": "center"}  # as in report_page.js
RANGE_HIDDEN = {"display": "none"}
MONEY_JS = (
    "params.value == null ? '' : '¥' + Number(params.value).toLocaleString("
    "'en-US', {minimumFractionDigits: 2, maximumFractionDigits: 2})"
)
CELL_FORMATTERS = {
    "money": MONEY_JS,
    "int": "params.value == null ? '' : Number(params.value).toLocaleString('en-US')",
    "percent": "params.value == null ? '' : (params.value * 100).toFixed(1) + '%'",
    "days": "params.value == null ? '' : Number(params.value).toFixed(1)",
    "hours": "params.value == null ? '' : Number(params.value).toFixed(1)",
}


def column_defs(columns: tuple[Column, ...]) -> list[dict]:
    """Grid columns: numbers stay numbers (sorting works) and are formatted in
    the browser; drillable cells look like links."""
    defs = []
    for column in columns:
        spec = {"field": column.key, "headerName": _(column.label), "sortable": True}
        if column.kind in CELL_FORMATTERS:
            spec |= {
                "type": "rightAligned",
                "valueFormatter": {"function": CELL_FORMATTERS[column.kind]},
            }
        if column.drillable:
            spec["cellClass"] = "grid-link"
        defs.append(spec)
    return defs


def localised(table: Table) -> Table:
    """The table with its "label" columns in the user's language, as charts,
    grids and exports show it."""
    labels = [c.key for c in table.columns if c.kind == "label"]
    if not labels:
        return table
    rows = [
        row | {key: _(row[key]) for key in labels if row.get(key)} for row in table.rows
    ]
    return Table(table.columns, rows)


def grid_rows(table: Table) -> list[dict]:
    """Rows for the grid: numbers as floats, a row id for the drill callback."""
    rows = []
    for index, row in enumerate(table.rows):
        shown = {
            "_id": f"r{index}",
            "_drill": row.get("drill"),
            "_me": row.get("is_me"),
        }
        for column in table.columns:
            value = row.get(column.key)
            if column.kind in CELL_FORMATTERS:
                value = float(value) if value is not None else None
            elif value is not None and not isinstance(value, str):
                value = str(value)
            shown[column.key] = value
        rows.append(shown)
    return rows


def _filter_bar(view: ReportView, ids: ReportPage, query: Mapping[str, str]):
    actor = current_actor()
    with read_session() as session:
        teams = viewable_teams(session, actor)
    preset = query.get("period")
    if preset not in PRESETS:
        preset = view.report.default_period
    team = query.get("team") if parse_int(query.get("team")) is not None else None
    member = query.get("member") if parse_int(query.get("member")) else None
    controls = [
        dbc.Col(
            dbc.Select(
                id=ids.PERIOD,
                options=[{"label": _(PERIOD_LABELS[p]), "value": p} for p in PRESETS],
                value=preset,
            ),
            md=2,
        ),
        dbc.Col(
            html.Div(
                [
                    dbc.Input(id=ids.START, type="date", value=query.get("start")),
                    html.Span("–", className="mx-1"),
                    dbc.Input(id=ids.END, type="date", value=query.get("end")),
                ],
                id=ids.RANGE_BOX,
                # Inline display, not Bootstrap's d-flex (!important would win).
                style=RANGE_SHOWN if preset == "custom" else RANGE_HIDDEN,
            ),
            md=3,
        ),
        dbc.Col(
            dbc.Select(
                id=ids.TEAM,
                options=[
                    {"label": "\u2003" * depth + name, "value": str(tid)}
                    for tid, name, depth in teams
                ],
                value=team,
                placeholder=_("My results"),
                disabled=not teams,
            ),
            md=2,
        ),
        dbc.Col(
            dcc.Dropdown(
                id=ids.MEMBER,
                value=member,
                placeholder=_("Whole team"),
                clearable=True,
            ),
            md=2,
        ),
    ]
    for option in view.report.options:
        controls.append(
            dbc.Col(
                dbc.InputGroup(
                    [
                        dbc.InputGroupText(_(option.label)),
                        dbc.Select(
                            id=ids.option(option.key),
                            options=[
                                {"label": _(label), "value": value}
                                for value, label in option.choices
                            ],
                            value=option.clean(query.get(option.key)),
                        ),
                    ],
                ),
                md=3,
            )
        )
    return dbc.Row(controls, className="g-2 mb-2 report-filters")


def _export_menu(ids: ReportPage, section: Section, charted: bool) -> dbc.DropdownMenu:
    formats = [("xlsx", _("Data (.xlsx)")), ("csv", _("Data (.csv)"))]
    if charted:
        formats = [("png", _("Chart (.png)")), ("svg", _("Chart (.svg)"))] + formats
    return dbc.DropdownMenu(
        [
            dbc.DropdownMenuItem(label, id=ids.export(section.key, fmt), n_clicks=0)
            for fmt, label in formats
        ],
        label=[html.I(className="bi bi-download me-1"), _("Export")],
        id=ids.export_menu(section.key),
        size="sm",
        color="outline-secondary",
        align_end=True,
    )


def _section_card(view: ReportView, ids: ReportPage, section: Section) -> dbc.Card:
    charted = section.key in view.figures
    body = []
    if charted:
        body.append(
            dcc.Loading(
                dcc.Graph(
                    id=ids.graph(section.key),
                    config=chart_config(f"pelago-{view.report.key}-{section.key}"),
                    style={"height": "360px"},
                ),
                type="dot",
            )
        )
    body.append(
        dag.AgGrid(
            id=ids.grid(section.key),
            rowData=[],
            columnDefs=[],
            # Wide tables (work statistics) scroll sideways instead of
            # squeezing their headers to "…".
            defaultColDef={
                "resizable": True,
                "suppressMovable": True,
                "minWidth": 112,
                "wrapHeaderText": True,
                "autoHeaderHeight": True,
            },
            dashGridOptions={
                "localeText": {"noRowsToShow": _("No data for these filters.")},
                "animateRows": False,
                "domLayout": "autoHeight",
                # Aggregated tables are small: render every column (cells off to
                # the side stay in the page, for find-in-page and tests alike).
                "suppressColumnVirtualisation": True,
                "pagination": True,
                "paginationPageSize": 20,
                "paginationPageSizeSelector": False,
            },
            getRowId="params.data._id",
            getRowStyle={
                "styleConditions": [
                    {
                        "condition": "params.data._me",
                        "style": {"backgroundColor": "#fef9c3", "fontWeight": 600},
                    }
                ]
            },
            className="ag-theme-quartz mt-2",
            columnSize="responsiveSizeToFit",
            style={"width": "100%"},
        )
    )
    return dbc.Card(
        [
            dbc.CardHeader(
                [
                    html.Span(_(section.title), className="fw-semibold"),
                    _export_menu(ids, section, charted),
                ],
                className="d-flex justify-content-between align-items-center",
            ),
            dbc.CardBody(body),
        ],
        className="mb-3 report-section",
        id=f"{ids.grid(section.key)}-card",
    )


def _drill_dialog(ids: ReportPage) -> dbc.Modal:
    return dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle(id=ids.DRILL_TITLE)),
            dbc.ModalBody(
                [
                    html.Div(id=ids.DRILL_SUMMARY, className="mb-2 fw-semibold"),
                    dag.AgGrid(
                        id=ids.DRILL_GRID,
                        rowData=[],
                        columnDefs=[],
                        defaultColDef={"resizable": True, "sortable": False},
                        dashGridOptions={
                            "localeText": {"noRowsToShow": _("No records match.")},
                            "animateRows": False,
                        },
                        className="ag-theme-quartz",
                        columnSize="responsiveSizeToFit",
                        style={"height": "420px", "width": "100%"},
                    ),
                    make_pager(ids.DRILL_PAGER, ids.DRILL_TOTAL),
                ]
            ),
        ],
        id=ids.DRILL,
        size="xl",
        is_open=False,
        scrollable=True,
    )


def make_report_page(view: ReportView, query: Mapping[str, str]) -> html.Div:
    """The page for `view`, its filters preset from the URL query."""
    ids = ReportPage(view.report.key)
    report = view.report
    return html.Div(
        [
            dcc.Store(id=ids.URL_SYNC),
            dcc.Store(
                id=ids.URL_KEYS, data=[*URL_KEYS, *(o.key for o in report.options)]
            ),
            dcc.Store(id=ids.DRILL_TARGET),
            dcc.Download(id=ids.DOWNLOAD),
            html.Div(
                [
                    html.H2(_(report.title), className="page-title mb-0"),
                    dbc.Button(
                        [
                            html.I(className="bi bi-file-earmark-pdf me-1"),
                            _("Export report"),
                        ],
                        id=ids.PDF,
                        color="outline-secondary",
                        size="sm",
                    ),
                ],
                className="d-flex justify-content-between align-items-center mb-3",
            ),
            _filter_bar(view, ids, query),
            html.Div(id=ids.SUMMARY, className="text-muted small mb-2"),
            html.Div(id=ids.MESSAGE),
            *[_section_card(view, ids, section) for section in report.sections],
            _drill_dialog(ids),
        ],
        className="report-page",
    )
