"""Customer list: search, filters, stage tabs, server paging, bulk delete."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.assign_dialog import confirm_modal
from dashboard.components.custom_fields import make_custom_list_controls
from dashboard.components.export_menu import make_export_menu
from dashboard.components.grid import link_column, make_grid, make_pager
from dashboard.components.list_page import (
    make_bulk_bar,
    make_bulk_button,
    make_filter_bar,
    make_filter_select,
    make_new_button,
    make_page_header,
    make_range,
    make_search,
    make_sort_controls,
    make_tabs,
)
from dashboard.components.release_dialog import release_controls
from dashboard.components.transfer_dialog import make_transfer_control
from dashboard.context import current_actor, read_session
from dashboard.i18n import _, current_language
from dashboard.ids import Customers as ids
from dashboard.ids import CustomersFollowUpDue
from dashboard.labels import SORT_LABELS, STAGE_LABELS, STAGES
from services import dictionaries
from services.customers import FOLLOWUP_DUE, SORT_COLUMNS
from services.msgid import N_
from services.org import assignable_users
from services.regions import province_options

dash.register_page(
    __name__,
    path="/customers",
    order=10,
    title=lambda **_kw: f"{_('Customers')} · Pelago",
)


def columns() -> list[dict]:
    return [
        link_column("name", _("Customer")),
        {"field": "mobile", "headerName": _("Mobile"), "minWidth": 120},
        {"field": "stage_label", "headerName": _("Stage"), "minWidth": 90},
        {"field": "level", "headerName": _("Level"), "minWidth": 70},
        {"field": "source_label", "headerName": _("Source"), "minWidth": 100},
        {"field": "industry_label", "headerName": _("Industry"), "minWidth": 100},
        {"field": "region", "headerName": _("Region"), "minWidth": 120},
        {"field": "owner", "headerName": _("Owner"), "minWidth": 90},
        {"field": "last_followup", "headerName": _("Last follow-up"), "minWidth": 140},
        {"field": "next_followup", "headerName": _("Next follow-up"), "minWidth": 140},
        {"field": "created", "headerName": _("Created"), "minWidth": 140},
    ]


def filter_bar(actor, language: str, *, sort_by_next_followup: bool) -> dbc.Card:
    with read_session() as session:
        sources = dictionaries.options(session, "customer_source", language)
        industries = dictionaries.options(session, "industry", language)
        levels = dictionaries.options(session, "customer_level", language)
        owners = [
            {"label": name, "value": str(uid)}
            for uid, name in assignable_users(session, actor)
        ]
    provinces = province_options(language)
    sort_options = [{"label": _(SORT_LABELS[k]), "value": k} for k in SORT_COLUMNS]
    return make_filter_bar(
        [
            dbc.Col(make_search(ids.SEARCH, _("Name, phone or contact")), md=4),
            dbc.Col(make_filter_select(ids.LEVEL, _("All levels"), levels), md=2),
            dbc.Col(make_filter_select(ids.SOURCE, _("All sources"), sources), md=2),
            dbc.Col(
                make_filter_select(ids.INDUSTRY, _("All industries"), industries),
                md=2,
            ),
            dbc.Col(make_filter_select(ids.OWNER, _("All owners"), owners), md=2),
        ],
        [
            dbc.Col(
                make_filter_select(ids.PROVINCE, _("All provinces"), provinces), md=2
            ),
            dbc.Col(make_filter_select(ids.CITY, _("All cities"), []), md=2),
            dbc.Col(_date_range(_("Created"), ids.CREATED_FROM, ids.CREATED_TO), md=3),
            dbc.Col(
                _date_range(_("Last follow-up"), ids.FOLLOWUP_FROM, ids.FOLLOWUP_TO),
                md=3,
            ),
            dbc.Col(
                make_sort_controls(
                    ids.SORT,
                    ids.DIRECTION,
                    sort_options,
                    value="next_followup" if sort_by_next_followup else "updated",
                    direction="asc" if sort_by_next_followup else "desc",
                ),
                md=2,
            ),
        ],
    )


def _date_range(label: str, from_id: str, to_id: str) -> dbc.InputGroup:
    return make_range(
        label,
        dbc.Input(id=from_id, type="date", debounce=True),
        dbc.Input(id=to_id, type="date", debounce=True),
    )


FOLLOWUP_DUE_LABELS = {
    "today": N_("Follow-up due today"),
    "overdue": N_("Follow-up overdue"),
}


def layout(followup: str | None = None, **_query):
    actor = current_actor()
    language = current_language()
    return html.Div(
        [
            dcc.Store(id=ids.REFRESH, data=0),
            make_page_header(
                _("Customers"),
                make_new_button(_("New customer"), "/customers/new", "customers-new"),
            ),
            # Follow-ups due: most overdue first.
            filter_bar(actor, language, sort_by_next_followup=followup in FOLLOWUP_DUE),
            make_custom_list_controls("customer"),
            html.Div(
                [
                    make_tabs(
                        ids.STAGE_TABS,
                        ("all", *STAGES),
                        STAGE_LABELS,
                        class_name="flex-grow-1",
                    ),
                    # The to-do's "follow-ups due" links land here (?followup=).
                    html.Div(
                        make_filter_select(
                            CustomersFollowUpDue.SELECT,
                            _("Any next follow-up"),
                            [
                                {"label": _(label), "value": due}
                                for due, label in FOLLOWUP_DUE_LABELS.items()
                            ],
                            value=followup if followup in FOLLOWUP_DUE else None,
                        ),
                        className="followup-due-filter",
                        style={"minWidth": "200px"},
                    ),
                ],
                className="d-flex align-items-end gap-2 mb-2",
            ),
            make_bulk_bar(
                ids.SELECTION,
                make_bulk_button(
                    ids.DELETE, "trash", _("Delete"), "outline-danger", spaced=False
                ),
                release_controls("customers"),
                make_transfer_control("customers"),
                make_export_menu("customers", import_href="/customers/import"),
            ),
            html.Div(id=ids.MESSAGE),
            make_grid(ids.GRID, columns()),
            make_pager(ids.PAGER, ids.TOTAL, ids.PAGE_SIZE),
            confirm_modal(
                _("Move to the recycle bin?"),
                _(
                    "The selected customers go to the recycle bin. "
                    "You can restore them from there."
                ),
                ids.DELETE_MODAL,
                ids.DELETE_CANCEL,
                ids.DELETE_CONFIRM,
                _("Delete"),
                "danger",
            ),
        ]
    )
