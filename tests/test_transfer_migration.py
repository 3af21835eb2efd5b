"""Revision 0004 grants `customer.transfer` to the seeded admin and leader roles of
an existing database, and takes it back on downgrade."""

from __future__ import annotations

import pytest
from alembic import command

from services.schema import alembic_config, upgrade_database
from tests.migration_support import add_roles, role_permissions

BACKENDS = pytest.mark.parametrize(
    "isolated_engine", ["sqlite", "postgresql"], indirect=True
)
BEFORE = {
    "admin": ["customer.view", "customer.purge"],
    "leader": ["customer.view", "pool.assign"],
    "rep": ["customer.view"],
    "custom": ["customer.view"],
}


permissions = role_permissions


@BACKENDS
def test_upgrade_grants_and_downgrade_takes_back(isolated_engine):
    upgrade_database(isolated_engine, "0003")
    add_roles(isolated_engine, BEFORE)

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
    add_roles(isolated_engine, {"leader": granted}, scope="team")

    upgrade_database(isolated_engine, "0004")

    assert permissions(isolated_engine) == {"leader": granted}
