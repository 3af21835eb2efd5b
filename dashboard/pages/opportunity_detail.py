"""Opportunity detail: header with key facts and the stage bar (move, win, lose,
reopen), actions (edit, new contract, delete) and tabs: information, product
lines, contacts, follow-ups, contracts, stage history, operation log. Content is
loaded by a callback that re-checks scope."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.followup_form import make_followup_form
from dashboard.components.forms import make_field
from dashboard.i18n import _
from dashboard.ids import OpportunityDetail as ids
from dashboard.ids import OpportunityFollowUpForm

dash.register_page(
    __name__,
    path_template="/opportunities/<opportunity_id>",
    order=43,
    title=lambda **_kw: f"{_('Opportunity')} · Pelago",
)

HIDDEN = {"display": "none"}


def _button(component_id: str, icon: str, label: str, color: str, **props):
    return dbc.Button(
        [html.I(className=f"bi bi-{icon} me-1"), label],
        id=component_id,
        color=color,
        size="sm",
        className="me-2",
        style=HIDDEN,
        **props,
    )


def actions(opportunity_id: str) -> html.Div:
    """Every action; the load callback shows those that apply, the callbacks
    re-check scope and state."""
    return html.Div(
        [
            _button(
                ids.EDIT,
                "pencil",
                _("Edit"),
                "primary",
                href=f"/opportunities/{opportunity_id}/edit",
            ),
            _button(
                ids.NEW_CONTRACT,
                "file-earmark-text",
                _("New contract"),
                "success",
                outline=True,
                href=f"/contracts/new?opportunity_id={opportunity_id}",
            ),
            _button(ids.DELETE, "trash", _("Delete"), "danger", outline=True),
        ],
        className="detail-actions",
    )


def _stage_row() -> html.Div:
    return html.Div(
        [
            html.Div(id=ids.STAGE_BAR, className="me-3"),
            _button(ids.WIN, "trophy", _("Won"), "success"),
            _button(ids.LOSE, "x-circle", _("Lost"), "danger", outline=True),
            _button(ids.REOPEN, "arrow-counterclockwise", _("Reopen"), "secondary"),
        ],
        className="d-flex flex-wrap align-items-center gap-2 mt-3 stage-row",
    )


def _tab(content, label: str, tab_id: str) -> dbc.Tab:
    return dbc.Tab(html.Div(content, className="pt-3"), label=label, tab_id=tab_id)


def _close_dialog() -> dbc.Modal:
    return dbc.Modal(
        [
            dcc.Store(id=ids.CLOSE_OUTCOME),
            dbc.ModalHeader(dbc.ModalTitle(id=ids.CLOSE_TITLE)),
            dbc.ModalBody(
                dbc.Row(
                    make_field(
                        _("Reason"),
                        dbc.Textarea(id=ids.CLOSE_REASON, rows=3, maxLength=1000),
                        ids.CLOSE_REASON_FEEDBACK,
                        required=True,
                        width=12,
                    )
                )
            ),
            dbc.ModalFooter(
                [
                    dbc.Button(_("Cancel"), id=ids.CLOSE_CANCEL, color="secondary"),
                    dbc.Button(_("Confirm"), id=ids.CLOSE_CONFIRM, color="primary"),
                ]
            ),
        ],
        id=ids.CLOSE_MODAL,
        is_open=False,
    )


def _reopen_dialog() -> dbc.Modal:
    return dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle(_("Reopen the opportunity"))),
            dbc.ModalBody(
                dbc.Row(
                    make_field(
                        _("Back to stage"),
                        dbc.Select(id=ids.REOPEN_STAGE, options=[]),
                        ids.REOPEN_STAGE_FEEDBACK,
                        required=True,
                        width=12,
                    )
                )
            ),
            dbc.ModalFooter(
                [
                    dbc.Button(_("Cancel"), id=ids.REOPEN_CANCEL, color="secondary"),
                    dbc.Button(_("Reopen"), id=ids.REOPEN_CONFIRM, color="primary"),
                ]
            ),
        ],
        id=ids.REOPEN_MODAL,
        is_open=False,
    )


def _delete_dialog() -> dbc.Modal:
    return dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle(_("Delete this opportunity?"))),
            dbc.ModalBody(
                _(
                    "Its product lines and stage history are deleted too; "
                    "follow-ups stay on the customer."
                )
            ),
            dbc.ModalFooter(
                [
                    dbc.Button(_("Cancel"), id=ids.DELETE_CANCEL, color="secondary"),
                    dbc.Button(_("Delete"), id=ids.DELETE_CONFIRM, color="danger"),
                ]
            ),
        ],
        id=ids.DELETE_MODAL,
        is_open=False,
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
            dbc.Card(
                dbc.CardBody(
                    [
                        html.Div(
                            [
                                dcc.Loading(html.Div(id=ids.HEADER), type="dot"),
                                actions(opportunity_id),
                            ],
                            className="detail-header-row",
                        ),
                        _stage_row(),
                    ]
                ),
                className="detail-header",
            ),
            dbc.Tabs(
                id=ids.TABS,
                active_tab="info",
                className="mt-3",
                children=[
                    _tab(html.Div(id=ids.INFO), _("Information"), "info"),
                    _tab(html.Div(id=ids.LINES), _("Product lines"), "lines"),
                    _tab(html.Div(id=ids.CONTACTS_TAB), _("Contacts"), "contacts"),
                    _tab(followups, _("Follow-ups"), "followups"),
                    _tab(html.Div(id=ids.CONTRACTS), _("Contracts"), "contracts"),
                    _tab(html.Div(id=ids.HISTORY), _("Stage history"), "history"),
                    _tab(html.Div(id=ids.LOG), _("Operation log"), "log"),
                ],
            ),
            _close_dialog(),
            _reopen_dialog(),
            _delete_dialog(),
        ]
    )
