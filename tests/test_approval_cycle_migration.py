"""Revision 0037 gives the decided steps and approvers of an existing database
their whole hours taken and counts them into the approval cycle tallies, and
0039 copies their request's submitter onto them; the downgrade takes all of
it away."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy import insert, select

from models import ApprovalRequest, ApprovalStep, ApprovalStepApprover
from services.schema import alembic_config, upgrade_database
from tests.migration_support import add_user

T = dt.datetime(2026, 3, 10, 4, 0)
STEPS = [  # id, status, activated, decided
    (1, "approved", T, T + dt.timedelta(hours=2, minutes=30)),
    (2, "rejected", T, T + dt.timedelta(hours=26)),
    (3, "active", T, None),
]


@pytest.mark.parametrize("isolated_engine", ["sqlite", "postgresql"], indirect=True)
def test_upgrade_counts_the_cycle_times_and_downgrade_drops_them(isolated_engine):
    upgrade_database(isolated_engine, "0036")
    add_user(isolated_engine)
    with isolated_engine.begin() as connection:
        connection.execute(
            insert(ApprovalRequest.__table__).values(
                id=1,
                object_type="contract",
                object_id=1,
                flow_mode="fixed",
                submitter_id=1,
                status="pending",
            )
        )
        for step, status, activated, decided in STEPS:
            connection.execute(
                sa.text(
                    "INSERT INTO approval_steps (id, request_id, position, mode, "
                    "status, activated_at, decided_at) VALUES "
                    "(:id, 1, :id, 'any', :status, :activated, :decided)"
                ),
                {
                    "id": step,
                    "status": status,
                    "activated": activated,
                    "decided": decided,
                },
            )
            connection.execute(
                sa.text(
                    "INSERT INTO approval_step_approvers (id, step_id, request_id, "
                    "user_id, decision, decided_at, asked_at) VALUES "
                    "(:id, :id, 1, 1, :decision, :decided, :activated)"
                ),
                {
                    "id": step,
                    "decision": status if decided else None,
                    "decided": decided,
                    "activated": activated,
                },
            )

    upgrade_database(isolated_engine, "0037")

    steps, approvers = ApprovalStep.__table__, ApprovalStepApprover.__table__
    with isolated_engine.connect() as connection:
        taken = dict(connection.execute(select(steps.c.id, steps.c.hours_taken)).all())
        asked = dict(
            connection.execute(select(approvers.c.id, approvers.c.hours_taken)).all()
        )
        counted = connection.execute(
            sa.text(
                "SELECT kind, hours_taken, decision, decisions, hours "
                "FROM approval_cycle_tallies ORDER BY kind, hours_taken"
            )
        ).all()
    assert taken == asked == {1: 2, 2: 26, 3: None}
    assert [(*row[:4], round(float(row[4]), 6)) for row in counted] == [
        ("approver", 2, "approved", 1, 2.5),
        ("approver", 26, "rejected", 1, 26.0),
        ("step", 2, "approved", 1, 2.5),
        ("step", 26, "rejected", 1, 26.0),
    ]

    # 0039 copies each request's submitter onto its steps and approvers.
    upgrade_database(isolated_engine, "0039")
    with isolated_engine.connect() as connection:
        for table in (steps, approvers):
            copied = connection.execute(select(table.c.submitter_id)).scalars()
            assert set(copied) == {1}, table.name

    with isolated_engine.connect() as connection:
        command.downgrade(alembic_config(connection), "0036")
        connection.commit()
    inspector = sa.inspect(isolated_engine)
    for table in (steps, approvers):
        columns = {c["name"] for c in inspector.get_columns(table.name)}
        assert not {"hours_taken", "submitter_id"} & columns
    assert "approval_cycle_tallies" not in inspector.get_table_names()
