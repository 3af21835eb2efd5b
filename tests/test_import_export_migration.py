"""Revision 0005 grants `customer.export` / `customer.import` to the seeded roles
of an existing database, and takes them back on downgrade."""

from __future__ import annotations

import pytest
from alembic import command

from services.schema import alembic_config, upgrade_database
from tests.migration_support import add_roles, role_permissions

BACKENDS = pytest.mark.parametrize(
    "isolated_engine", ["sqlite", "postgresql"], indirect=True
)
BEFORE = {
    "admin": ["customer.view"],
    "leader": ["customer.view", "customer.import"],
    "rep": ["customer.view"],
    "executive": ["customer.view"],
    "finance": ["customer.view"],
    "custom": ["customer.view"],
}


permissions = role_permissions


@BACKENDS
def test_upgrade_grants_and_downgrade_takes_back(isolated_engine):
    upgrade_database(isolated_engine, "0004")
    add_roles(isolated_engine, BEFORE)

    upgrade_database(isolated_engine, "0005")

    both = ["customer.export", "customer.import"]
    assert permissions(isolated_engine) == {
        "admin": ["customer.view", *both],
        "leader": ["customer.view", "customer.import", "customer.export"],
        "rep": ["customer.view", *both],
        "executive": ["customer.view", "customer.export"],
        "finance": ["customer.view"],
        "custom": ["customer.view"],
    }

    with isolated_engine.connect() as connection:
        command.downgrade(alembic_config(connection), "0004")
        connection.commit()
    after_downgrade = permissions(isolated_engine)
    assert after_downgrade == BEFORE | {"leader": ["customer.view"]}
