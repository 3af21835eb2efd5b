"""Revision 0004 grants `customer.transfer` to the seeded admin and leader roles of
an existing database, and takes it back on downgrade."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from models import Role
from services.schema import alembic_config, upgrade_database

BACKENDS = pytest.mark.parametrize(
    "isolated_engine", ["sqlite", "postgresql"], indirect=True
)
BEFORE = {
    "admin": ["customer.view", "customer.purge"],
    "leader": ["customer.view", "pool.assign"],
    "rep": ["customer.view"],
    "custom": ["customer.view"],
}


def permissions(engine: Engine) -> dict[str, list[str]]:
    with Session(engine) as session:
        return {role.code: role.permissions for role in session.scalars(select(Role))}


@BACKENDS
def test_upgrade_grants_and_downgrade_takes_back(isolated_engine):
    upgrade_database(isolated_engine, "0003")
    with Session(isolated_engine) as session, session.begin():
        session.add_all(
            Role(
                code=code,
                name_en=code,
                name_zh=code,
                permissions=list(granted),
                data_scope="own",
            )
            for code, granted in BEFORE.items()
        )

    upgrade_database(isolated_engine, "0004")

    assert permissions(isolated_engine) == {
        "admin": ["customer.view", "customer.purge", "customer.transfer"],
        "leader": ["customer.view", "pool.assign", "customer.transfer"],
        "rep": ["customer.view"],
        "custom": ["customer.view"],
    }

    with isolated_engine.connect() as connection:
        command.downgrade(alembic_config(connection), "0003")
        connection.commit()
    assert permissions(isolated_engine) == BEFORE


@BACKENDS
def test_upgrade_keeps_a_role_that_already_has_it(isolated_engine):
    upgrade_database(isolated_engine, "0003")
    granted = ["customer.transfer", "customer.view"]
    with Session(isolated_engine) as session, session.begin():
        session.add(
            Role(
                code="leader",
                name_en="Leader",
                name_zh="组长",
                permissions=granted,
                data_scope="team",
            )
        )

    upgrade_database(isolated_engine, "0004")

    assert permissions(isolated_engine) == {"leader": granted}
