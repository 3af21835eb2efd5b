"""Concurrent claims with real commits on separate connections: exactly one wins."""

from __future__ import annotations

import statistics
import threading
import time

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

import models
from models import AuditLog, Customer
from services.errors import Conflict
from services.org import build_actor
from services.pool import claim_customers
from tests.factories import build_org, make_customer, make_pool_customer

BACKENDS = pytest.mark.parametrize(
    "isolated_engine", ["sqlite", "postgresql"], indirect=True
)
CLAIMERS = 50


@pytest.fixture
def pool_db(isolated_engine):
    """Committed: an organisation with CLAIMERS reps in Team A and one customer
    released by rep_a2 (same team: claims need no review)."""
    models.Base.metadata.create_all(isolated_engine)
    database = sessionmaker(isolated_engine, expire_on_commit=False)
    with database.begin() as session:
        org = build_org(session)
        reps = [
            org.add_user(f"claimer_{n:02d}", "rep", org.team_a) for n in range(CLAIMERS)
        ]
        customer = make_pool_customer(org, "rep_a2", "Contested")
        extra = [make_pool_customer(org, "rep_a2", f"Spare {n}").id for n in range(30)]
        make_customer(session, org.actor("rep_a1"), "Unrelated")
        ids = dict(org.ids)
    return database, reps, customer.id, extra, ids


@BACKENDS
def test_fifty_concurrent_claims_give_exactly_one_owner(pool_db):
    database, reps, customer_id, _extra, _ids = pool_db
    barrier = threading.Barrier(CLAIMERS)
    outcomes: dict[int, str] = {}

    def claim(user_id: int) -> None:
        barrier.wait()
        try:
            with database.begin() as session:
                actor = build_actor(session, user_id, language="en")
                claim_customers(session, actor, [customer_id])
            outcomes[user_id] = "won"
        except Conflict as error:
            outcomes[user_id] = error.message.format(**error.params)

    threads = [threading.Thread(target=claim, args=(r,)) for r in reps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    winners = [user for user, outcome in outcomes.items() if outcome == "won"]
    losers = [o for o in outcomes.values() if o != "won"]
    assert len(winners) == 1
    assert losers == ["Contested has already been claimed by someone else."] * (
        CLAIMERS - 1
    )
    with database() as session:
        assert session.get(Customer, customer_id).owner_id == winners[0]
        assert (
            session.scalar(
                select(func.count())
                .select_from(AuditLog)
                .where(
                    AuditLog.action == "customer.claim",
                    AuditLog.object_id == customer_id,
                )
            )
            == 1
        )


@pytest.mark.parametrize("isolated_engine", ["postgresql"], indirect=True)
def test_claim_latency_on_postgresql(pool_db, capsys):
    """Not a pass/fail bar: prints the median latency of one committed claim."""
    database, reps, _customer_id, extra, _ids = pool_db
    timings = []
    for number, customer_id in enumerate(extra):
        started = time.perf_counter()
        with database.begin() as session:
            actor = build_actor(session, reps[number], language="en")
            claim_customers(session, actor, [customer_id])
        timings.append(time.perf_counter() - started)
    with capsys.disabled():
        print(
            f"\nclaim latency (PostgreSQL, committed, n={len(timings)}): "
            f"median {statistics.median(timings) * 1000:.1f} ms, "
            f"max {max(timings) * 1000:.1f} ms"
        )
    assert statistics.median(timings) < 1.0
