"""Revision 0036 gives the opportunities of an existing database their visited
stages, copies each opportunity onto its moves and counts both into the
funnel tallies; later writes keep them. The downgrade takes them away and
leaves the moves writable."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy import insert, select, update

from models import Customer, Opportunity, OpportunityStage
from models import OpportunityStageChange as Move
from models.funnel_tally import OPEN
from services.schema import alembic_config, upgrade_database
from tests.migration_support import add_user

T = dt.datetime(2026, 3, 1, 9, 0)
DAY = dt.timedelta(days=1)
STAGES = {901: "open", 902: "open", 903: "won"}
MOVE_COLUMNS = ("id", "opportunity_id", "to_stage_id", "changed_at", "left_at")
MOVES = [
    (1, 1, 901, T, T + 2 * DAY),
    (2, 1, 902, T + 2 * DAY, None),
    (3, 2, 901, T, T + DAY),
    (4, 2, 903, T + DAY, None),
]


def _everyone(engine, table: str, key: str, measures: str) -> dict:
    with engine.connect() as connection:
        found = connection.execute(
            sa.text(
                f"SELECT month, {key}, {measures} FROM {table} "
                f"WHERE everyone = 1 AND {measures.split(',')[0]} > 0"
            )
        ).all()
    return {(str(month), k): tuple(rest) for month, k, *rest in found}


@pytest.mark.parametrize("isolated_engine", ["sqlite", "postgresql"], indirect=True)
def test_upgrade_fills_the_funnel_tallies_and_downgrade_drops_them(isolated_engine):
    upgrade_database(isolated_engine, "0035")
    add_user(isolated_engine)
    with isolated_engine.begin() as connection:
        connection.execute(
            insert(Customer.__table__).values(id=1, name="C", name_normalized="c")
        )
        connection.execute(
            insert(OpportunityStage.__table__).values(probability=10),
            [
                {"id": s, "code": f"s{s}", "name_en": "S", "name_zh": "S", "outcome": o}
                for s, o in STAGES.items()
            ],
        )
        connection.execute(
            insert(Opportunity.__table__).values(
                customer_id=1, name="O", name_normalized="o", owner_id=1
            ),
            [
                {"id": 1, "stage_id": 902, "status": "open", "stage_changed_at": T},
                {
                    "id": 2,
                    "stage_id": 903,
                    "status": "won",
                    "stage_changed_at": T + DAY,
                },
            ],
        )
        connection.execute(
            insert(Move.__table__),
            [dict(zip(MOVE_COLUMNS, row, strict=True)) for row in MOVES],
        )

    upgrade_database(isolated_engine, "0036")

    opportunities, moves = Opportunity.__table__, Move.__table__
    with isolated_engine.connect() as connection:
        visited = dict(
            connection.execute(
                select(opportunities.c.id, opportunities.c.visited_stages)
            ).all()
        )
        copied = {
            id_: (status, customer)
            for id_, status, customer in connection.execute(
                select(moves.c.id, moves.c.opportunity_status, moves.c.customer_id)
            )
        }
    assert visited == {1: "901,902", 2: "901,903"}
    assert copied == {1: ("open", 1), 2: ("open", 1), 3: ("won", 1), 4: ("won", 1)}
    paths = _everyone(
        isolated_engine, "funnel_path_tallies", "visited", "opportunities"
    )
    assert paths == {(str(OPEN), "901,902"): (1,), ("2026-03-01", "901,903"): (1,)}
    stays = _everyone(
        isolated_engine, "funnel_stay_tallies", "stage_id", "stays, seconds"
    )
    assert {key: (n, Decimal(str(s))) for key, (n, s) in stays.items()} == {
        (str(OPEN), 901): (1, Decimal(2 * 86400)),
        ("2026-03-01", 901): (1, Decimal(86400)),
    }

    # Opportunity 1 is won a day later: it and its stays close in March.
    with isolated_engine.begin() as connection:
        connection.execute(
            update(moves).where(moves.c.id == 2).values(left_at=T + 3 * DAY)
        )
        connection.execute(
            insert(moves).values(
                id=5, opportunity_id=1, to_stage_id=903, changed_at=T + 3 * DAY
            )
        )
        connection.execute(
            update(opportunities)
            .where(opportunities.c.id == 1)
            .values(stage_id=903, status="won", stage_changed_at=T + 3 * DAY)
        )
    paths = _everyone(
        isolated_engine, "funnel_path_tallies", "visited", "opportunities"
    )
    assert paths == {
        ("2026-03-01", "901,902,903"): (1,),
        ("2026-03-01", "901,903"): (1,),
    }
    stays = _everyone(isolated_engine, "funnel_stay_tallies", "stage_id", "stays")
    assert stays == {("2026-03-01", 901): (2,), ("2026-03-01", 902): (1,)}

    with isolated_engine.connect() as connection:
        command.downgrade(alembic_config(connection), "0035")
        connection.commit()
    inspector = sa.inspect(isolated_engine)
    assert "visited_stages" not in {
        c["name"] for c in inspector.get_columns("opportunities")
    }
    assert "customer_id" not in {
        c["name"] for c in inspector.get_columns("opportunity_stage_changes")
    }
    assert not {"funnel_path_tallies", "funnel_stay_tallies"} & set(
        inspector.get_table_names()
    )
    with isolated_engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO opportunity_stage_changes "
                "(id, opportunity_id, to_stage_id, changed_at) VALUES (6, 2, 901, :at)"
            ),
            {"at": T + 4 * DAY},
        )
