"""Administration · teams: tree, select, save (create/rename/move/leader), delete."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import ALL, Dash, Input, Output, State, ctx, html, no_update
from dash.exceptions import PreventUpdate

from dashboard.components.admin import team_options
from dashboard.components.feedback import alert, error_alert, field_feedback, toast
from dashboard.components.forms import select_options
from dashboard.context import current_actor, read_session, unit_of_work
from dashboard.i18n import _
from dashboard.ids import AdminTeams as ids
from dashboard.parsing import NO_CHOICE, parse_choice, parse_int, require_click
from services.errors import ServiceError, ValidationFailed
from services.msgid import N_
from services.org import team_subtree_ids
from services.teams import (
    TeamIn,
    create_team,
    delete_team,
    get_team,
    leader_candidates,
    team_tree,
    update_team,
)

FIELDS = ids.FIELDS


def load_tree(_refresh, selected):
    """The tree as a list, indented by depth; the selected team is highlighted."""
    try:
        with read_session() as session:
            nodes = team_tree(session, current_actor())
    except ServiceError as error:
        return error_alert(error)
    return [
        dbc.ListGroupItem(
            [
                html.Span(
                    node.name,
                    className="team-name fw-semibold",
                    style={"paddingLeft": f"{node.depth * 1.25}rem"},
                ),
                html.Small(
                    " · ".join(
                        part
                        for part in (
                            _("{count} users", count=node.member_count),
                            _("Leader: {name}", name=node.leader_name)
                            if node.leader_name
                            else "",
                        )
                        if part
                    ),
                    className="text-muted ms-2",
                ),
            ],
            id={"type": ids.NODE, "index": node.id},
            action=True,
            active=node.id == selected,
            n_clicks=0,
        )
        for node in nodes
    ]


def _options(session, actor, team_id: int | None) -> tuple[list, list]:
    nodes = team_tree(session, actor)
    exclude = team_subtree_ids(session, team_id) if team_id else set()
    parents = select_options(team_options(nodes, exclude), _("None (top level)"))
    leaders = select_options(
        [
            {"label": name, "value": str(uid)}
            for uid, name in (
                leader_candidates(session, actor, team_id) if team_id else []
            )
        ],
        _("No leader"),
    )
    return parents, leaders


def select_team(_node_clicks, _new_clicks):
    """Fill the editor from the clicked team, or empty it for a new one."""
    if ctx.triggered_id in (ids.NEW, None):  # None: the page's first call
        team_id = None
    elif ctx.triggered and ctx.triggered[0]["value"]:
        team_id = parse_int(ctx.triggered_id["index"])
    else:
        raise PreventUpdate  # the tree was re-rendered, nobody clicked
    actor = current_actor()
    try:
        with read_session() as session:
            parents, leaders = _options(session, actor, team_id)
            team = get_team(session, actor, team_id) if team_id else None
    except ServiceError as error:
        return (no_update,) * 9 + (error_alert(error),) + (no_update,) * 8
    if team is None:
        values = ("", NO_CHOICE, NO_CHOICE, 0)
        title = _("New team")
    else:
        values = (
            team.name,
            str(team.parent_id) if team.parent_id else NO_CHOICE,
            str(team.leader_id) if team.leader_id else NO_CHOICE,
            team.sort_order or 0,
        )
        title = _("Edit team: {name}", name=team.name)
    return (
        team_id,
        title,
        team is None,
        parents,
        leaders,
        *values,
        None,
        *field_feedback({}, FIELDS),
    )


def _sort_order(value) -> tuple[int, dict[str, str]]:
    if value in (None, ""):
        return 0, {}
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = 0.5
    if not number.is_integer():
        return 0, {"sort_order": N_("Enter a whole number.")}
    return int(number), {}


def save_team(n_clicks, team_id, refresh, name, parent, leader, sort_order):
    require_click(n_clicks)
    target = parse_int(team_id)
    order, errors = _sort_order(sort_order)
    for field, value in (("parent_id", parent), ("leader_id", leader)):
        if parse_choice(value) and parse_int(value) is None:
            errors[field] = (
                N_("Unknown team.")
                if field == "parent_id"
                else N_("Choose an active member of this team or its sub-teams.")
            )
    data = TeamIn(
        name=name,
        parent_id=parse_int(parse_choice(parent)),
        leader_id=parse_int(parse_choice(leader)),
        sort_order=order,
    )
    try:
        if errors:
            raise ValidationFailed(errors)
        with unit_of_work() as session:
            actor = current_actor()
            if target:
                team = update_team(session, actor, target, data)
            else:
                team = create_team(session, actor, data)
            saved_id, saved_name = team.id, team.name
    except ValidationFailed as error:
        return (
            *field_feedback(error.errors, FIELDS),
            error_alert(error),
            no_update,
            no_update,
            no_update,
            no_update,
        )
    except ServiceError as error:
        return (
            *field_feedback({}, FIELDS),
            error_alert(error),
            no_update,
            no_update,
            no_update,
            no_update,
        )
    return (
        *field_feedback({}, FIELDS),
        toast(_("Team {name} saved.", name=saved_name)),
        (refresh or 0) + 1,
        saved_id,
        _("Edit team: {name}", name=saved_name),
        False,
    )


def remove_team(n_clicks, team_id, refresh):
    require_click(n_clicks)
    try:
        with unit_of_work() as session:
            delete_team(session, current_actor(), parse_int(team_id) or 0)
    except ValidationFailed as error:
        return alert(" ".join(_(m) for m in error.errors.values())), *(no_update,) * 5
    except ServiceError as error:
        return error_alert(error), *(no_update,) * 5
    return (
        toast(_("Team deleted.")),
        (refresh or 0) + 1,
        None,
        _("New team"),
        True,
        "",
    )


def register(app: Dash) -> None:
    app.callback(
        Output(ids.TREE, "children"),
        Input(ids.REFRESH, "data"),
        Input(ids.TEAM_ID, "data"),
    )(load_tree)
    app.callback(
        Output(ids.TEAM_ID, "data"),
        Output(ids.TITLE, "children"),
        Output(ids.DELETE, "disabled"),
        Output(ids.field("parent_id"), "options"),
        Output(ids.field("leader_id"), "options"),
        *[Output(ids.field(name), "value") for name in FIELDS],
        Output(ids.MESSAGE, "children"),
        *[Output(ids.field(name), "invalid") for name in FIELDS],
        *[Output(ids.feedback(name), "children") for name in FIELDS],
        Input({"type": ids.NODE, "index": ALL}, "n_clicks"),
        Input(ids.NEW, "n_clicks"),
    )(select_team)
    app.callback(
        *[Output(ids.field(name), "invalid", allow_duplicate=True) for name in FIELDS],
        *[
            Output(ids.feedback(name), "children", allow_duplicate=True)
            for name in FIELDS
        ],
        Output(ids.MESSAGE, "children", allow_duplicate=True),
        Output(ids.REFRESH, "data"),
        Output(ids.TEAM_ID, "data", allow_duplicate=True),
        Output(ids.TITLE, "children", allow_duplicate=True),
        Output(ids.DELETE, "disabled", allow_duplicate=True),
        Input(ids.SAVE, "n_clicks"),
        State(ids.TEAM_ID, "data"),
        State(ids.REFRESH, "data"),
        *[State(ids.field(name), "value") for name in FIELDS],
        prevent_initial_call=True,
    )(save_team)
    app.callback(
        Output(ids.MESSAGE, "children", allow_duplicate=True),
        Output(ids.REFRESH, "data", allow_duplicate=True),
        Output(ids.TEAM_ID, "data", allow_duplicate=True),
        Output(ids.TITLE, "children", allow_duplicate=True),
        Output(ids.DELETE, "disabled", allow_duplicate=True),
        Output(ids.field("name"), "value", allow_duplicate=True),
        Input(ids.DELETE, "n_clicks"),
        State(ids.TEAM_ID, "data"),
        State(ids.REFRESH, "data"),
        prevent_initial_call=True,
    )(remove_team)
