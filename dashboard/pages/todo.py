"""To-do inbox (待办): counts that link to their lists, then the lists themselves;
approve or reject right here."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.grid import make_pager
from dashboard.context import current_actor
from dashboard.i18n import _
from dashboard.ids import Todo as ids
from services.permissions import CONTRACT_VIEW, CUSTOMER_VIEW, PAYMENT_VIEW

dash.register_page(
    __name__,
    path="/todo",
    order=1,
    title=lambda **_kw: f"{_('To-do')} · Pelago",
)


def _due_choice(component_id: str, options: list[tuple[str, str]]) -> dbc.RadioItems:
    return dbc.RadioItems(
        id=component_id,
        value=options[0][0],
        inline=True,
        options=[{"label": label, "value": value} for value, label in options],
        className="small ms-auto",
    )


def _section(
    title: str,
    body_id: str,
    pager_id: str,
    total_id: str,
    *,
    controls=None,
    shown: bool = True,
) -> dbc.Card:
    """A card with a title (and its filter), one page of a list and a pager.
    A section the actor has no use for stays in the layout, hidden, so its
    callbacks keep their components."""
    return dbc.Card(
        [
            dbc.CardHeader(
                [html.Span(title, className="fw-semibold"), controls],
                className="d-flex align-items-center",
            ),
            dbc.CardBody(
                [
                    dcc.Loading(html.Div(id=body_id), type="dot"),
                    make_pager(pager_id, total_id),
                ]
            ),
        ],
        id=f"{body_id}-section",
        className="mb-3",
        style=None if shown else {"display": "none"},
    )


def _decide_modal() -> dbc.Modal:
    return dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle(id=ids.DECIDE_TITLE)),
            dbc.ModalBody(
                [
                    dbc.Label(id=ids.DECIDE_LABEL, html_for=ids.DECIDE_TEXT),
                    dbc.Textarea(id=ids.DECIDE_TEXT, maxLength=1000, rows=3),
                    dbc.FormFeedback(id=ids.DECIDE_FEEDBACK, type="invalid"),
                ]
            ),
            dbc.ModalFooter(
                [
                    dbc.Button(_("Cancel"), id=ids.DECIDE_CANCEL, color="secondary"),
                    dbc.Button(id=ids.DECIDE_CONFIRM, color="primary"),
                ]
            ),
        ],
        id=ids.DECIDE_MODAL,
        is_open=False,
    )


def layout(**_query):
    actor = current_actor()
    sees_contracts = actor.can(CONTRACT_VIEW)
    return html.Div(
        [
            dcc.Store(id=ids.REFRESH, data=0),
            dcc.Store(id=ids.APPROVALS_TITLES, data={}),
            # What the open dialog decides: {"action", "index"} of the clicked
            # row; the engine re-checks the request, the step and the approver.
            dcc.Store(id=ids.DECIDE_TARGET, data=None),
            html.H2(_("To-do"), className="page-title mb-3"),
            dcc.Loading(html.Div(id=ids.COUNTS, className="mb-3"), type="dot"),
            html.Div(id=ids.MESSAGE),
            _section(
                _("Waiting for my approval"),
                ids.APPROVALS,
                ids.APPROVALS_PAGER,
                ids.APPROVALS_TOTAL,
                controls=_due_choice(
                    ids.APPROVALS_TYPE,
                    [
                        ("all", _("All")),
                        ("contract", _("Contracts")),
                        ("payment", _("Payments")),
                    ],
                ),
            ),
            _section(
                _("My submissions in progress"),
                ids.SUBMISSIONS,
                ids.SUBMISSIONS_PAGER,
                ids.SUBMISSIONS_TOTAL,
            ),
            _section(
                _("Follow-ups due"),
                ids.FOLLOWUPS,
                ids.FOLLOWUPS_PAGER,
                ids.FOLLOWUPS_TOTAL,
                controls=_due_choice(
                    ids.FOLLOWUPS_DUE,
                    [("overdue", _("Overdue")), ("today", _("Due today"))],
                ),
                shown=actor.can(CUSTOMER_VIEW),
            ),
            _section(
                _("Contracts ending within 30 days"),
                ids.CONTRACTS,
                ids.CONTRACTS_PAGER,
                ids.CONTRACTS_TOTAL,
                shown=sees_contracts,
            ),
            _section(
                _("Installments due"),
                ids.INSTALLMENTS,
                ids.INSTALLMENTS_PAGER,
                ids.INSTALLMENTS_TOTAL,
                controls=_due_choice(
                    ids.INSTALLMENTS_DUE,
                    [("overdue", _("Overdue")), ("today", _("Due today"))],
                ),
                shown=sees_contracts or actor.can(PAYMENT_VIEW),
            ),
            _decide_modal(),
        ]
    )
