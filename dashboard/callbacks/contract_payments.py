"""The contract detail page's "plan" and "payments" tabs, filled when opened:
the payment plan editor, and the contract's payments with its receivable."""

from __future__ import annotations

from collections.abc import Callable

import dash_bootstrap_components as dbc
from dash import Dash, html, no_update

from dashboard.callbacks.detail_page import register_tab
from dashboard.components.detail_page import facts_row
from dashboard.components.feedback import error_alert
from dashboard.components.payment_plan_views import make_plan_tab
from dashboard.components.payment_views import payments_table, receivable_facts
from dashboard.context import current_actor, read_session
from dashboard.i18n import _, current_language, local_today
from dashboard.ids import ContractDetail as ids
from dashboard.parsing import parse_int
from services import dictionaries
from services.errors import ServiceError
from services.payment_plans import contract_receivable, payment_plan
from services.payments import PaymentFilter, list_payments
from services.permissions import PAYMENT_CREATE

TAB_ROWS = 100


def render_plan(active_tab, contract_id):
    if active_tab != "plan":
        return no_update
    try:
        with read_session() as session:
            plan = payment_plan(
                session,
                current_actor(),
                parse_int(contract_id) or 0,
                today=local_today(),
            )
    except ServiceError as error:
        return error_alert(error)
    return make_plan_tab(plan)


def record_button(href: str, **props) -> dbc.Button:
    return dbc.Button(
        [html.I(className="bi bi-plus-lg me-1"), _("Record payment")],
        href=href,
        color="primary",
        size="sm",
        **props,
    )


def more_note(total: int) -> html.Small | None:
    if total <= TAB_ROWS:
        return None
    return html.Small(
        _("Showing the latest {shown} of {total}.", shown=TAB_ROWS, total=total),
        className="text-muted",
    )


def render_payments_tab(
    active_tab,
    raw_id,
    *,
    kind: str,
    receivable: Callable,
    facts: Callable[[dict], list],
    show_contract: bool,
):
    """The "payments" tab of a `kind` ("contract" or "customer") page: its
    receivable (`receivable(session, actor, id)`), a "Record payment" button
    while a balance is left, and its latest payments."""
    if active_tab != "payments":
        return no_update
    record_id = parse_int(raw_id) or 0
    try:
        with read_session() as session:
            actor = current_actor()
            summary = receivable(session, actor, record_id)
            page = list_payments(
                session,
                actor,
                PaymentFilter(
                    **{f"{kind}_id": record_id}, focus=False, page_size=TAB_ROWS
                ),
            )
            labels = dictionaries.labels(session, current_language())
    except ServiceError as error:
        return error_alert(error)
    can_record = actor.can(PAYMENT_CREATE) and summary["balance"] > 0
    return html.Div(
        [
            html.Div(
                [
                    facts_row(facts(summary), id=f"{kind}-payments-receivable"),
                    record_button(
                        f"/payments/new?{kind}_id={record_id}",
                        id=f"{kind}-payments-new",
                    )
                    if can_record
                    else None,
                ],
                className="d-flex justify-content-between align-items-end mb-3",
            ),
            payments_table(page.rows, labels, show_contract=show_contract),
            more_note(page.total),
        ]
    )


def render_payments(active_tab, contract_id):
    return render_payments_tab(
        active_tab,
        contract_id,
        kind="contract",
        receivable=contract_receivable,
        facts=receivable_facts,
        show_contract=False,
    )


def register(app: Dash) -> None:
    for render, body_id in ((render_plan, ids.PLAN), (render_payments, ids.PAYMENTS)):
        register_tab(
            app,
            render,
            body_id=body_id,
            tabs_id=ids.TABS,
            record_store=ids.CONTRACT_ID,
        )
