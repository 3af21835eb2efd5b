"""Callbacks of every analytics page (components/report_page.py), wired once
per ReportView: filters → each section's chart and table (one request per
section, so each stays small), a click on a point or cell → the records behind
it, and the exports (chart images in the browser; data and PDF on the server)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from dash import ClientsideFunction, Dash, Input, Output, State, ctx, dcc, no_update

from dashboard.components.feedback import alert, error_alert
from dashboard.components.report_page import column_defs, grid_rows, localised
from dashboard.context import current_actor, read_session
from dashboard.i18n import (
    _,
    company_zone,
    format_date,
    format_money,
    format_number,
    format_percent,
    local_now,
    local_today,
)
from dashboard.ids import ReportPage
from dashboard.parsing import parse_int
from dashboard.report_pdf import PdfSection, ReportSetupError, render_report_pdf
from dashboard.reports import ReportView, report_views
from services.analytics.performance_report import subject_members
from services.analytics.report import (
    Column,
    DrillPage,
    FilterInput,
    ReportFilters,
    Table,
    resolve_filters,
)
from services.analytics.table_export import export_filename, export_table
from services.errors import NotFound, ServiceError, ValidationFailed

log = logging.getLogger(__name__)
DRILL_PAGE_SIZE = 20
OPEN_PATHS = {
    "customer": "/customers/{}",
    "contact": "/contacts/{}",
    "lead": "/leads/{}",
    "opportunity": "/opportunities/{}",
    "contract": "/contracts/{}",
    "payment": "/payments/{}",
    "pool_customer": "/pool/{}",
}


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@dataclass(frozen=True)
class FilterState:
    """The filter bar's widgets in callback argument order."""

    view: ReportView

    def inputs(self, kind=Input) -> list:
        ids = ReportPage(self.view.report.key)
        return [
            kind(ids.PERIOD, "value"),
            kind(ids.START, "value"),
            kind(ids.END, "value"),
            kind(ids.TEAM, "value"),
            kind(ids.MEMBER, "value"),
            *[kind(ids.option(o.key), "value") for o in self.view.report.options],
        ]

    @property
    def size(self) -> int:
        return 5 + len(self.view.report.options)

    def parse(self, values: Sequence) -> FilterInput:
        preset, start, end, team, member, *options = values
        return FilterInput(
            preset=preset,
            start=_date(start),
            end=_date(end),
            team_id=parse_int(team),
            user_id=parse_int(member),
            options={
                o.key: v for o, v in zip(self.view.report.options, options, strict=True)
            },
        )

    def resolve(self, session, actor, values: Sequence) -> ReportFilters:
        """Raises PermissionDenied, ValidationFailed, NotFound."""
        return resolve_filters(
            session,
            actor,
            self.view.report,
            self.parse(values),
            today=local_today(),
            zone=company_zone(),
        )


def describe(view: ReportView, filters: ReportFilters) -> str:
    """The filters in words, for chart titles, the page summary and exports."""
    period = filters.period
    days = period.start.isoformat()
    if period.end != period.start:
        days += f" – {period.end.isoformat()}"
    parts = [days, filters.subject.label or _("Everyone")]
    for option in view.report.options:
        value = filters.options[option.key]
        label = next(text for v, text in option.choices if v == value)
        parts.append(f"{_(option.label)}: {_(label)}")
    return " · ".join(parts)


def _error_message(error: ServiceError):
    if isinstance(error, ValidationFailed):
        return alert(" ".join(_(message) for message in error.errors.values()))
    return error_alert(error)


def section_loader(view: ReportView, section_key: str, filter_state: FilterState):
    section = view.report.section(section_key)
    builder = view.figures.get(section_key)

    def load_section(*values):
        actor = current_actor()
        try:
            with read_session() as session:
                filters = filter_state.resolve(session, actor, values)
                table = localised(section.load(session, actor, filters))
        except ServiceError:
            empty = Table((), [])
            return ([{}] if builder else []) + [[], column_defs(empty.columns)]
        title = f"{_(section.title)} · {describe(view, filters)}"
        rendered = [builder(table, title)] if builder else []
        return rendered + [grid_rows(table), column_defs(table.columns)]

    return load_section


def summary_loader(view: ReportView, filter_state: FilterState):
    def load_summary(*values):
        actor = current_actor()
        try:
            with read_session() as session:
                filters = filter_state.resolve(session, actor, values)
        except ServiceError as error:
            return "", _error_message(error)
        return describe(view, filters), None

    return load_summary


def member_options(team, member):
    """The team's members; a member chosen in the URL stays chosen."""
    with read_session() as session:
        members = subject_members(session, current_actor(), parse_int(team))
    options = [{"label": name, "value": str(uid)} for uid, name in members]
    keep = member if any(o["value"] == member for o in options) else None
    return options, keep if ctx.triggered_id is None else None


def _drill_rows(page: DrillPage) -> tuple[list[dict], list[dict]]:
    columns = column_defs(page.columns)
    rows = grid_rows(localised(Table(page.columns, page.rows)))
    if any(row.get("open") for row in page.rows):
        columns.insert(
            0,
            {
                "field": "_open",
                "headerName": "",
                "cellRenderer": "markdown",
                "maxWidth": 90,
            },
        )
        for shown, row in zip(rows, page.rows, strict=True):
            kind, record_id = row.get("open") or (None, None)
            if kind in OPEN_PATHS:
                shown["_open"] = f"[{_('Open')}]({OPEN_PATHS[kind].format(record_id)})"
    return columns, rows


def drill_loader(view: ReportView, filter_state: FilterState):
    ids = ReportPage(view.report.key)
    sections = view.report.sections
    charted = [s.key for s in sections if s.key in view.figures]

    def clicked_target(grids_rows) -> dict | None:
        """{section, row, column} of the point or cell just clicked."""
        trigger = ctx.triggered_id
        for key in charted:
            if trigger == ids.graph(key):
                # A unified hover reports every trace at the clicked x: the
                # first trace (the bars, by convention) wins.
                points = (ctx.triggered[0]["value"] or {}).get("points") or []
                drillable = [
                    p
                    for p in points
                    if isinstance(p.get("customdata"), list)
                    and len(p["customdata"]) == 2
                    and p["customdata"][0]
                ]
                if not drillable:
                    return None
                row, column = min(drillable, key=lambda p: p.get("curveNumber", 0))[
                    "customdata"
                ]
                return {"section": key, "row": row, "column": column}
        for section, rows in zip(sections, grids_rows, strict=True):
            if trigger == ids.grid(section.key):
                cell = ctx.triggered[0]["value"] or {}
                row = next((r for r in rows or [] if r["_id"] == cell.get("rowId")), {})
                if not row.get("_drill"):
                    return None
                return {
                    "section": section.key,
                    "row": row["_drill"],
                    "column": cell.get("colId"),
                }
        return None

    def load_drill(*args):
        n_points = len(charted) + len(sections)
        page = args[n_points]
        values = args[n_points + 1 : n_points + 1 + filter_state.size]
        grids_rows = args[n_points + 1 + filter_state.size : -1]
        target = args[-1]
        if ctx.triggered_id != ids.DRILL_PAGER:
            target, page = clicked_target(grids_rows), 1
            if target is None:
                return (no_update,) * 9
        if not target:
            return (no_update,) * 9
        actor = current_actor()
        try:
            with read_session() as session:
                filters = filter_state.resolve(session, actor, values)
                section = view.report.section(target["section"])
                if section.drill is None:
                    raise NotFound()
                result = section.drill(
                    session,
                    actor,
                    filters,
                    str(target["row"]),
                    str(target["column"]),
                    page or 1,
                    DRILL_PAGE_SIZE,
                )
        except ServiceError as error:
            return True, _("Records"), _error_message(error), [], [], 1, 1, "", target
        summary = _("{n} records", n=result.total)
        if result.amount is not None:
            summary += " · " + format_money(result.amount)
        columns, rows = _drill_rows(result)
        total = _("Page {page} of {pages}", page=result.page, pages=result.page_count)
        return (
            True,
            _(result.title),
            summary,
            columns,
            rows,
            result.page_count,
            result.page,
            total,
            target,
        )

    return load_drill


def data_exporter(view: ReportView, filter_state: FilterState):
    ids = ReportPage(view.report.key)
    triggers = {
        ids.export(s.key, fmt): (s, fmt)
        for s in view.report.sections
        for fmt in ("xlsx", "csv")
    }

    def export_data(*args):
        if ctx.triggered_id not in triggers or not ctx.triggered[0]["value"]:
            return no_update, no_update
        section, fmt = triggers[ctx.triggered_id]
        values = args[len(triggers) :]
        actor = current_actor()
        try:
            with read_session() as session:
                filters = filter_state.resolve(session, actor, values)
                table = localised(section.load(session, actor, filters))
        except ServiceError as error:
            return no_update, _error_message(error)
        filename, content = export_table(
            table,
            title=f"{_(view.report.title)} · {_(section.title)}",
            labels=_,
            fmt=fmt,
            generated_at=local_now(),
            generated_by=actor.display_name,
            filter_lines=[describe(view, filters)],
        )
        return dcc.send_bytes(content, filename), None

    return export_data, list(triggers)


def format_cell(column: Column, value) -> str:
    """A table value as the page shows it (money, percent, grouping)."""
    if value is None:
        return ""
    if column.kind == "money":
        return format_money(value)
    if column.kind == "percent":
        return format_percent(value)
    if column.kind == "int":
        return format_number(value)
    if column.kind in ("days", "hours"):
        return f"{float(value):.1f}"
    if column.kind == "date":
        return format_date(value)
    return str(value)


def pdf_exporter(view: ReportView, filter_state: FilterState):
    report = view.report

    def export_pdf(n_clicks, *values):
        if not n_clicks:
            return no_update, no_update
        actor = current_actor()
        try:
            with read_session() as session:
                filters = filter_state.resolve(session, actor, values)
                tables = [
                    (section, localised(section.load(session, actor, filters)))
                    for section in report.sections
                ]
        except ServiceError as error:
            return no_update, _error_message(error)
        described = describe(view, filters)
        sections = []
        for section, table in tables:
            builder = view.figures.get(section.key)
            title = _(section.title)
            figure = builder(table, f"{title} · {described}") if builder else None
            sections.append(
                PdfSection.of(title, figure, table, label=_, cell=format_cell)
            )
        now = local_now()
        try:
            content = render_report_pdf(
                title=_(report.title),
                filter_lines=[described],
                generated_by=actor.display_name,
                generated_at=now.strftime("%Y-%m-%d %H:%M"),
                sections=sections,
                language=actor.language,
            )
        except ReportSetupError:
            log.exception("PDF report could not be rendered")
            return no_update, alert(_("The PDF report could not be created."))
        filename = export_filename(_(report.title), "pdf", now)
        return dcc.send_bytes(content, filename), None

    return export_pdf


def register_view(app: Dash, view: ReportView) -> None:
    ids = ReportPage(view.report.key)
    filter_state = FilterState(view)
    sections = view.report.sections
    charted = [s.key for s in sections if s.key in view.figures]
    app.clientside_callback(
        ClientsideFunction("report", "syncUrl"),
        Output(ids.URL_SYNC, "data"),
        *filter_state.inputs(),
        State(ids.URL_KEYS, "data"),
    )
    app.clientside_callback(
        ClientsideFunction("report", "toggleRange"),
        Output(ids.RANGE_BOX, "style"),
        Input(ids.PERIOD, "value"),
    )
    if charted:
        app.clientside_callback(
            ClientsideFunction("report", "downloadImage"),
            Output(ids.DRILL_TARGET, "data", allow_duplicate=True),
            *[
                Input(ids.export(key, fmt), "n_clicks")
                for key in charted
                for fmt in ("png", "svg")
            ],
            prevent_initial_call=True,
        )
    app.callback(
        Output(ids.MEMBER, "options"),
        Output(ids.MEMBER, "value"),
        Input(ids.TEAM, "value"),
        State(ids.MEMBER, "value"),
    )(member_options)
    app.callback(
        Output(ids.SUMMARY, "children"),
        Output(ids.MESSAGE, "children"),
        *filter_state.inputs(),
    )(summary_loader(view, filter_state))
    for section in sections:
        outputs = (
            [Output(ids.graph(section.key), "figure")] if section.key in charted else []
        )
        app.callback(
            *outputs,
            Output(ids.grid(section.key), "rowData"),
            Output(ids.grid(section.key), "columnDefs"),
            *filter_state.inputs(),
        )(section_loader(view, section.key, filter_state))
    app.callback(
        Output(ids.DRILL, "is_open"),
        Output(ids.DRILL_TITLE, "children"),
        Output(ids.DRILL_SUMMARY, "children"),
        Output(ids.DRILL_GRID, "columnDefs"),
        Output(ids.DRILL_GRID, "rowData"),
        Output(ids.DRILL_PAGER, "max_value"),
        Output(ids.DRILL_PAGER, "active_page"),
        Output(ids.DRILL_TOTAL, "children"),
        Output(ids.DRILL_TARGET, "data"),
        *[Input(ids.graph(key), "clickData") for key in charted],
        *[Input(ids.grid(s.key), "cellClicked") for s in sections],
        Input(ids.DRILL_PAGER, "active_page"),
        *filter_state.inputs(State),
        *[State(ids.grid(s.key), "rowData") for s in sections],
        State(ids.DRILL_TARGET, "data"),
        prevent_initial_call=True,
    )(drill_loader(view, filter_state))
    app.callback(
        Output(ids.DOWNLOAD, "data", allow_duplicate=True),
        Output(ids.MESSAGE, "children", allow_duplicate=True),
        Input(ids.PDF, "n_clicks"),
        *filter_state.inputs(State),
        prevent_initial_call=True,
    )(pdf_exporter(view, filter_state))
    export_data, triggers = data_exporter(view, filter_state)
    app.callback(
        Output(ids.DOWNLOAD, "data"),
        Output(ids.MESSAGE, "children", allow_duplicate=True),
        *[Input(trigger, "n_clicks") for trigger in triggers],
        *filter_state.inputs(State),
        prevent_initial_call=True,
    )(export_data)


def register(app: Dash) -> None:
    for view in report_views():
        register_view(app, view)
