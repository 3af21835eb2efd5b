"""Team tree administration: create, rename, move, leader, sort order, delete."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import Base, Team, User
from services.actor import Actor
from services.audit import changed_fields, record_audit, snapshot
from services.errors import NotFound, ValidationFailed
from services.msgid import N_
from services.normalize import clean
from services.org import children_by_parent, team_subtree_ids
from services.permissions import ADMIN_USERS

MAX_SORT_ORDER = 1_000_000


@dataclass(frozen=True)
class TeamIn:
    name: str | None = None
    parent_id: int | None = None
    leader_id: int | None = None
    sort_order: int = 0


@dataclass(frozen=True)
class TeamNode:
    """One team of the tree, depth-first: `depth` 0 for roots."""

    id: int
    name: str
    parent_id: int | None
    leader_id: int | None
    leader_name: str
    sort_order: int
    depth: int
    member_count: int  # users directly in this team, disabled ones included
    child_count: int


def team_tree(session: Session, actor: Actor) -> list[TeamNode]:
    """Every team, depth-first in sort order. Raises PermissionDenied."""
    actor.require(ADMIN_USERS)
    teams = {t.id: t for t in session.scalars(select(Team))}
    members = dict(
        session.execute(
            select(User.team_id, func.count())
            .where(User.team_id.is_not(None))
            .group_by(User.team_id)
        ).all()
    )
    leader_ids = {t.leader_id for t in teams.values() if t.leader_id}
    leaders = dict(
        session.execute(
            select(User.id, User.display_name).where(User.id.in_(leader_ids))
        ).all()
    )
    children = children_by_parent(session)
    nodes: list[TeamNode] = []

    def walk(team_id: int, depth: int) -> None:
        team = teams[team_id]
        nodes.append(
            TeamNode(
                id=team.id,
                name=team.name,
                parent_id=team.parent_id,
                leader_id=team.leader_id,
                leader_name=leaders.get(team.leader_id or 0, ""),
                sort_order=team.sort_order or 0,
                depth=depth,
                member_count=members.get(team.id, 0),
                child_count=len(children.get(team.id, ())),
            )
        )
        for child in children.get(team_id, ()):
            walk(child, depth + 1)

    for root in children.get(None, ()):
        walk(root, 0)
    return nodes


def get_team(session: Session, actor: Actor, team_id: int) -> Team:
    """Raises PermissionDenied, NotFound."""
    actor.require(ADMIN_USERS)
    team = session.get(Team, team_id)
    if team is None:
        raise NotFound()
    return team


def leader_candidates(
    session: Session, actor: Actor, team_id: int
) -> list[tuple[int, str]]:
    """Active users of the team and its sub-teams: (id, display name).
    Raises PermissionDenied, NotFound."""
    get_team(session, actor, team_id)
    rows = session.execute(
        select(User.id, User.display_name)
        .where(
            User.team_id.in_(team_subtree_ids(session, team_id)),
            User.is_active.is_(True),
        )
        .order_by(User.display_name, User.id)
    )
    return [tuple(row) for row in rows]


def _team_errors(
    session: Session, data: TeamIn, name: str | None, team_id: int | None
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not name or len(name) > 100:
        errors["name"] = N_("Enter a name of 1 to 100 characters.")
    elif session.scalar(
        select(Team.id).where(
            Team.name == name,
            Team.parent_id.is_(None)
            if data.parent_id is None
            else Team.parent_id == data.parent_id,
            Team.id != (team_id or 0),
        )
    ):
        errors["name"] = N_("A team with this name already exists here.")
    subtree = team_subtree_ids(session, team_id) if team_id else set()
    if data.parent_id is not None:
        if session.get(Team, data.parent_id) is None:
            errors["parent_id"] = N_("Unknown team.")
        elif data.parent_id in subtree:
            errors["parent_id"] = N_(
                "A team cannot be moved under itself or one of its sub-teams."
            )
    if data.leader_id is not None:
        leader = session.get(User, data.leader_id)
        if leader is None or not leader.is_active or leader.team_id not in subtree:
            errors["leader_id"] = N_(
                "Choose an active member of this team or its sub-teams."
            )
    if not -MAX_SORT_ORDER <= (data.sort_order or 0) <= MAX_SORT_ORDER:
        errors["sort_order"] = N_("Enter a number between -1000000 and 1000000.")
    return errors


def create_team(session: Session, actor: Actor, data: TeamIn) -> Team:
    """A new team under `data.parent_id` (None: a new root). A new team has no
    members yet, so it cannot have a leader. Raises PermissionDenied,
    ValidationFailed."""
    actor.require(ADMIN_USERS)
    name = clean(data.name)
    errors = _team_errors(session, data, name, None)
    if errors:
        raise ValidationFailed(errors)
    team = Team(name=name, parent_id=data.parent_id, sort_order=data.sort_order or 0)
    session.add(team)
    session.flush()
    record_audit(session, actor, "team.create", "team", team.id, after=snapshot(team))
    return team


def update_team(session: Session, actor: Actor, team_id: int, data: TeamIn) -> Team:
    """Rename, move (never under itself or a descendant), set the leader and the
    sort order. Raises PermissionDenied, NotFound, ValidationFailed."""
    team = get_team(session, actor, team_id)
    name = clean(data.name)
    errors = _team_errors(session, data, name, team.id)
    if errors:
        raise ValidationFailed(errors)
    before = snapshot(team)
    team.name = name
    team.parent_id = data.parent_id
    team.leader_id = data.leader_id
    team.sort_order = data.sort_order or 0
    session.flush()
    old, new = changed_fields(before, snapshot(team))
    if new:
        record_audit(
            session, actor, "team.update", "team", team.id, before=old, after=new
        )
    return team


def _references(session: Session, team_id: int) -> int:
    """Rows of other tables that point at the team (history such as a customer's
    last team): every foreign key to teams.id, so new tables are covered too."""
    teams = Base.metadata.tables["teams"]
    total = 0
    for table in Base.metadata.tables.values():
        for fk in table.foreign_keys:
            if fk.column.table is not teams or table is teams:
                continue
            if table.name == "users":  # counted separately: "move them first"
                continue
            total += session.scalar(
                select(func.count()).select_from(table).where(fk.parent == team_id)
            )
    return total


def delete_team(session: Session, actor: Actor, team_id: int) -> None:
    """Delete an empty team: no users (disabled ones too), no sub-teams, nothing
    referring to it. Raises PermissionDenied, NotFound, ValidationFailed."""
    team = get_team(session, actor, team_id)
    errors: dict[str, str] = {}
    if session.scalar(select(func.count()).where(User.team_id == team.id)):
        errors["users"] = N_("The team still has users: move them to another team.")
    if session.scalar(select(func.count()).where(Team.parent_id == team.id)):
        errors["sub_teams"] = N_(
            "The team still has sub-teams: move or delete them first."
        )
    if not errors and _references(session, team.id):
        errors["references"] = N_(
            "Records still refer to this team, so it cannot be deleted."
        )
    if errors:
        raise ValidationFailed(errors)
    before = snapshot(team)
    session.delete(team)
    session.flush()
    record_audit(session, actor, "team.delete", "team", team_id, before=before)
