"""Test data builders shared by service, callback and browser tests."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from models import AuditLog, DictionaryEntry, Team, User
from services.actor import Actor
from services.contacts import ContactIn, create_contact
from services.customers import CustomerIn, create_customer
from services.followups import FollowUpIn, create_followup
from services.org import build_actor
from services.reference_data import ensure_reference_data
from services.users import create_user, ensure_roles

PASSWORD = "Secret-123"

DICTIONARY = {
    "customer_source": [
        ("referral", "Referral", "转介绍"),
        ("web", "Website", "官网"),
        ("expo", "Trade show", "展会"),
    ],
    "industry": [
        ("it", "IT", "信息技术"),
        ("manufacturing", "Manufacturing", "制造业"),
    ],
    "followup_type": [
        ("call", "Phone call", "电话"),
        ("visit", "Visit", "拜访"),
        ("email", "Email", "邮件"),
    ],
    "customer_level": [(code, code, code) for code in "ABCD"],
}


def display_name(username: str) -> str:
    """The display name build_org gives a user: "rep_a1" → "Rep A1"."""
    return username.replace("_", " ").title()


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

    def user_team(self, name: str) -> int | None:
        return self.session.get(User, self.ids[name]).team_id

    def move_user(self, name: str, team: Team) -> None:
        self.session.get(User, self.ids[name]).team_id = team.id
        self.session.flush()

    def add_team(self, name: str, parent: Team) -> Team:
        team = Team(name=name, parent_id=parent.id)
        self.session.add(team)
        self.session.flush()
        return team

    def add_user(self, username: str, role_code: str, team: Team | None) -> int:
        """A user with the shared PASSWORD; build actors after adding users."""
        user = create_user(
            self.session,
            None,
            username=username,
            password=PASSWORD,
            display_name=display_name(username),
            role_code=role_code,
            team_id=team.id if team else None,
        )
        self.ids[username] = user.id
        return user.id

    def add_sub_team(self) -> Team:
        """Team A → "Team A East" with rep_a3: proves `team` scope covers sub-teams."""
        east = self.add_team("Team A East", self.team_a)
        self.add_user("rep_a3", "rep", east)
        return east


# Whose customers each user may see once `add_sub_team` has run (one customer each).
OWNERS = ("admin", "leader_a", "rep_a1", "rep_a2", "rep_a3", "rep_b1")
VISIBLE_OWNERS = {
    "rep_a1": {"rep_a1"},
    "rep_b1": {"rep_b1"},
    "leader_a": {"leader_a", "rep_a1", "rep_a2", "rep_a3"},
    "admin": set(OWNERS),
    "exec": set(OWNERS),
}
# (viewer, owner) pairs where the viewer must get NotFound.
OUT_OF_SCOPE = [
    (viewer, owner)
    for viewer, seen in VISIBLE_OWNERS.items()
    for owner in OWNERS
    if owner not in seen
]


def add_dictionary(session: Session) -> None:
    for kind, entries in DICTIONARY.items():
        for order, (code, en, zh) in enumerate(entries):
            session.add(
                DictionaryEntry(
                    kind=kind, code=code, label_en=en, label_zh=zh, sort_order=order
                )
            )
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
        user = create_user(
            session,
            None,
            username=username,
            password=PASSWORD,
            display_name=display_name(username),
            role_code=role,
            team_id=team_id,
        )
        ids[username] = user.id
    team_a.leader_id = ids["leader_a"]
    # Approval flows route to "the submitter's supervisor".
    for username, supervisor in (
        ("rep_a1", "leader_a"),
        ("rep_a2", "leader_a"),
        ("leader_a", "exec"),
    ):
        session.get(User, ids[username]).supervisor_id = ids[supervisor]
    ensure_reference_data(session)
    return Org(company, team_a, team_b, ids, session)


def make_customer(session: Session, actor: Actor, name: str, **fields):
    return create_customer(
        session, actor, CustomerIn(name=name, **fields), allow_duplicate=True
    )


def customer_per_owner(org: Org) -> dict[str, Any]:
    """Adds the sub-team, then one customer owned by each user in OWNERS, named
    after the owner ("Customer of rep_a1")."""
    org.add_sub_team()
    return {
        owner: make_customer(org.session, org.actor(owner), f"Customer of {owner}")
        for owner in OWNERS
    }


def make_contact(session: Session, actor: Actor, customer, name: str, **fields):
    return create_contact(
        session, actor, ContactIn(customer_id=customer.id, name=name, **fields)
    )


def make_followup(
    session: Session,
    actor: Actor,
    customer,
    content: str = "Called",
    followup_type: str = "call",
    **fields,
):
    return create_followup(
        session,
        actor,
        FollowUpIn(
            customer_id=customer.id,
            followup_type=followup_type,
            content=content,
            **fields,
        ),
    )


def force_columns(
    session: Session, obj: Any, *, expire: bool = True, **values: Any
) -> None:
    """Write columns behind the ORM's back (no version bump; `updated_at` moves
    unless given): back-dating rows, or, with expire=False, simulating another
    transaction's commit that this session has not seen."""
    model = type(obj)
    session.execute(
        update(model)
        .where(model.id == obj.id)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if expire:
        session.expire(obj)


def form_values(obj: Any, form_class: type) -> dict[str, Any]:
    """What an edit form loaded from `obj` sends back: each field of `form_class`."""
    return {f.name: getattr(obj, f.name) for f in dataclasses.fields(form_class)}


def reloaded(session: Session, obj: Any) -> Any:
    """The row as stored, discarding whatever the session holds in memory."""
    session.expire_all()
    return session.get(type(obj), obj.id)


def audit_rows(
    session: Session, action: str | None = None, object_id: int | None = None
) -> list[AuditLog]:
    query = select(AuditLog).order_by(AuditLog.id)
    if action is not None:
        query = query.where(AuditLog.action == action)
    if object_id is not None:
        query = query.where(AuditLog.object_id == object_id)
    return list(session.scalars(query))


def make_lead(session: Session, actor: Actor, name: str, **fields):
    from services.leads import LeadIn, create_lead

    return create_lead(session, actor, LeadIn(name=name, **fields))


def make_lead_followup(
    session: Session,
    actor: Actor,
    lead,
    content: str = "Called",
    followup_type: str = "call",
    **fields,
):
    from services.lead_followups import LeadFollowUpIn, create_lead_followup

    return create_lead_followup(
        session,
        actor,
        LeadFollowUpIn(
            lead_id=lead.id, followup_type=followup_type, content=content, **fields
        ),
    )


def make_pool_customer(
    org: Org, owner: str, name: str, reason: str = "No budget", **fields
):
    """A customer created by `owner` and released to the public pool, so its last
    owner (and team) is `owner`'s."""
    from services.pool import release_customers

    customer = make_customer(org.session, org.actor(owner), name, **fields)
    release_customers(org.session, org.actor(owner), [customer.id], reason)
    return customer


def make_product_category(session: Session, name: str = "Software", parent=None):
    """A product category (ORM, no audit) for tests that need products."""
    from models import ProductCategory

    category = ProductCategory(name=name, parent_id=parent.id if parent else None)
    session.add(category)
    session.flush()
    return category


def make_product(
    session: Session,
    name: str,
    price: str | None = "100.00",
    *,
    category=None,
    code: str | None = None,
    unit: str = "piece",
    on_sale: bool = True,
):
    """An on-sale product (ORM, no audit); a "Software" category is made when none
    is given. Needs build_org (the product_unit dictionary)."""
    from decimal import Decimal

    from models import Product
    from services.normalize import normalize_name

    if category is None:
        category = make_product_category(session, f"Category of {name}")
    product = Product(
        name=name,
        name_normalized=normalize_name(name),
        code=code,
        category_id=category.id,
        unit=unit,
        price=Decimal(price) if price is not None else None,
        on_sale=on_sale,
        attribute_values={},
    )
    session.add(product)
    session.flush()
    return product


def make_approved_contract(
    session: Session,
    owner_id: int,
    customer,
    amount: str,
    *,
    name: str = "Service contract",
    number: str | None = None,
    status: str = "approved",
):
    """A contract row (ORM, no approval run) of `customer` owned by `owner_id`,
    approved unless `status` says otherwise; for payment tests."""
    import datetime as dt
    from decimal import Decimal

    from models import Contract
    from models.base import utcnow
    from services.normalize import normalize_name

    contract = Contract(
        number=number or f"HT-TEST-{customer.id}-{normalize_name(name)}",
        name=name,
        name_normalized=normalize_name(name),
        customer_id=customer.id,
        amount=Decimal(amount),
        paid_amount=Decimal(0),
        sign_date=dt.date.today(),
        owner_id=owner_id,
        status=status,
        approved_at=utcnow() if status == "approved" else None,
        approved_owner_id=owner_id if status == "approved" else None,
    )
    session.add(contract)
    session.flush()
    return contract


def make_payment(session: Session, actor: Actor, contract, amount: str, **fields):
    """A draft payment against `contract` (through the service)."""
    import datetime as dt

    from services.payments import PaymentIn, create_payment

    values = {"paid_on": dt.date.today()} | fields
    return create_payment(
        session,
        actor,
        PaymentIn(
            customer_id=contract.customer_id,
            contract_id=contract.id,
            amount=amount,
            **values,
        ),
    )


def make_opportunity(
    session: Session, actor: Actor, customer, name: str = "Big deal", **fields
):
    """An opportunity of `customer` through the service (first open stage unless
    `stage_id` is given; owner: the customer's)."""
    from services.opportunities import OpportunityIn, create_opportunity

    return create_opportunity(
        session, actor, OpportunityIn(customer_id=customer.id, name=name, **fields)
    )


def make_contract(
    session: Session,
    actor: Actor,
    customer,
    name: str = "Annual plan",
    *,
    amount: str | None = "1000.00",
    lines=(),
    **fields,
):
    """A draft contract of `customer` through the service (signed today unless
    `sign_date` is given); `lines` are (product, quantity, unit price[, discount])."""
    import datetime as dt

    from services.contracts import ContractIn, create_contract
    from services.product_lines import LineIn

    values = {"sign_date": dt.date.today()} | fields
    return create_contract(
        session,
        actor,
        ContractIn(
            name=name,
            customer_id=customer.id,
            amount=amount,
            lines=tuple(LineIn(line[0].id, *line[1:]) for line in lines),
            **values,
        ),
    )
