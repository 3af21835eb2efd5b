"""Organisation queries: team tree, data scope and the Actor built from a user."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from models import Role, Team, User
from services.actor import Actor
from services.errors import NotFound

_TEAM_FOCUS = re.compile(r"team:([0-9]{1,18})")


def children_by_parent(session: Session) -> dict[int | None, list[int]]:
    children: dict[int | None, list[int]] = defaultdict(list)
    rows = session.execute(
        select(Team.id, Team.parent_id).order_by(Team.sort_order, Team.id)
    )
    for team_id, parent_id in rows:
        children[parent_id].append(team_id)
    return children


def team_subtree_ids(session: Session, team_id: int) -> set[int]:
    """The team and all of its descendants."""
    children = children_by_parent(session)
    found, stack = set(), [team_id]
    while stack:
        current = stack.pop()
        if current not in found:
            found.add(current)
            stack.extend(children.get(current, ()))
    return found


def team_tree_rows(session: Session, team_ids: set[int]) -> list[tuple[int, str, int]]:
    """(id, name, depth) of the given teams in tree order; depth counts only the
    given ancestors, so a chosen subtree starts at 0."""
    if not team_ids:
        return []
    names = dict(session.execute(select(Team.id, Team.name)).all())
    children = children_by_parent(session)
    found: list[tuple[int, str, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for team_id in children.get(parent, ()):
            shown = team_id in team_ids
            if shown:
                found.append((team_id, names[team_id], depth))
            walk(team_id, depth + 1 if shown else depth)

    walk(None, 0)
    return found


def user_ids_in_teams(session: Session, team_ids: set[int]) -> set[int]:
    return set(session.scalars(select(User.id).where(User.team_id.in_(team_ids))))


def visible_user_ids(session: Session, user: User) -> frozenset[int] | None:
    """Whose records `user` may see under their role's data scope; None = all."""
    scope = user.role.data_scope
    if scope == "all":
        return None
    if scope == "team" and user.team_id is not None:
        return frozenset(
            user_ids_in_teams(session, team_subtree_ids(session, user.team_id))
            | {user.id}
        )
    return frozenset({user.id})


@dataclass(frozen=True)
class ScopeOption:
    """One entry of the scope switcher: `key` is "me", "all" or "team:<id>"."""

    key: str
    label: str
    depth: int = 0


def scope_options(session: Session, actor: Actor) -> list[ScopeOption]:
    """What the scope switcher offers: me, the teams the actor may see, all."""
    if actor.data_scope == "own":
        return []
    options = [ScopeOption("me", "")]
    teams = {
        t.id: t
        for t in session.scalars(select(Team).order_by(Team.sort_order, Team.id))
    }
    children = children_by_parent(session)
    roots = (
        [actor.team_id]
        if actor.data_scope == "team" and actor.team_id
        else children[None]
    )

    def walk(team_id: int, depth: int) -> None:
        options.append(ScopeOption(f"team:{team_id}", teams[team_id].name, depth))
        for child in children.get(team_id, ()):
            walk(child, depth + 1)

    for root in roots:
        if root in teams:
            walk(root, 0)
    if actor.data_scope == "all":
        options.append(ScopeOption("all", ""))
    return options


def _focus_ids(
    session: Session, user: User, visible: frozenset[int] | None, focus: str | None
) -> frozenset[int] | None:
    """Narrow `visible` to the scope switcher's choice; unknown choices fall back."""
    if focus == "me":
        return frozenset({user.id})
    # ASCII digits only, and few enough for a BIGINT: the key comes from the browser.
    if focus and (match := _TEAM_FOCUS.fullmatch(focus)):
        team_id = int(match[1])
        if session.get(Team, team_id) is not None:
            ids = frozenset(
                user_ids_in_teams(session, team_subtree_ids(session, team_id))
            )
            return ids if visible is None else ids & visible
    return visible


def build_actor(
    session: Session,
    user_id: int,
    focus: str | None = None,
    language: str | None = None,
) -> Actor:
    """Actor for an active user. Raises NotFound for unknown or disabled users."""
    user = session.get(User, user_id, options=[joinedload(User.role)])
    if user is None or not user.is_active:
        raise NotFound()
    role: Role = user.role
    visible = visible_user_ids(session, user)
    return Actor(
        user_id=user.id,
        username=user.username,
        display_name=user.display_name,
        team_id=user.team_id,
        role_code=role.code,
        permissions=frozenset(role.permissions or ()),
        data_scope=role.data_scope,
        visible_user_ids=visible,
        focus_user_ids=_focus_ids(session, user, visible, focus),
        language=language or user.language or "zh_CN",
    )


def assignable_users(session: Session, actor: Actor) -> list[tuple[int, str]]:
    """Active users the actor may pick as an owner: (id, display name)."""
    query = select(User.id, User.display_name).where(User.is_active.is_(True))
    if actor.visible_user_ids is not None:
        query = query.where(User.id.in_(actor.visible_user_ids))
    return [tuple(row) for row in session.execute(query.order_by(User.display_name))]


def user_names(session: Session, user_ids: set[int]) -> dict[int, str]:
    if not user_ids:
        return {}
    rows = session.execute(
        select(User.id, User.display_name).where(User.id.in_(user_ids))
    )
    return dict(rows.all())


def is_assignable(session: Session, actor: Actor, user_id: int) -> bool:
    """An active user the actor may make the owner of a record."""
    active = session.scalar(select(User.is_active).where(User.id == user_id))
    return bool(active) and actor.sees_user(user_id)


def team_choices(session: Session) -> list[tuple[int, str]]:
    """(id, name) of every team in tree order, for pickers and filters."""
    return [
        (row.id, row.name)
        for row in session.execute(
            select(Team.id, Team.name).order_by(Team.sort_order, Team.id)
        )
    ]
