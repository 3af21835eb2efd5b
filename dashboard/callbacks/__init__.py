"""Callback modules; `register_all(app)` wires each one to the app."""

from dash import Dash

from dashboard.callbacks import (
    account,
    admin_dictionaries,
    admin_operation_log,
    admin_roles,
    admin_teams,
    admin_users,
    contacts,
    customer_detail,
    customer_form,
    customers,
    duplicates,
    exports,
    home,
    import_wizard,
    lead_detail,
    lead_form,
    leads,
    notifications,
    pool,
    pool_requests,
    pool_rules,
    recycle_bin,
    release,
    shell,
    team_customers,
    transfer,
)


def register_all(app: Dash) -> None:
    for module in (
        shell,
        home,
        customers,
        exports,
        import_wizard,
        customer_form,
        customer_detail,
        contacts,
        recycle_bin,
        account,
        transfer,
        duplicates,
        leads,
        lead_form,
        lead_detail,
        admin_users,
        admin_teams,
        admin_roles,
        admin_dictionaries,
        admin_operation_log,
        pool,
        pool_requests,
        pool_rules,
        team_customers,
        release,
        notifications,
    ):
        module.register(app)
