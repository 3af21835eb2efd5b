"""Operation log callbacks: search a page, show one entry's before/after, export
the filtered log as CSV."""

from __future__ import annotations

import datetime as dt

import dash_bootstrap_components as dbc
import flask
from dash import Dash, Input, Output, State, ctx, dcc, html, no_update

from dashboard.components.feedback import error_alert
from dashboard.context import current_actor, read_session
from dashboard.i18n import _, current_language, format_datetime
from dashboard.ids import AdminLog as ids
from dashboard.labels import ACTION_LABELS, FIELD_LABELS, OBJECT_TYPE_LABELS
from dashboard.parsing import parse_int, require_click
from services import dictionaries
from services.errors import ServiceError
from services.operation_log import (
    LogFilter,
    export_log_csv,
    get_log_entry,
    search_log,
)
from services.org import user_names

# Fields holding a dictionary code (shown as its label) or a user id (a name).
DICTIONARY_FIELDS = {
    "source": "customer_source",
    "industry": "industry",
    "level": "customer_level",
    "followup_type": "followup_type",
}
USER_FIELDS = {"owner_id", "last_owner_id", "supervisor_id", "leader_id", "actor_id"}


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def build_filter(user, object_type, object_id, action, date_from, date_to, **paging):
    return LogFilter(
        actor_id=parse_int(user),
        object_type=object_type or None,
        object_id=parse_int(object_id),
        action=action or None,
        date_from=_date(date_from),
        date_to=_date(date_to),
        timezone=flask.current_app.config["PELAGO_TIMEZONE"],
        **paging,
    )


def action_label(action: str) -> str:
    return _(ACTION_LABELS[action]) if action in ACTION_LABELS else action


def field_label(field: str) -> str:
    return _(FIELD_LABELS[field]) if field in FIELD_LABELS else field


def object_label(object_type: str) -> str:
    label = OBJECT_TYPE_LABELS.get(object_type)
    return _(label) if label else object_type


def load_log(user, object_type, object_id, action, date_from, date_to, page_size, page):
    """Query one page; any filter change goes back to page 1."""
    if ctx.triggered_id != ids.PAGER:
        page = 1
    flt = build_filter(
        user,
        object_type,
        object_id,
        action,
        date_from,
        date_to,
        page=page or 1,
        page_size=parse_int(page_size) or 20,
    )
    try:
        with read_session() as session:
            result = search_log(session, current_actor(), flt)
    except ServiceError as error:
        return [], 1, 1, "", error_alert(error)
    rows = [
        {
            "id": str(row["id"]),
            "time": format_datetime(row["at"]),
            "actor": row["actor"] or _("System"),
            "action_label": action_label(row["action"]),
            "object_label": object_label(row["object_type"]),
            "object_id": row["object_id"],
            "changes_label": _("Fields: {count}", count=len(row["changes"]))
            if row["changes"]
            else "",
        }
        for row in result.rows
    ]
    total = _("Total: {total}", total=f"{result.total:,}")
    return rows, result.page_count, result.page, total, None


def _display(field: str, value, labels: dict, names: dict) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if field in DICTIONARY_FIELDS:
        return labels.get((DICTIONARY_FIELDS[field], value), str(value))
    if field in USER_FIELDS and isinstance(value, int):
        return names.get(value, str(value))
    if field.endswith("_at") and isinstance(value, str):
        try:
            return format_datetime(dt.datetime.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def diff_table(entry: dict, labels: dict, names: dict) -> html.Div:
    header = html.P(
        [
            html.Strong(entry["actor"] or _("System")),
            f" · {action_label(entry['action'])} · ",
            f"{object_label(entry['object_type'])} #{entry['object_id'] or '—'} · ",
            format_datetime(entry["at"]),
        ],
        className="text-muted",
    )
    if not entry["changes"]:
        return html.Div([header, html.P(_("No field values were recorded."))])
    return html.Div(
        [
            header,
            dbc.Table(
                [
                    html.Thead(
                        html.Tr(
                            [
                                html.Th(_("Field")),
                                html.Th(_("Before")),
                                html.Th(""),
                                html.Th(_("After")),
                            ]
                        )
                    ),
                    html.Tbody(
                        [
                            html.Tr(
                                [
                                    html.Td(field_label(change["field"])),
                                    html.Td(
                                        _display(
                                            change["field"],
                                            change["before"],
                                            labels,
                                            names,
                                        ),
                                        className="diff-before",
                                    ),
                                    html.Td("→"),
                                    html.Td(
                                        _display(
                                            change["field"],
                                            change["after"],
                                            labels,
                                            names,
                                        ),
                                        className="diff-after",
                                    ),
                                ]
                            )
                            for change in entry["changes"]
                        ]
                    ),
                ],
                size="sm",
                className="log-diff-table",
                id="admin-log-diff-table",
            ),
        ]
    )


def open_diff(cell):
    """A click on a row's "Changes" cell opens its before/after view."""
    entry_id = parse_int((cell or {}).get("rowId"))
    if entry_id is None or cell.get("colId") != "changes_label":
        return no_update, no_update, no_update, no_update
    try:
        with read_session() as session:
            entry = get_log_entry(session, current_actor(), entry_id)
            user_ids = {
                value
                for change in entry["changes"]
                if change["field"] in USER_FIELDS
                for value in (change["before"], change["after"])
                if isinstance(value, int)
            }
            names = user_names(session, user_ids)
            labels = dictionaries.labels(session, current_language())
    except ServiceError as error:
        return False, no_update, no_update, error_alert(error)
    title = _("Changes of entry {id}", id=entry["id"])
    return True, title, diff_table(entry, labels, names), no_update


def export_csv(n_clicks, user, object_type, object_id, action, date_from, date_to):
    require_click(n_clicks)
    flt = build_filter(user, object_type, object_id, action, date_from, date_to)
    try:
        with read_session() as session:
            data = export_log_csv(
                session,
                current_actor(),
                flt,
                translate=_,
                action_label=action_label,
                field_label=field_label,
            )
    except ServiceError as error:
        return no_update, error_alert(error)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M")
    return dcc.send_bytes(data, f"operation-log-{stamp}.csv"), None


FILTERS = (
    (ids.USER, "value"),
    (ids.OBJECT_TYPE, "value"),
    (ids.OBJECT_ID, "value"),
    (ids.ACTION, "value"),
    (ids.DATE_FROM, "value"),
    (ids.DATE_TO, "value"),
)


def register(app: Dash) -> None:
    app.callback(
        Output(ids.GRID, "rowData"),
        Output(ids.PAGER, "max_value"),
        Output(ids.PAGER, "active_page"),
        Output(ids.TOTAL, "children"),
        Output(ids.MESSAGE, "children"),
        *(Input(*spec) for spec in FILTERS),
        Input(ids.PAGE_SIZE, "value"),
        Input(ids.PAGER, "active_page"),
    )(load_log)
    app.callback(
        Output(ids.DIFF_MODAL, "is_open"),
        Output(ids.DIFF_TITLE, "children"),
        Output(ids.DIFF_BODY, "children"),
        Output(ids.MESSAGE, "children", allow_duplicate=True),
        Input(ids.GRID, "cellClicked"),
        prevent_initial_call=True,
    )(open_diff)
    app.callback(
        Output(ids.DOWNLOAD, "data"),
        Output(ids.MESSAGE, "children", allow_duplicate=True),
        Input(ids.EXPORT, "n_clicks"),
        *(State(*spec) for spec in FILTERS),
        prevent_initial_call=True,
    )(export_csv)
