"""Leads with real commits on separate connections: the lead-pool claim race,
conversion atomicity and the 0003 migration's role data change."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from alembic import command
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

import models
import services.leads
from models import AuditLog, Contact, Customer, Lead
from services.errors import Conflict
from services.leads import ConvertIn, claim_lead, convert_lead, release_leads
from services.permissions import LEAD_PERMISSIONS
from services.schema import alembic_config, upgrade_database
from tests.factories import build_org, make_lead
from tests.migration_support import add_roles, role_permissions

BACKENDS = pytest.mark.parametrize(
    "isolated_engine", ["sqlite", "postgresql"], indirect=True
)
CLAIMERS = 50


@pytest.fixture
def pool_lead(isolated_engine):
    """A committed organisation with CLAIMERS reps and one lead in the lead pool;
    returns (lead id, {username: Actor})."""
    models.Base.metadata.create_all(isolated_engine)
    with sessionmaker(isolated_engine, expire_on_commit=False).begin() as session:
        org = build_org(session)
        for number in range(CLAIMERS):
            org.add_user(f"claimer_{number:02d}", "rep", org.team_b)
        lead = make_lead(session, org.actor("rep_a1"), "Contested lead")
        release_leads(session, org.actor("rep_a1"), [lead.id])
        actors = {
            name: org.actor(name) for name in org.ids if name.startswith("claimer_")
        }
    return lead.id, actors


@BACKENDS
def test_fifty_simultaneous_claims_have_exactly_one_winner(isolated_engine, pool_lead):
    lead_id, actors = pool_lead
    start = threading.Barrier(len(actors))
    factory = sessionmaker(isolated_engine)

    def attempt(actor) -> str:
        start.wait()  # every thread sends its UPDATE at the same moment
        try:
            with factory.begin() as session:
                claim_lead(session, actor, lead_id)
        except Conflict as error:
            return error.message
        return "won"

    with ThreadPoolExecutor(max_workers=len(actors)) as pool:
        outcomes = list(pool.map(attempt, actors.values()))

    assert outcomes.count("won") == 1
    assert outcomes.count("Someone else has already claimed this lead.") == 49
    winner = list(actors.values())[outcomes.index("won")]
    with Session(isolated_engine) as session:
        lead = session.get(Lead, lead_id)
        assert lead.owner_id == winner.user_id
        claims = session.scalars(
            select(AuditLog).where(
                AuditLog.action == "lead.claim", AuditLog.object_id == lead_id
            )
        ).all()
        assert [c.actor_id for c in claims] == [winner.user_id]


@BACKENDS
def test_a_failure_mid_conversion_leaves_nothing_half_written(
    isolated_engine, monkeypatch
):
    models.Base.metadata.create_all(isolated_engine)
    factory = sessionmaker(isolated_engine, expire_on_commit=False)
    with factory.begin() as session:
        org = build_org(session)
        actor = org.actor("rep_a1")
        lead = make_lead(session, actor, "Zhang Wei", mobile="13800138000")

    real_create_contact = services.leads.create_contact

    def create_contact_then_fail(*args, **kwargs):
        real_create_contact(*args, **kwargs)  # customer and contact are flushed
        raise RuntimeError("database went away")

    monkeypatch.setattr(services.leads, "create_contact", create_contact_then_fail)
    with pytest.raises(RuntimeError), factory.begin() as session:
        convert_lead(
            session,
            actor,
            lead.id,
            ConvertIn(owner_id=actor.user_id),
            expected_version=lead.version,
        )

    with Session(isolated_engine) as session:
        assert session.scalar(select(func.count()).select_from(Customer)) == 0
        assert session.scalar(select(func.count()).select_from(Contact)) == 0
        stored = session.get(Lead, lead.id)
        assert (stored.status, stored.converted_customer_id) == ("new", None)
        assert (
            session.scalar(
                select(func.count()).where(
                    AuditLog.action.in_(["customer.create", "lead.convert"])
                )
            )
            == 0
        )


@BACKENDS
def test_migration_gives_existing_seeded_roles_the_lead_permissions(isolated_engine):
    upgrade_database(isolated_engine, "0002")
    old = {
        "admin": ["customer.view", "admin.users"],
        "leader": ["customer.view"],
        "rep": ["customer.view", "lead.view"],
        "intern": ["customer.view"],  # an admin-made role keeps what it has
    }
    add_roles(isolated_engine, old)

    def permissions() -> dict[str, list[str]]:
        return role_permissions(isolated_engine)

    upgrade_database(isolated_engine, "0003")
    upgraded = permissions()
    assert upgraded["admin"] == ["customer.view", "admin.users", *LEAD_PERMISSIONS]
    assert upgraded["leader"] == ["customer.view", *LEAD_PERMISSIONS]
    assert upgraded["rep"] == ["customer.view", *LEAD_PERMISSIONS]
    assert upgraded["intern"] == ["customer.view"]

    with isolated_engine.connect() as connection:
        command.downgrade(alembic_config(connection), "0002")
    downgraded = permissions()
    assert downgraded["admin"] == ["customer.view", "admin.users"]
    assert downgraded["rep"] == ["customer.view"]
