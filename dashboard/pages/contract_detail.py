"""Contract detail: header with number, status, customer/opportunity links and
the amount / paid / receivable figures; actions (edit, void, delete, record a
payment); tabs: information, product lines, approval, payment plan, payments,
follow-ups and operation log. Content is loaded by callbacks that re-check
scope."""

import dash
from dash import dcc, html

from dashboard.components.approval_panel import make_approval_panel
from dashboard.components.contract_views import actions, make_dialogs
from dashboard.components.detail_page import (
    detail_tab,
    make_detail_header,
    make_detail_tabs,
)
from dashboard.components.followup_form import make_followup_form
from dashboard.i18n import _
from dashboard.ids import ApprovalPanel, ContractFollowUpForm
from dashboard.ids import ContractDetail as ids
from dashboard.parsing import parse_int

dash.register_page(
    __name__,
    path_template="/contracts/<contract_id>",
    order=53,
    title=lambda **_kw: f"{_('Contract')} · Pelago",
)

APPROVAL_CHANGED = {"type": ApprovalPanel.CHANGED, "index": "contract"}
TAB_IDS = ("info", "lines", "approval", "plan", "payments", "followups", "log")


def _tab(content, label: str, tab_id: str):
    return detail_tab(label, tab_id, content=content)


def layout(contract_id: str = "", tab: str | None = None, **_query):
    contract = parse_int(contract_id)
    return html.Div(
        [
            dcc.Store(id=ids.CONTRACT_ID, data=contract_id),
            dcc.Store(id=ids.REFRESH, data=0),
            dcc.Store(id=ids.VERSION),
            html.Div(id=ids.MESSAGE),
            make_detail_header(ids.HEADER, actions(contract_id)),
            make_detail_tabs(
                [
                    _tab(html.Div(id=ids.INFO), _("Information"), "info"),
                    _tab(html.Div(id=ids.LINES), _("Product lines"), "lines"),
                    _tab(
                        make_approval_panel("contract", contract)
                        if contract is not None
                        # The header reloads on this store: keep it for bad ids.
                        else dcc.Store(id=APPROVAL_CHANGED, data=0),
                        _("Approval"),
                        "approval",
                    ),
                    _tab(html.Div(id=ids.PLAN), _("Payment plan"), "plan"),
                    _tab(html.Div(id=ids.PAYMENTS), _("Payments"), "payments"),
                    _tab(
                        [
                            make_followup_form(
                                ContractFollowUpForm,
                                id=ids.FOLLOWUP_CARD,
                                style={"display": "none"},
                            ),
                            html.Div(id=ids.TIMELINE),
                        ],
                        _("Follow-ups"),
                        "followups",
                    ),
                    _tab(html.Div(id=ids.LOG), _("Operation log"), "log"),
                ],
                tabs_id=ids.TABS,
                active_tab=tab if tab in TAB_IDS else "info",
            ),
            *make_dialogs(),
        ]
    )
