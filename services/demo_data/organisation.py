"""Demo organisation: dictionary entries, the teams tree and the users in it."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import DictionaryEntry, Team, User
from services.demo_data import vocabulary as vocab
from services.passwords import hash_password
from services.users import ensure_roles


@dataclass(frozen=True)
class Scale:
    """How much to generate. Teams are spread evenly over the branches, reps over
    the teams; every team gets one leader."""

    customers: int
    branches: int
    teams: int
    reps: int
    contacts_per_customer: float = 2.0
    followups_per_customer: float = 10.0
    leads_per_customer: float = 0.3

    @property
    def users(self) -> int:
        # admin + 2 executives + leaders + reps + 2 finance
        return 1 + 2 + self.teams + self.reps + 2


@dataclass(frozen=True)
class Seller:
    """Someone who owns customers: a rep or a team leader."""

    user_id: int
    branch: int  # index into vocabulary.BRANCHES: decides where customers are
    weight: float  # relative share of customers
    team_id: int | None = None  # the seller's team: pool customers' last team


@dataclass(frozen=True)
class Organisation:
    teams: int
    users: int
    dictionary_entries: int
    sellers: list[Seller]
    logins: list[tuple[str, str, str, str]]


def planned_usernames(scale: Scale) -> list[str]:
    return (
        ["admin", "exec1", "exec2"]
        + [f"leader{n}" for n in range(1, scale.teams + 1)]
        + [f"rep{n}" for n in range(1, scale.reps + 1)]
        + ["finance1", "finance2"]
    )


def add_dictionary(session: Session) -> int:
    """Insert the demo dictionary entries that are missing; returns how many."""
    existing = set(session.execute(select(DictionaryEntry.kind, DictionaryEntry.code)))
    added = 0
    for kind, entries in vocab.DICTIONARY.items():
        for order, (code, label_en, label_zh) in enumerate(entries):
            if (kind, code) not in existing:
                session.add(
                    DictionaryEntry(
                        kind=kind,
                        code=code,
                        label_en=label_en,
                        label_zh=label_zh,
                        sort_order=order,
                    )
                )
                added += 1
    session.flush()
    return added


def build_organisation(
    session: Session, scale: Scale, rng: random.Random, now: dt.datetime
) -> Organisation:
    """Teams, users and dictionary entries; everything flushed, nothing committed.
    Raises ValueError when a demo username is already taken."""
    if not 1 <= scale.branches <= len(vocab.BRANCHES):
        raise ValueError(f"branches must be 1 to {len(vocab.BRANCHES)}")
    if scale.teams < scale.branches or scale.reps < scale.teams:
        raise ValueError("Need at least one team per branch and one rep per team.")
    taken = set(
        session.scalars(
            select(User.username).where(User.username.in_(planned_usernames(scale)))
        )
    )
    if taken:
        raise ValueError(
            f"Demo usernames already exist: {', '.join(sorted(taken))}. "
            "Load demo data into an empty database."
        )
    dictionary_entries = add_dictionary(session)
    roles = ensure_roles(session)
    builder = _Builder(
        session,
        rng,
        now - dt.timedelta(days=600),
        {code: role.id for code, role in roles.items()},
    )

    company = builder.team(vocab.COMPANY_NAME, None, 0)
    branches = [
        builder.team(name, company, order)
        for order, (name, _) in enumerate(vocab.BRANCHES[: scale.branches], 1)
    ]
    sales_teams = [
        builder.team(
            f"销售{vocab.zh_number(n + 1)}组",
            branches[n * scale.branches // scale.teams],
            n + 1,
        )
        for n in range(scale.teams)
    ]
    finance_team = builder.team("财务部", company, scale.branches + 1)

    builder.user("admin", "admin", company)
    executives = [builder.user(f"exec{n}", "executive", company) for n in (1, 2)]
    company.leader_id = executives[0].id
    for order, branch in enumerate(branches):
        branch.leader_id = executives[order % 2].id
    leaders = []
    for n, team in enumerate(sales_teams):
        branch_order = branches.index(team.parent)
        leader = builder.user(
            f"leader{n + 1}", "leader", team, executives[branch_order % 2]
        )
        team.leader_id = leader.id
        leaders.append(leader)
    reps = []
    for n in range(scale.reps):
        team_order = n * scale.teams // scale.reps
        reps.append(
            builder.user(
                f"rep{n + 1}", "rep", sales_teams[team_order], leaders[team_order]
            )
        )
    finance = [
        builder.user(f"finance{n}", "finance", finance_team, executives[0])
        for n in (1, 2)
    ]
    finance_team.leader_id = finance[0].id
    session.flush()

    branch_of_team = {team.id: branches.index(team.parent) for team in sales_teams}
    # Top performers own several times what a newcomer owns; leaders sell a little.
    sellers = [
        Seller(rep.id, branch_of_team[rep.team_id], 0.5 + rng.random(), rep.team_id)
        for rep in reps
    ]
    sellers += [
        Seller(leader.id, branch_of_team[leader.team_id], 0.35, leader.team_id)
        for leader in leaders
    ]
    team_names = {team.id: team.name for team in builder.teams}
    # One of each role, plus a second team so scopes can be compared side by side.
    last_team_rep = next(rep for rep in reps if rep.team_id == sales_teams[-1].id)
    shown = [
        builder.users[name] for name in ("admin", "exec1", "leader1", "rep1", "rep2")
    ]
    shown += [leaders[-1], last_team_rep, finance[0]]
    logins = [
        (
            user.username,
            vocab.PASSWORD,
            builder.role_codes[user.role_id],
            team_names[user.team_id],
        )
        for user in dict.fromkeys(shown)
    ]
    return Organisation(
        teams=len(builder.teams),
        users=len(builder.users),
        dictionary_entries=dictionary_entries,
        sellers=sellers,
        logins=logins,
    )


class _Builder:
    """Adds teams and users one by one (a few hundred at most: the ORM is fine)."""

    def __init__(
        self,
        session: Session,
        rng: random.Random,
        created_at: dt.datetime,
        role_ids: dict[str, int],
    ) -> None:
        self.session = session
        self.rng = rng
        self.created_at = created_at
        self.role_ids = role_ids
        self.role_codes = {role_id: code for code, role_id in role_ids.items()}
        # argon2 is deliberately slow: hash the shared demo password once.
        self.password_hash = hash_password(vocab.PASSWORD)
        self.teams: list[Team] = []
        self.users: dict[str, User] = {}
        self.display_names: set[str] = set()

    def team(self, name: str, parent: Team | None, order: int) -> Team:
        team = Team(
            name=name,
            parent_id=parent.id if parent else None,
            sort_order=order,
            created_at=self.created_at,
        )
        team.parent = parent
        self.session.add(team)
        self.session.flush()
        self.teams.append(team)
        return team

    def user(
        self, username: str, role_code: str, team: Team, supervisor: User | None = None
    ) -> User:
        user = User(
            username=username,
            display_name=self._unique_display_name(),
            email=f"{username}@{vocab.STAFF_EMAIL_DOMAIN}",
            mobile=random_mobile(self.rng),
            password_hash=self.password_hash,
            team_id=team.id,
            supervisor_id=supervisor.id if supervisor else None,
            role_id=self.role_ids[role_code],
            created_at=self.created_at,
        )
        self.session.add(user)
        self.session.flush()
        self.users[username] = user
        return user

    def _unique_display_name(self) -> str:
        while True:
            surname, _ = self.rng.choice(vocab.SURNAMES)
            given, _ = self.rng.choice(vocab.GIVEN_NAMES)
            # Beyond what the lists can make unique, namesakes are realistic anyway.
            if (
                surname + given not in self.display_names
                or len(self.display_names) > 2000
            ):
                self.display_names.add(surname + given)
                return surname + given


def random_mobile(rng: random.Random) -> str:
    """An 11-digit mainland mobile number (13x/15x/18x); two draws."""
    prefix = vocab.MOBILE_PREFIXES[int(rng.random() * len(vocab.MOBILE_PREFIXES))]
    return f"{prefix}{int(rng.random() * 100_000_000):08d}"
