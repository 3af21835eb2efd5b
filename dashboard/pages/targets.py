"""Performance targets (业绩设置): a monthly grid per team, year and metric."""

import datetime as dt

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.admin import forbidden
from dashboard.components.targets_grid import target_columns
from dashboard.context import current_actor, read_session
from dashboard.i18n import _
from dashboard.ids import Targets as ids
from dashboard.labels import TARGET_METRIC_LABELS
from services.permissions import TARGET_MANAGE
from services.targets import managed_teams

dash.register_page(
    __name__,
    path="/targets",
    order=60,
    title=lambda **_kw: f"{_('Performance targets')} · Pelago",
)


def layout(team: str | None = None, year: str | None = None, **_query):
    actor = current_actor()
    if not actor.can(TARGET_MANAGE):
        return forbidden()
    with read_session() as session:
        teams = managed_teams(session, actor)
    this_year = dt.date.today().year
    chosen_year = int(year) if year and year.isdigit() else this_year + 1
    team_ids = [team_id for team_id, _n, _d in teams]
    chosen_team = int(team) if team and team.isdigit() else None
    if chosen_team not in team_ids:
        chosen_team = team_ids[0] if team_ids else None
    return html.Div(
        [
            dcc.Store(id=ids.REFRESH, data=0),
            html.H2(_("Performance targets"), className="page-title mb-1"),
            html.P(
                _(
                    "Monthly targets per team and member. The bottom row adds up "
                    "the members, to compare with the team's own target."
                ),
                className="text-muted",
            ),
            dbc.Row(
                [
                    dbc.Col(
                        dbc.Select(
                            id=ids.TEAM,
                            options=[
                                {"label": "\u2003" * depth + name, "value": str(tid)}
                                for tid, name, depth in teams
                            ],
                            value=str(chosen_team) if chosen_team else None,
                        ),
                        md=3,
                    ),
                    dbc.Col(
                        dbc.Select(
                            id=ids.YEAR,
                            options=[
                                {"label": str(y), "value": str(y)}
                                for y in range(this_year - 2, this_year + 3)
                            ],
                            value=str(chosen_year),
                        ),
                        md=2,
                    ),
                    dbc.Col(
                        dbc.Select(
                            id=ids.METRIC,
                            options=[
                                {"label": _(label), "value": code}
                                for code, label in TARGET_METRIC_LABELS.items()
                            ],
                            value="contract_amount",
                        ),
                        md=3,
                    ),
                    dbc.Col(
                        dbc.Button(
                            [html.I(className="bi bi-files me-1"), _("Copy last year")],
                            id=ids.COPY,
                            color="secondary",
                            outline=True,
                        ),
                        md="auto",
                    ),
                ],
                className="g-2 mb-3",
            ),
            html.Div(id=ids.MESSAGE),
            dag.AgGrid(
                id=ids.GRID,
                columnDefs=target_columns(),
                rowData=[],
                defaultColDef={"resizable": True, "suppressMovable": True},
                dashGridOptions={
                    "rowSelection": {
                        "mode": "singleRow",
                        "checkboxes": False,
                        "enableClickSelection": True,
                    },
                    "singleClickEdit": True,
                    # 14 columns: render them all (tests and screen readers see
                    # every month, not only those scrolled into view).
                    "suppressColumnVirtualisation": True,
                    "stopEditingWhenCellsLoseFocus": True,
                    "localeText": {"noRowsToShow": _("No teams to set targets for.")},
                },
                getRowId="params.data.id",
                className="ag-theme-quartz",
                style={"height": "420px", "width": "100%"},
            ),
            dbc.Row(
                [
                    dbc.Col(
                        dbc.InputGroup(
                            [
                                dbc.Input(
                                    id=ids.YEARLY,
                                    placeholder=_("Yearly amount for the selected row"),
                                    inputmode="decimal",
                                ),
                                dbc.Button(
                                    _("Spread over 12 months"),
                                    id=ids.DISTRIBUTE,
                                    color="secondary",
                                ),
                            ]
                        ),
                        md=6,
                    ),
                    dbc.Col(
                        dbc.Button(_("Save targets"), id=ids.SAVE, color="primary"),
                        className="text-end",
                    ),
                ],
                className="g-2 mt-3",
            ),
        ]
    )
