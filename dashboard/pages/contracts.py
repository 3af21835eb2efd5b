"""Contract list: search, filters, status tabs with counts and amount sums,
server paging and sorting. ?status=pending opens that tab and ?ending_within=30
lists approved contracts ending within 30 days (the to-do page links there)."""

import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard.components.admin import forbidden
from dashboard.components.contract_views import STATUS_CELL_CLASSES
from dashboard.components.grid import link_column, make_grid, make_pager
from dashboard.components.list_page import (
    make_filter_bar,
    make_filter_select,
    make_new_button,
    make_page_header,
    make_range,
    make_search,
    make_sort_controls,
    make_tabs,
)
from dashboard.context import current_actor, read_session
from dashboard.i18n import _
from dashboard.ids import Contracts as ids
from dashboard.labels import CONTRACT_SORT_LABELS, CONTRACT_STATUS_LABELS
from dashboard.parsing import parse_int
from models.contract import APPROVAL_STATUSES
from services.org import assignable_users
from services.permissions import CONTRACT_CREATE, CONTRACT_VIEW

dash.register_page(
    __name__,
    path="/contracts",
    order=50,
    title=lambda **_kw: f"{_('Contracts')} · Pelago",
)

TABS = ("all", *APPROVAL_STATUSES)
ENDING_CHOICES = (7, 30, 60, 90)


def columns() -> list[dict]:
    money = {"type": "rightAligned", "minWidth": 120}
    return [
        link_column("number", _("Number"), minWidth=160),
        link_column("name", _("Contract name"), minWidth=170),
        {"field": "customer", "headerName": _("Customer"), "minWidth": 150},
        {"field": "amount_text", "headerName": _("Amount"), **money},
        {"field": "paid_text", "headerName": _("Paid"), **money},
        {"field": "receivable_text", "headerName": _("Receivable"), **money},
        {
            "field": "status_label",
            "headerName": _("Status"),
            "minWidth": 110,
            "cellClassRules": STATUS_CELL_CLASSES,
        },
        {"field": "sign_date_text", "headerName": _("Signing date"), "minWidth": 110},
        {"field": "end_date_text", "headerName": _("End date"), "minWidth": 110},
        {"field": "owner", "headerName": _("Owner"), "minWidth": 90},
    ]


def filter_bar(actor, ending_within: int | None) -> dbc.Card:
    with read_session() as session:
        owners = [
            {"label": name, "value": str(uid)}
            for uid, name in assignable_users(session, actor)
        ]
    ending_options = [
        {"label": _("Ending within {days} days", days=days), "value": str(days)}
        for days in sorted(
            {*ENDING_CHOICES, *([ending_within] if ending_within else [])}
        )
    ]
    sort_options = [
        {"label": _(label), "value": key} for key, label in CONTRACT_SORT_LABELS.items()
    ]
    # Contracts ending soon come soonest first.
    sort = make_sort_controls(
        ids.SORT,
        ids.DIRECTION,
        sort_options,
        value="end_date" if ending_within else "updated",
        direction="asc" if ending_within else "desc",
    )
    first = [
        dbc.Col(make_search(ids.SEARCH, _("Number, name or customer")), md=4),
        dbc.Col(make_filter_select(ids.OWNER, _("All owners"), owners), md=2),
        dbc.Col(
            make_filter_select(
                ids.ENDING,
                _("Any end date"),
                ending_options,
                value=str(ending_within) if ending_within else None,
            ),
            md=3,
        ),
        dbc.Col(sort, md=3),
    ]
    second = [
        dbc.Col(
            make_range(
                _("Signed"),
                dbc.Input(id=ids.SIGN_FROM, type="date", debounce=True),
                dbc.Input(id=ids.SIGN_TO, type="date", debounce=True),
            ),
            md=5,
        ),
        dbc.Col(
            make_range(
                _("Amount"),
                dbc.Input(
                    id=ids.AMOUNT_MIN,
                    debounce=True,
                    inputMode="decimal",
                    placeholder=_("Min"),
                ),
                dbc.Input(
                    id=ids.AMOUNT_MAX,
                    debounce=True,
                    inputMode="decimal",
                    placeholder=_("Max"),
                ),
            ),
            md=5,
        ),
        dbc.Col(
            dbc.Button(_("Reset"), id=ids.RESET, color="link", size="sm"),
            md=2,
        ),
    ]
    return make_filter_bar(first, second)


def layout(status: str | None = None, ending_within: str | None = None, **_query):
    actor = current_actor()
    if not actor.can(CONTRACT_VIEW):
        return forbidden()
    ending = parse_int(ending_within)
    active = status if status in TABS else "all"
    new_button = (
        make_new_button(_("New contract"), "/contracts/new", ids.NEW)
        if actor.can(CONTRACT_CREATE)
        else None
    )
    return html.Div(
        [
            make_page_header(_("Contracts"), new_button),
            filter_bar(actor, ending),
            make_tabs(ids.STATUS_TABS, TABS, CONTRACT_STATUS_LABELS, active=active),
            html.Div(id=ids.SUMMARY, className="text-muted small mb-2"),
            html.Div(id=ids.MESSAGE),
            make_grid(ids.GRID, columns(), selectable=False),
            make_pager(ids.PAGER, ids.TOTAL, ids.PAGE_SIZE),
        ]
    )
