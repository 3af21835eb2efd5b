"""Lead detail: header with key facts and the actions that apply (edit, convert,
release, claim, delete); info, follow-ups and operation log tabs. Content is
loaded by a callback that re-checks scope."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.followup_form import make_followup_form
from dashboard.components.lead_views import (
    actions,
    make_convert_dialog,
)
from dashboard.i18n import _
from dashboard.ids import LeadDetail as ids
from dashboard.ids import LeadFollowUpForm

dash.register_page(
    __name__,
    path_template="/leads/<lead_id>",
    order=33,
    title=lambda **_kw: f"{_('Lead')} · Pelago",
)


def layout(lead_id: str = "", **_query):
    return html.Div(
        [
            dcc.Store(id=ids.LEAD_ID, data=lead_id),
            dcc.Store(id=ids.REFRESH, data=0),
            html.Div(id=ids.MESSAGE),
            dbc.Card(
                dbc.CardBody(
                    html.Div(
                        [
                            dcc.Loading(html.Div(id=ids.HEADER), type="dot"),
                            actions(lead_id),
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
                        html.Div(
                            [
                                make_followup_form(
                                    LeadFollowUpForm,
                                    with_contact=False,
                                    id=ids.FOLLOWUP_CARD,
                                    style={"display": "none"},
                                ),
                                html.Div(id=ids.TIMELINE),
                            ],
                            className="pt-3",
                        ),
                        label=_("Follow-ups"),
                        tab_id="followups",
                    ),
                    dbc.Tab(
                        html.Div(id=ids.LOG, className="pt-3"),
                        label=_("Operation log"),
                        tab_id="log",
                    ),
                ],
            ),
            make_convert_dialog(),
            dbc.Modal(
                [
                    dbc.ModalHeader(dbc.ModalTitle(_("Delete this lead?"))),
                    dbc.ModalBody(
                        _("The lead disappears from the lists; its history is kept.")
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
