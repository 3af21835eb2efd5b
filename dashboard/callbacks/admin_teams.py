"""Administration · teams: tree, select, save (create/rename/move/leader), delete."""

from __future__ import annotations

from dash import Dash, no_update

from dashboard.callbacks.tree_editor import (
    clicked_node_id,
    register_tree_editor,
    remove_node,
    save_node,
    tree_item,
)
from dashboard.components.admin import team_options
from dashboard.components.feedback import error_alert, field_feedback
from dashboard.components.forms import select_options
from dashboard.context import current_actor, read_session
from dashboard.i18n import _
from dashboard.ids import AdminTeams as ids
from dashboard.parsing import NO_CHOICE, parse_choice, parse_int, require_click
from services.errors import ServiceError
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
        tree_item(
            ids,
            node,
            name_class="team-name fw-semibold",
            detail=" · ".join(
                part
                for part in (
                    _("{count} users", count=node.member_count),
                    _("Leader: {name}", name=node.leader_name)
                    if node.leader_name
                    else "",
                )
                if part
            ),
            selected=selected,
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
    team_id = clicked_node_id(ids)
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

    def write(session, actor):
        if target:
            team = update_team(session, actor, target, data)
        else:
            team = create_team(session, actor, data)
        return team.id, team.name

    return save_node(
        errors,
        write,
        refresh,
        fields=FIELDS,
        saved=lambda name: _("Team {name} saved.", name=name),
        edit_title=lambda name: _("Edit team: {name}", name=name),
    )


def remove_team(n_clicks, team_id, refresh):
    require_click(n_clicks)
    return remove_node(
        delete_team,
        team_id,
        refresh,
        deleted=_("Team deleted."),
        new_title=_("New team"),
    )


def register(app: Dash) -> None:
    register_tree_editor(
        app,
        ids,
        node_store=ids.TEAM_ID,
        option_fields=("parent_id", "leader_id"),
        also_disabled=(),
        load_tree=load_tree,
        select=select_team,
        save=save_team,
        remove=remove_team,
    )
