"""Lead detail: header with key facts and the actions that apply (edit, convert,
release, claim, delete); info, follow-ups and operation log tabs. Content is
loaded by a callback that re-checks scope."""

import dash
from dash import dcc, html

from dashboard.components.custom_fields import make_more_fields
from dashboard.components.detail_page import (
    detail_tab,
    make_confirm_modal,
    make_detail_header,
    make_detail_tabs,
)
from dashboard.components.followup_form import make_followup_form
from dashboard.components.lead_views import (
    actions,
    make_convert_dialog,
)
from dashboard.components.send_message import make_send_message
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
    followups = [
        make_followup_form(
            LeadFollowUpForm,
            with_contact=False,
            id=ids.FOLLOWUP_CARD,
            style={"display": "none"},
        ),
        html.Div(id=ids.TIMELINE),
    ]
    return html.Div(
        [
            dcc.Store(id=ids.LEAD_ID, data=lead_id),
            dcc.Store(id=ids.REFRESH, data=0),
            html.Div(id=ids.MESSAGE),
            make_detail_header(
                ids.HEADER, actions(lead_id), make_send_message("lead", lead_id)
            ),
            make_detail_tabs(
                [
                    detail_tab(
                        _("Information"),
                        "info",
                        content=[html.Div(id=ids.INFO), make_more_fields("lead")],
                    ),
                    detail_tab(_("Follow-ups"), "followups", content=followups),
                    detail_tab(_("Operation log"), "log", body_id=ids.LOG),
                ],
                tabs_id=ids.TABS,
                active_tab="info",
            ),
            make_convert_dialog(),
            make_confirm_modal(
                ids.DELETE_MODAL,
                ids.DELETE_CANCEL,
                ids.DELETE_CONFIRM,
                title=_("Delete this lead?"),
                body=_("The lead disappears from the lists; its history is kept."),
                confirm_label=_("Delete"),
            ),
        ]
    )
