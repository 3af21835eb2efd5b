"""Customer detail: header with key facts and actions; info, contacts, follow-ups
and operation log tabs. Content is loaded by a callback that re-checks scope."""

import dash
from dash import dcc, html

from dashboard.components.custom_fields import make_more_fields
from dashboard.components.customer_views import actions
from dashboard.components.detail_page import (
    detail_tab,
    make_confirm_modal,
    make_detail_header,
    make_detail_tabs,
)
from dashboard.components.followup_form import make_followup_form
from dashboard.components.release_dialog import release_controls
from dashboard.components.send_message import make_send_message
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
    followups = [make_followup_form(), html.Div(id=ids.TIMELINE)]
    return html.Div(
        [
            dcc.Store(id=ids.CUSTOMER_ID, data=customer_id),
            dcc.Store(id=ids.REFRESH, data=0),
            html.Div(id=ids.MESSAGE),
            make_detail_header(
                ids.HEADER,
                with_transfer(actions(customer_id), customer_id),
                make_send_message("customer", customer_id),
                release_controls("customer-detail", disabled=False),
            ),
            make_detail_tabs(
                [
                    detail_tab(
                        _("Information"),
                        "info",
                        content=[html.Div(id=ids.INFO), make_more_fields("customer")],
                    ),
                    detail_tab(_("Contacts"), "contacts", body_id=ids.CONTACTS),
                    detail_tab(_("Follow-ups"), "followups", content=followups),
                    detail_tab(
                        _("Opportunities"), "opportunities", body_id=ids.OPPORTUNITIES
                    ),
                    detail_tab(_("Contracts"), "contracts", body_id=ids.CONTRACTS_TAB),
                    detail_tab(_("Payments"), "payments", body_id=ids.PAYMENTS),
                    detail_tab(_("Operation log"), "log", body_id=ids.LOG),
                ],
                tabs_id=ids.TABS,
                active_tab="info",
            ),
            make_confirm_modal(
                ids.DELETE_MODAL,
                ids.DELETE_CANCEL,
                ids.DELETE_CONFIRM,
                title=_("Move to the recycle bin?"),
                body=_(
                    "The customer goes to the recycle bin. "
                    "You can restore it from there."
                ),
                confirm_label=_("Delete"),
            ),
        ]
    )
