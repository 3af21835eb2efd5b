"""Public pool (公海): owner-less customers with search, filters and paging; claim
("assign to me"), assign to a team member, delete (leaders)."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.assign_dialog import assign_modal, confirm_modal
from dashboard.components.grid import link_column, make_grid, make_pager
from dashboard.components.list_page import (
    make_bulk_bar,
    make_bulk_button,
    make_filter_bar,
    make_filter_select,
    make_page_header,
    make_search,
    make_sort_controls,
    make_tabs,
)
from dashboard.context import current_actor, read_session
from dashboard.i18n import _, current_language
from dashboard.ids import Pool as ids
from dashboard.labels import SORT_LABELS, STAGE_LABELS, STAGES
from services import dictionaries
from services.msgid import N_
from services.org import team_choices
from services.permissions import (
    CUSTOMER_DELETE,
    POOL_ASSIGN,
    POOL_CLAIM,
    POOL_DIRECT_ASSIGN,
)
from services.pool import REASON_LABELS
from services.regions import province_options

dash.register_page(
    __name__,
    path="/pool",
    order=15,
    title=lambda **_kw: f"{_('Public pool')} · Pelago",
)

POOL_SORT_LABELS = {
    "entered": N_("Entered the pool"),
    "created": SORT_LABELS["created"],
    "last_followup": SORT_LABELS["last_followup"],
    "name": SORT_LABELS["name"],
}
IN_REASONS = ("released", "auto_no_followup", "auto_unsigned", "auto_dormant")


def columns() -> list[dict]:
    return [
        link_column("name", _("Customer")),
        {"field": "mobile", "headerName": _("Mobile"), "minWidth": 120},
        {"field": "stage_label", "headerName": _("Stage"), "minWidth": 90},
        {"field": "level", "headerName": _("Level"), "minWidth": 70},
        {"field": "region", "headerName": _("Region"), "minWidth": 110},
        {"field": "days", "headerName": _("Days in pool"), "minWidth": 100},
        {"field": "last_owner", "headerName": _("Last owner"), "minWidth": 100},
        {"field": "last_team", "headerName": _("Last team"), "minWidth": 100},
        {"field": "reason_label", "headerName": _("Reason"), "minWidth": 120},
        {"field": "pool_note", "headerName": _("Note"), "minWidth": 140},
        {"field": "status", "headerName": _("Status"), "minWidth": 100},
    ]


def filter_bar(language: str) -> dbc.Card:
    with read_session() as session:
        sources = dictionaries.options(session, "customer_source", language)
        industries = dictionaries.options(session, "industry", language)
        levels = dictionaries.options(session, "customer_level", language)
        teams = [
            {"label": name, "value": str(team_id)}
            for team_id, name in team_choices(session)
        ]
    reasons = [{"label": _(REASON_LABELS[r]), "value": r} for r in IN_REASONS]
    provinces = province_options(language)
    sort_options = [
        {"label": _(label), "value": key} for key, label in POOL_SORT_LABELS.items()
    ]
    return make_filter_bar(
        [
            dbc.Col(
                make_search(ids.SEARCH, _("Name, phone or contact"), icon=False), md=4
            ),
            dbc.Col(make_filter_select(ids.LEVEL, _("All levels"), levels), md=2),
            dbc.Col(make_filter_select(ids.SOURCE, _("All sources"), sources), md=2),
            dbc.Col(
                make_filter_select(ids.INDUSTRY, _("All industries"), industries),
                md=2,
            ),
            dbc.Col(make_filter_select(ids.REASON, _("All reasons"), reasons), md=2),
        ],
        [
            dbc.Col(
                make_filter_select(ids.PROVINCE, _("All provinces"), provinces), md=2
            ),
            dbc.Col(make_filter_select(ids.CITY, _("All cities"), []), md=2),
            dbc.Col(make_filter_select(ids.LAST_TEAM, _("Any last team"), teams), md=3),
            dbc.Col(
                make_sort_controls(
                    ids.SORT, ids.DIRECTION, sort_options, value="entered"
                ),
                md=3,
            ),
        ],
    )


def _hidden_unless(allowed: bool) -> dict | None:
    return None if allowed else {"display": "none"}


def layout(**_query):
    actor = current_actor()
    language = current_language()
    can_claim = actor.can(POOL_CLAIM)
    can_assign = actor.can(POOL_ASSIGN) or actor.can(POOL_DIRECT_ASSIGN)
    can_delete = actor.can(CUSTOMER_DELETE) and actor.can(POOL_ASSIGN)
    return html.Div(
        [
            dcc.Store(id=ids.REFRESH, data=0),
            make_page_header(
                _("Public pool"),
                dbc.Button(
                    [html.I(className="bi bi-inbox me-1"), _("Pool requests")],
                    href="/pool-requests",
                    color="link",
                    id="pool-requests-link",
                ),
                class_name="mb-1",
            ),
            html.P(
                _(
                    "Customers without an owner. Claiming one last owned in another "
                    "team waits for that team leader's approval."
                ),
                className="text-muted",
            ),
            filter_bar(language),
            make_tabs(ids.STAGE_TABS, ("all", *STAGES), STAGE_LABELS),
            make_bulk_bar(
                ids.SELECTION,
                make_bulk_button(
                    ids.CLAIM,
                    "hand-index",
                    _("Claim"),
                    "primary",
                    style=_hidden_unless(can_claim),
                ),
                make_bulk_button(
                    ids.ASSIGN,
                    "person-check",
                    _("Assign"),
                    style=_hidden_unless(can_assign),
                ),
                make_bulk_button(
                    ids.DELETE,
                    "trash",
                    _("Delete"),
                    "outline-danger",
                    spaced=False,
                    style=_hidden_unless(can_delete),
                ),
            ),
            html.Div(id=ids.MESSAGE),
            make_grid(ids.GRID, columns()),
            make_pager(ids.PAGER, ids.TOTAL, ids.PAGE_SIZE),
            assign_modal(
                actor,
                ids.ASSIGN_MODAL,
                ids.ASSIGN_USER,
                ids.ASSIGN_FEEDBACK,
                ids.ASSIGN_CANCEL,
                ids.ASSIGN_CONFIRM,
            ),
            confirm_modal(
                _("Move to the recycle bin?"),
                _(
                    "The selected customers go to the recycle bin. "
                    "Restoring puts them back in the pool."
                ),
                ids.DELETE_MODAL,
                ids.DELETE_CANCEL,
                ids.DELETE_CONFIRM,
                _("Delete"),
                "danger",
            ),
        ]
    )
