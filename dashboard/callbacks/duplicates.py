"""Duplicate check callbacks: run the check, render matches without leaking
details of customers outside the actor's scope."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Dash, Input, Output, State, html

from dashboard.components.feedback import alert, error_alert
from dashboard.context import current_actor, read_session
from dashboard.i18n import _, format_datetime
from dashboard.ids import Duplicates as ids
from dashboard.labels import STAGE_LABELS
from services.duplicates import MATCH_RANKS, DuplicateQuery, find_duplicate_customers
from services.errors import ServiceError, ValidationFailed
from services.msgid import N_

MATCH_LABELS = {
    "name_exact": N_("Same name"),
    "name_normalized": N_("Same name (normalised)"),
    "name_prefix": N_("Name starts the same"),
    "name_contains": N_("Name contains it"),
    "mobile_exact": N_("Same mobile"),
    "mobile_normalized": N_("Same mobile (normalised)"),
}
RANK_COLORS = {0: "danger", 1: "warning", 2: "secondary", 3: "light"}
FIELDS = ("name", "mobile")


def _badges(matches: list[str]) -> list:
    return [
        dbc.Badge(
            _(MATCH_LABELS[kind]),
            color=RANK_COLORS[MATCH_RANKS[kind]],
            text_color="dark" if MATCH_RANKS[kind] == 3 else None,
            className="me-1",
        )
        for kind in matches
    ]


def _owner(row: dict) -> str:
    return _("Public pool") if row["in_pool"] else row["owner"]


def _row(row: dict) -> html.Tr:
    if row["in_scope"]:
        cells = [
            html.Td(html.A(row["name"], href=f"/customers/{row['id']}")),
            html.Td(row["mobile"] or ""),
            html.Td(row["phone"] or ""),
            html.Td(_(STAGE_LABELS.get(row["stage"], row["stage"]))),
            html.Td(_owner(row)),
            html.Td(row["team"]),
            html.Td(format_datetime(row["created_at"]), className="text-nowrap"),
        ]
    else:
        cells = [
            html.Td(row["name"]),
            html.Td(
                [
                    html.I(className="bi bi-lock me-1"),
                    _("In the public pool")
                    if row["in_pool"]
                    else _("Outside your scope"),
                ],
                colSpan=3,
                className="text-muted",
            ),
            html.Td(_owner(row)),
            html.Td(row["team"]),
            html.Td(""),
        ]
    scope = "in-scope" if row["in_scope"] else "out-of-scope"
    return html.Tr(
        [html.Td(_badges(row["matches"])), *cells],
        className=f"duplicate-row {scope}",
    )


def results_table(rows: list[dict]) -> dbc.Table:
    headers = (
        _("Match"),
        _("Customer"),
        _("Mobile"),
        _("Phone"),
        _("Stage"),
        _("Owner"),
        _("Team"),
        _("Created"),
    )
    return dbc.Table(
        [
            html.Thead(html.Tr([html.Th(header) for header in headers])),
            html.Tbody([_row(row) for row in rows]),
        ],
        hover=True,
        size="sm",
        responsive=True,
        className="duplicates-table",
    )


def summary(rows: list[dict], truncated: bool) -> list:
    same = sum(1 for r in rows if min(MATCH_RANKS[k] for k in r["matches"]) <= 1)
    parts = [
        html.Span(
            _(
                "Same name or mobile: {same} · Similar names: {similar}",
                same=same,
                similar=len(rows) - same,
            ),
            id="duplicates-counts",
        )
    ]
    if truncated:
        parts.append(
            html.Div(
                _("More customers match than are shown: make the name more specific."),
                className="text-muted small",
            )
        )
    return parts


def run_check(_clicks, _name_submit, _mobile_submit, name, mobile):
    """(name feedback, mobile feedback, name invalid, mobile invalid, message,
    summary, results). Nothing to do until a name or a number is entered."""
    clear = ("", "", False, False)
    if not (name or "").strip() and not (mobile or "").strip():
        return (*clear, None, None, None)
    try:
        with read_session() as session:
            result = find_duplicate_customers(
                session, current_actor(), DuplicateQuery(name=name, mobile=mobile)
            )
    except ValidationFailed as error:
        errors = error.errors
        return (
            *[_(errors.get(f, "")) for f in FIELDS],
            *[f in errors for f in FIELDS],
            None,
            None,
            None,
        )
    except ServiceError as error:
        return (*clear, error_alert(error), None, None)
    if not result.rows:
        return (
            *clear,
            None,
            alert(_("No customer has this name or mobile."), color="success"),
            None,
        )
    return (
        *clear,
        None,
        summary(result.rows, result.truncated),
        results_table(result.rows),
    )


def register(app: Dash) -> None:
    app.callback(
        Output(ids.feedback("name"), "children"),
        Output(ids.feedback("mobile"), "children"),
        Output(ids.NAME, "invalid"),
        Output(ids.MOBILE, "invalid"),
        Output(ids.MESSAGE, "children"),
        Output(ids.SUMMARY, "children"),
        Output(ids.RESULTS, "children"),
        Input(ids.CHECK, "n_clicks"),
        Input(ids.NAME, "n_submit"),
        Input(ids.MOBILE, "n_submit"),
        State(ids.NAME, "value"),
        State(ids.MOBILE, "value"),
    )(run_check)
