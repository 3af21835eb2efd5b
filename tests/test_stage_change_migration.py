"""Revision 0017 fills opportunity_stage_changes.left_at of an existing database:
each move is left when the next move of the same opportunity is made (ties in
time go by id); the last move of each is still held."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import insert, select

from models import Customer, Opportunity, OpportunityStage, OpportunityStageChange
from services.schema import upgrade_database

MOVE = OpportunityStageChange.__table__
T = dt.datetime(2026, 3, 1, 9, 0)
MOVES = [  # id, opportunity, changed at
    (1, 10, T),
    (2, 20, T),
    (3, 10, T + dt.timedelta(days=2)),
    (4, 10, T + dt.timedelta(days=2)),  # same moment: after 3 by id
    (5, 20, T + dt.timedelta(days=9)),
    (6, 10, T + dt.timedelta(days=5)),
]


@pytest.mark.parametrize("isolated_engine", ["sqlite", "postgresql"], indirect=True)
def test_upgrade_fills_when_each_move_was_left(isolated_engine):
    upgrade_database(isolated_engine, "0016")
    with isolated_engine.begin() as connection:
        connection.execute(
            insert(OpportunityStage.__table__).values(
                id=1, code="s", name_en="S", name_zh="S", probability=10
            )
        )
        connection.execute(
            insert(Customer.__table__).values(id=1, name="C", name_normalized="c")
        )
        connection.execute(
            insert(Opportunity.__table__).values(customer_id=1, stage_id=1),
            [{"id": o, "name": "O", "name_normalized": "o"} for o in (10, 20)],
        )
        connection.execute(
            insert(MOVE).values(to_stage_id=1),
            [{"id": i, "opportunity_id": o, "changed_at": at} for i, o, at in MOVES],
        )

    upgrade_database(isolated_engine, "0017")

    with isolated_engine.connect() as connection:
        left = dict(connection.execute(select(MOVE.c.id, MOVE.c.left_at)).all())
    assert left == {
        1: T + dt.timedelta(days=2),
        2: T + dt.timedelta(days=9),
        3: T + dt.timedelta(days=2),
        4: T + dt.timedelta(days=5),
        5: None,
        6: None,
    }
