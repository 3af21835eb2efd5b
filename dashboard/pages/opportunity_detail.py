"""Opportunity detail: header with key facts and the stage bar (move, win, lose,
reopen), actions (edit, new contract, delete) and tabs: information, product
lines, contacts, follow-ups, contracts, stage history, operation log. Content is
loaded by a callback that re-checks scope."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.custom_fields import make_more_fields
from dashboard.components.detail_page import (
    HIDDEN,
    action_button,
    detail_tab,
    make_confirm_modal,
    make_detail_header,
    make_detail_tabs,
)
from dashboard.components.followup_form import make_followup_form
from dashboard.components.forms import make_field
from dashboard.components.send_message import make_send_message
from dashboard.i18n import _
from dashboard.ids import OpportunityDetail as ids
from dashboard.ids import OpportunityFollowUpForm

dash.register_page(
    __name__,
    path_template="/opportunities/<opportunity_id>",
    order=43,
    title=lambda **_kw: f"{_('Opportunity')} · Pelago",
)


def actions(opportunity_id: str) -> html.Div:
    """Every action; the load callback shows those that apply, the callbacks
    re-check scope and state."""
    return html.Div(
        [
            action_button(
                ids.EDIT,
                "pencil",
                _("Edit"),
                "primary",
                href=f"/opportunities/{opportunity_id}/edit",
            ),
            action_button(
                ids.NEW_CONTRACT,
                "file-earmark-text",
                _("New contract"),
                "success",
                outline=True,
                href=f"/contracts/new?opportunity_id={opportunity_id}",
            ),
            action_button(ids.DELETE, "trash", _("Delete"), "danger", outline=True),
        ],
        className="detail-actions",
    )


def _stage_row() -> html.Div:
    return html.Div(
        [
            html.Div(id=ids.STAGE_BAR, className="me-3"),
            action_button(ids.WIN, "trophy", _("Won"), "success"),
            action_button(ids.LOSE, "x-circle", _("Lost"), "danger", outline=True),
            action_button(
                ids.REOPEN, "arrow-counterclockwise", _("Reopen"), "secondary"
            ),
        ],
        className="d-flex flex-wrap align-items-center gap-2 mt-3 stage-row",
    )


def _tab(content, label: str, tab_id: str):
    return detail_tab(label, tab_id, content=content)


def _required_field(*args) -> dbc.Row:
    return dbc.Row(make_field(*args, required=True, width=12))


def _close_dialog() -> dbc.Modal:
    return make_confirm_modal(
        ids.CLOSE_MODAL,
        ids.CLOSE_CANCEL,
        ids.CLOSE_CONFIRM,
        title_id=ids.CLOSE_TITLE,
        body=_required_field(
            _("Reason"),
            dbc.Textarea(id=ids.CLOSE_REASON, rows=3, maxLength=1000),
            ids.CLOSE_REASON_FEEDBACK,
        ),
        confirm_label=_("Confirm"),
        color="primary",
        before=(dcc.Store(id=ids.CLOSE_OUTCOME),),
    )


def _reopen_dialog() -> dbc.Modal:
    return make_confirm_modal(
        ids.REOPEN_MODAL,
        ids.REOPEN_CANCEL,
        ids.REOPEN_CONFIRM,
        title=_("Reopen the opportunity"),
        body=_required_field(
            _("Back to stage"),
            dbc.Select(id=ids.REOPEN_STAGE, options=[]),
            ids.REOPEN_STAGE_FEEDBACK,
        ),
        confirm_label=_("Reopen"),
        color="primary",
    )


def _delete_dialog() -> dbc.Modal:
    return make_confirm_modal(
        ids.DELETE_MODAL,
        ids.DELETE_CANCEL,
        ids.DELETE_CONFIRM,
        title=_("Delete this opportunity?"),
        body=_(
            "Its product lines and stage history are deleted too; "
            "follow-ups stay on the customer."
        ),
        confirm_label=_("Delete"),
    )


def layout(opportunity_id: str = "", **_query):
    followups = [
        make_followup_form(OpportunityFollowUpForm, id=ids.FOLLOWUP_CARD, style=HIDDEN),
        html.Div(id=ids.TIMELINE),
    ]
    return html.Div(
        [
            dcc.Store(id=ids.OPPORTUNITY_ID, data=opportunity_id),
            dcc.Store(id=ids.REFRESH, data=0),
            dcc.Store(id=ids.VERSION),
            html.Div(id=ids.MESSAGE),
            make_detail_header(
                ids.HEADER,
                actions(opportunity_id),
                make_send_message("opportunity", opportunity_id),
                below=_stage_row(),
            ),
            make_detail_tabs(
                [
                    _tab(
                        [html.Div(id=ids.INFO), make_more_fields("opportunity")],
                        _("Information"),
                        "info",
                    ),
                    _tab(html.Div(id=ids.LINES), _("Product lines"), "lines"),
                    _tab(html.Div(id=ids.CONTACTS_TAB), _("Contacts"), "contacts"),
                    _tab(followups, _("Follow-ups"), "followups"),
                    _tab(html.Div(id=ids.CONTRACTS), _("Contracts"), "contracts"),
                    _tab(html.Div(id=ids.HISTORY), _("Stage history"), "history"),
                    _tab(html.Div(id=ids.LOG), _("Operation log"), "log"),
                ],
                tabs_id=ids.TABS,
                active_tab="info",
            ),
            _close_dialog(),
            _reopen_dialog(),
            _delete_dialog(),
        ]
    )
