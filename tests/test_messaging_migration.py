"""Revision 0007 grants `messaging.manage` to the seeded admin role of an
existing database (nobody else), and takes it back on downgrade."""

from __future__ import annotations

import pytest
from alembic import command

from services.schema import alembic_config, upgrade_database
from tests.migration_support import add_roles, role_permissions


@pytest.mark.parametrize("isolated_engine", ["sqlite", "postgresql"], indirect=True)
def test_upgrade_grants_messaging_to_admin_and_downgrade_takes_it_back(
    isolated_engine,
):
    before = {"admin": ["admin.settings"], "leader": ["customer.view"]}
    upgrade_database(isolated_engine, "0006")
    add_roles(isolated_engine, before)

    upgrade_database(isolated_engine, "0007")

    assert role_permissions(isolated_engine) == {
        "admin": ["admin.settings", "messaging.manage"],
        "leader": ["customer.view"],
    }
    with isolated_engine.connect() as connection:
        command.downgrade(alembic_config(connection), "0006")
        connection.commit()
    assert role_permissions(isolated_engine) == before
