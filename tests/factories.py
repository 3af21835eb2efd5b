"""Test data builders shared by service, callback and browser tests."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from models import DictionaryEntry, Team
from services.actor import Actor
from services.customers import CustomerIn, create_customer
from services.org import build_actor
from services.users import create_user, ensure_roles

PASSWORD = "Secret-123"

DICTIONARY = {
    "customer_source": [("referral", "Referral", "转介绍"), ("web", "Website", "官网"),
                        ("expo", "Trade show", "展会")],
    "industry": [("it", "IT", "信息技术"), ("manufacturing", "Manufacturing", "制造业")],
    "followup_type": [("call", "Phone call", "电话"), ("visit", "Visit", "拜访"),
                      ("email", "Email", "邮件")],
}


@dataclass
class Org:
    """Company → Branch → {Team A (leader_a, rep_a1, rep_a2), Team B (rep_b1)};
    admin at the company."""

    company: Team
    team_a: Team
    team_b: Team
    ids: dict[str, int]
    session: Session

    def actor(self, name: str, focus: str | None = None, language: str = "en") -> Actor:
        return build_actor(self.session, self.ids[name], focus, language)


def add_dictionary(session: Session) -> None:
    for kind, entries in DICTIONARY.items():
        for order, (code, en, zh) in enumerate(entries):
            session.add(DictionaryEntry(kind=kind, code=code, label_en=en, label_zh=zh,
                                        sort_order=order))
    session.flush()


def build_org(session: Session) -> Org:
    ensure_roles(session)
    add_dictionary(session)
    company = Team(name="Company")
    session.add(company)
    session.flush()
    branch = Team(name="Branch", parent_id=company.id)
    session.add(branch)
    session.flush()
    team_a = Team(name="Team A", parent_id=branch.id)
    team_b = Team(name="Team B", parent_id=branch.id)
    session.add_all([team_a, team_b])
    session.flush()
    people = {
        "admin": ("admin", company.id),
        "leader_a": ("leader", team_a.id),
        "rep_a1": ("rep", team_a.id),
        "rep_a2": ("rep", team_a.id),
        "rep_b1": ("rep", team_b.id),
        "exec": ("executive", company.id),
    }
    ids = {}
    for username, (role, team_id) in people.items():
        user = create_user(session, None, username=username, password=PASSWORD,
                           display_name=username.replace("_", " ").title(),
                           role_code=role, team_id=team_id)
        ids[username] = user.id
    team_a.leader_id = ids["leader_a"]
    session.flush()
    return Org(company, team_a, team_b, ids, session)


def make_customer(session: Session, actor: Actor, name: str, **fields):
    return create_customer(session, actor, CustomerIn(name=name, **fields),
                           allow_duplicate=True)
