"""Demo data for the public pool: last owner/team, entry time and reason, pool
history and pending cross-team requests."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

import models
from models import Customer, PoolClaimRequest, PoolEvent, User
from services.demo_data import load_demo_data

BACKENDS = pytest.mark.parametrize(
    "isolated_engine", ["sqlite", "postgresql"], indirect=True
)


@BACKENDS
def test_demo_pool_customers_have_history_and_requests(isolated_engine):
    models.Base.metadata.create_all(isolated_engine)
    load_demo_data(isolated_engine, scale="small", seed=42)

    with Session(isolated_engine) as session:
        pool = session.scalars(
            select(Customer).where(
                Customer.owner_id.is_(None), Customer.deleted_at.is_(None)
            )
        ).all()
        assert len(pool) > 20
        teams = dict(session.execute(select(User.id, User.team_id)).all())
        for customer in pool:
            assert customer.last_owner_id is not None
            assert customer.last_team_id == teams[customer.last_owner_id]
            assert customer.created_at <= customer.pool_entered_at
            assert customer.pool_reason in (
                "released",
                "auto_no_followup",
                "auto_unsigned",
            )
            assert (customer.pool_note is not None) == (
                customer.pool_reason == "released"
            )
        in_events = session.scalar(
            select(func.count()).where(PoolEvent.direction == "in")
        )
        out_events = session.scalar(
            select(func.count()).where(PoolEvent.direction == "out")
        )
        assert in_events == len(pool) + out_events and out_events > 20
        claimed = session.scalar(
            select(func.count()).where(
                Customer.claimed_at.is_not(None), Customer.owner_id.is_not(None)
            )
        )
        assert claimed == out_events
        requests = session.scalars(select(PoolClaimRequest)).all()
        assert [r.status for r in requests] == ["pending", "pending"]
        for request in requests:
            requester_team = teams[request.requester_id]
            assert requester_team != request.reviewer_team_id
