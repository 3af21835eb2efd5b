"""Callback modules; `register_all(app)` wires each one to the app."""

from dash import Dash

from dashboard.callbacks import (
    account,
    contacts,
    customer_detail,
    customer_form,
    customers,
    home,
    recycle_bin,
    shell,
)


def register_all(app: Dash) -> None:
    for module in (
        shell,
        home,
        customers,
        customer_form,
        customer_detail,
        contacts,
        recycle_bin,
        account,
    ):
        module.register(app)
