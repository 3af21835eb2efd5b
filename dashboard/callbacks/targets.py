"""Performance targets: load the grid, save it, copy last year, spread a yearly
number over the months. The service re-checks which teams the user manages."""

from __future__ import annotations

from decimal import Decimal

from dash import Dash, Input, Output, State, ctx, no_update

from dashboard.components.feedback import alert, error_alert, toast
from dashboard.components.targets_grid import MONTH_FIELDS
from dashboard.context import current_actor, read_session, unit_of_work
from dashboard.i18n import _, format_money
from dashboard.ids import Targets as ids
from dashboard.parsing import parse_int, require_click
from services.errors import NotFound, ServiceError, ValidationFailed
from services.product_lines import parse_decimal
from services.targets import (
    TargetRowIn,
    copy_previous_year,
    distribute_yearly,
    save_targets,
    target_grid,
)


def _choice(team, year, metric) -> dict:
    """Raises NotFound when the team or year is not a number."""
    team_id, year_value = parse_int(team), parse_int(year)
    if team_id is None or year_value is None:
        raise NotFound()
    return {"team_id": team_id, "year": year_value, "metric": metric}


def _members_total(rows: list[dict]) -> list[dict]:
    """The pinned bottom row: each month summed over the member rows (cells that
    are not numbers yet are left out; saving reports them)."""
    members = [row for row in rows if row.get("subject", "").startswith("user:")]
    total = {"id": "members", "name": _("Members total"), "depth": 1}
    for field in MONTH_FIELDS:
        cells = [
            a for row in members if (a := parse_decimal(row.get(field))) is not None
        ]
        total[field] = str(sum(cells, Decimal(0))) if cells else ""
    return [total]


def load_grid(team, year, metric, _refresh):
    try:
        with read_session() as session:
            rows = target_grid(session, current_actor(), **_choice(team, year, metric))
    except ServiceError as error:
        return [], [], error_alert(error)
    data = [
        {
            "id": f"{row.subject_type}:{row.subject_id}",
            "subject": f"{row.subject_type}:{row.subject_id}",
            "name": row.name,
            "depth": row.depth,
            **{
                field: "" if value is None else str(value)
                for field, value in zip(MONTH_FIELDS, row.months, strict=True)
            },
        }
        for row in rows
    ]
    # A reload after saving keeps the save's message; a new choice clears it.
    message = no_update if ctx.triggered_id == ids.REFRESH else None
    return data, _members_total(data), message


def recount(_changed, rows):
    return _members_total(rows or [])


def _rows_in(rows: list[dict]) -> list[TargetRowIn]:
    parsed = []
    for row in rows or []:
        kind, _sep, subject_id = str(row.get("subject", "")).partition(":")
        if parse_int(subject_id) is None:
            raise NotFound()
        parsed.append(
            TargetRowIn(
                kind, int(subject_id), [row.get(field) for field in MONTH_FIELDS]
            )
        )
    return parsed


def _error_list(error: ValidationFailed, rows: list[dict]) -> list:
    """ "Rep A2 · Month 3: …" for each bad cell, in the user's language."""
    names = {row["subject"]: row["name"] for row in rows or []}
    lines = []
    for key, message in error.errors.items():
        subject, _sep, month = key.rpartition(":")
        where = f"{names.get(subject, subject)} · {_('Month {n}', n=month)}"
        lines.append(f"{where}: {_(message)}")
    return [alert(_("Please correct the highlighted fields."))] + [
        alert(line, "warning") for line in lines
    ]


def save_grid(n_clicks, rows, team, year, metric, refresh):
    require_click(n_clicks)
    try:
        with unit_of_work() as session:
            stored = save_targets(
                session,
                current_actor(),
                **_choice(team, year, metric),
                rows=_rows_in(rows),
            )
    except ValidationFailed as error:
        return _error_list(error, rows), no_update
    except ServiceError as error:
        return error_alert(error), no_update
    return toast(_("Targets saved ({n} months).", n=stored)), (refresh or 0) + 1


def copy_last_year(n_clicks, team, year, metric, refresh):
    require_click(n_clicks)
    try:
        with unit_of_work() as session:
            copied = copy_previous_year(
                session, current_actor(), **_choice(team, year, metric)
            )
    except ServiceError as error:
        return error_alert(error), no_update
    return toast(_("Copied {n} months from last year.", n=copied)), (refresh or 0) + 1


def spread(n_clicks, yearly, selected, rows):
    require_click(n_clicks)
    if not selected:
        return alert(_("Select a row first."), "warning"), no_update
    try:
        months = distribute_yearly(yearly)
    except ValidationFailed as error:
        (message,) = error.errors.values()
        return alert(_(message)), no_update
    subject = selected[0].get("subject")
    updated = [
        row
        | (
            {f: str(v) for f, v in zip(MONTH_FIELDS, months, strict=True)}
            if row.get("subject") == subject
            else {}
        )
        for row in rows or []
    ]
    message = _(
        "{amount} spread over 12 months: save to keep it.",
        amount=format_money(sum(months)),
    )
    return toast(message), updated


def register(app: Dash) -> None:
    app.callback(
        Output(ids.GRID, "rowData"),
        Output(ids.GRID, "pinnedBottomRowData"),
        Output(ids.MESSAGE, "children"),
        Input(ids.TEAM, "value"),
        Input(ids.YEAR, "value"),
        Input(ids.METRIC, "value"),
        Input(ids.REFRESH, "data"),
    )(load_grid)
    app.callback(
        Output(ids.GRID, "pinnedBottomRowData", allow_duplicate=True),
        Input(ids.GRID, "cellValueChanged"),
        State(ids.GRID, "rowData"),
        prevent_initial_call=True,
    )(recount)
    app.callback(
        Output(ids.MESSAGE, "children", allow_duplicate=True),
        Output(ids.REFRESH, "data"),
        Input(ids.SAVE, "n_clicks"),
        State(ids.GRID, "rowData"),
        State(ids.TEAM, "value"),
        State(ids.YEAR, "value"),
        State(ids.METRIC, "value"),
        State(ids.REFRESH, "data"),
        prevent_initial_call=True,
    )(save_grid)
    app.callback(
        Output(ids.MESSAGE, "children", allow_duplicate=True),
        Output(ids.REFRESH, "data", allow_duplicate=True),
        Input(ids.COPY, "n_clicks"),
        State(ids.TEAM, "value"),
        State(ids.YEAR, "value"),
        State(ids.METRIC, "value"),
        State(ids.REFRESH, "data"),
        prevent_initial_call=True,
    )(copy_last_year)
    app.callback(
        Output(ids.MESSAGE, "children", allow_duplicate=True),
        Output(ids.GRID, "rowData", allow_duplicate=True),
        Input(ids.DISTRIBUTE, "n_clicks"),
        State(ids.YEARLY, "value"),
        State(ids.GRID, "selectedRows"),
        State(ids.GRID, "rowData"),
        prevent_initial_call=True,
    )(spread)
