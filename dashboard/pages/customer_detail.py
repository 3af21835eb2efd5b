"""Customer detail: header with key facts and actions; info, contacts, follow-ups
and operation log tabs. Content is loaded by a callback that re-checks scope."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.customer_views import actions
from dashboard.components.followup_form import make_followup_form
from dashboard.components.release_dialog import release_controls
from dashboard.components.transfer_dialog import with_transfer
from dashboard.i18n import _
from dashboard.ids import CustomerDetail as ids

dash.register_page(
    __name__,
    path_template="/customers/<customer_id>",
    order=13,
    title=lambda **_kw: f"{_('Customer')} · Pelago",
)


def layout(customer_id: str = "", **_query):
    return html.Div(
        [
            dcc.Store(id=ids.CUSTOMER_ID, data=customer_id),
            dcc.Store(id=ids.REFRESH, data=0),
            html.Div(id=ids.MESSAGE),
            dbc.Card(
                dbc.CardBody(
                    html.Div(
                        [
                            dcc.Loading(html.Div(id=ids.HEADER), type="dot"),
                            with_transfer(actions(customer_id), customer_id),
                            release_controls("customer-detail", disabled=False),
                        ],
                        className="detail-header-row",
                    )
                ),
                className="detail-header",
            ),
            dbc.Tabs(
                id=ids.TABS,
                active_tab="info",
                className="mt-3",
                children=[
                    dbc.Tab(
                        html.Div(id=ids.INFO, className="pt-3"),
                        label=_("Information"),
                        tab_id="info",
                    ),
                    dbc.Tab(
                        html.Div(id=ids.CONTACTS, className="pt-3"),
                        label=_("Contacts"),
                        tab_id="contacts",
                    ),
                    dbc.Tab(
                        html.Div(
                            [make_followup_form(), html.Div(id=ids.TIMELINE)],
                            className="pt-3",
                        ),
                        label=_("Follow-ups"),
                        tab_id="followups",
                    ),
                    dbc.Tab(
                        html.Div(id=ids.OPPORTUNITIES, className="pt-3"),
                        label=_("Opportunities"),
                        tab_id="opportunities",
                    ),
                    dbc.Tab(
                        html.Div(id=ids.CONTRACTS_TAB, className="pt-3"),
                        label=_("Contracts"),
                        tab_id="contracts",
                    ),
                    dbc.Tab(
                        html.Div(id=ids.PAYMENTS, className="pt-3"),
                        label=_("Payments"),
                        tab_id="payments",
                    ),
                    dbc.Tab(
                        html.Div(id=ids.LOG, className="pt-3"),
                        label=_("Operation log"),
                        tab_id="log",
                    ),
                ],
            ),
            dbc.Modal(
                [
                    dbc.ModalHeader(dbc.ModalTitle(_("Move to the recycle bin?"))),
                    dbc.ModalBody(
                        _(
                            "The customer goes to the recycle bin. "
                            "You can restore it from there."
                        )
                    ),
                    dbc.ModalFooter(
                        [
                            dbc.Button(
                                _("Cancel"), id=ids.DELETE_CANCEL, color="secondary"
                            ),
                            dbc.Button(
                                _("Delete"), id=ids.DELETE_CONFIRM, color="danger"
                            ),
                        ]
                    ),
                ],
                id=ids.DELETE_MODAL,
                is_open=False,
            ),
        ]
    )
