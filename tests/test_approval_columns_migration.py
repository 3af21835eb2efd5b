"""Revisions 0027 and 0030 fill the approver columns of an existing database:
waiting_since (0027) is the step's activation for the undecided approvers of
the active step of a pending request, None for every other approver; asked_at
(0030) is their step's activation, whatever happened since. Revision 0034
gives each step its request's record type. Downgrades take the columns away."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy import insert, select

from models import ApprovalRequest, ApprovalStep, ApprovalStepApprover, User
from services.schema import alembic_config, upgrade_database
from tests.migration_support import add_roles

T = dt.datetime(2026, 3, 1, 9, 0)
REQUESTS = {1: "pending", 2: "approved", 3: "withdrawn", 4: "pending"}
OBJECT_TYPES = {4: "payment"}  # the others: contracts
STEP_COLUMNS = ("id", "request_id", "position", "mode", "status", "activated_at")
STEPS = [
    (11, 1, 1, "any", "approved", T),
    (12, 1, 2, "any", "active", T + dt.timedelta(hours=5)),
    (13, 1, 3, "any", "waiting", None),
    (21, 2, 1, "any", "approved", T),
    (31, 3, 1, "any", "cancelled", T),
    (41, 4, 1, "all", "active", T + dt.timedelta(hours=7)),
]
APPROVERS = [  # id, step, user, decision
    (1, 11, 1, "approved"),
    (2, 11, 2, None),  # the other approver of a decided "any" step
    (3, 12, 1, None),
    (4, 12, 2, None),
    (5, 13, 3, None),
    (6, 21, 1, None),
    (7, 31, 2, None),
    (8, 41, 1, "approved"),
    (9, 41, 3, None),
]


@pytest.mark.parametrize("isolated_engine", ["sqlite", "postgresql"], indirect=True)
def test_upgrades_fill_the_approver_columns_and_downgrade_drops_them(
    isolated_engine,
):
    upgrade_database(isolated_engine, "0026")
    add_roles(isolated_engine, {"rep": []})
    step_request = {step: request for step, request, *_ in STEPS}
    with isolated_engine.begin() as connection:
        role_id = connection.execute(sa.text("SELECT id FROM roles")).scalar_one()
        connection.execute(
            insert(User.__table__).values(role_id=role_id, password_hash="x"),
            [
                {"id": u, "username": f"u{u}", "display_name": f"U{u}"}
                for u in (1, 2, 3)
            ],
        )
        connection.execute(
            insert(ApprovalRequest.__table__).values(flow_mode="fixed", submitter_id=1),
            [
                {
                    "id": r,
                    "object_id": r,
                    "status": status,
                    "object_type": OBJECT_TYPES.get(r, "contract"),
                }
                for r, status in REQUESTS.items()
            ],
        )
        connection.execute(
            insert(ApprovalStep.__table__),
            [dict(zip(STEP_COLUMNS, row, strict=True)) for row in STEPS],
        )
        connection.execute(
            insert(ApprovalStepApprover.__table__),
            [
                {
                    "id": a,
                    "step_id": step,
                    "request_id": step_request[step],
                    "user_id": user,
                    "decision": decision,
                }
                for a, step, user, decision in APPROVERS
            ],
        )

    upgrade_database(isolated_engine, "0027")

    table = ApprovalStepApprover.__table__
    with isolated_engine.connect() as connection:
        waiting = dict(
            connection.execute(select(table.c.id, table.c.waiting_since)).all()
        )
    assert waiting == {
        1: None,
        2: None,
        3: T + dt.timedelta(hours=5),
        4: T + dt.timedelta(hours=5),
        5: None,
        6: None,
        7: None,
        8: None,
        9: T + dt.timedelta(hours=7),
    }

    upgrade_database(isolated_engine, "0030")

    activated = {step: at for step, *_rest, at in STEPS}
    with isolated_engine.connect() as connection:
        asked = dict(connection.execute(select(table.c.id, table.c.asked_at)).all())
    assert asked == {a: activated[step] for a, step, *_rest in APPROVERS}

    upgrade_database(isolated_engine, "0034")

    steps = ApprovalStep.__table__
    with isolated_engine.connect() as connection:
        types = dict(connection.execute(select(steps.c.id, steps.c.object_type)).all())
    assert types == {
        step: OBJECT_TYPES.get(request, "contract") for step, request, *_rest in STEPS
    }

    with isolated_engine.connect() as connection:
        command.downgrade(alembic_config(connection), "0026")
        connection.commit()
    columns = {c["name"] for c in sa.inspect(isolated_engine).get_columns(table.name)}
    assert not {"waiting_since", "asked_at"} & columns and "decision" in columns
    step_columns = {
        c["name"] for c in sa.inspect(isolated_engine).get_columns(steps.name)
    }
    assert "object_type" not in step_columns
