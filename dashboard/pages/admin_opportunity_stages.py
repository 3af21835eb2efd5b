"""Administration · opportunity stages: the sales process with win
probabilities. Add, edit, reorder, disable/enable, delete unused stages."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.admin import forbidden
from dashboard.components.forms import make_field
from dashboard.components.ordered_admin import (
    delete_modal,
    ordered_grid,
    ordered_toolbar,
)
from dashboard.context import current_actor
from dashboard.i18n import _
from dashboard.ids import OpportunityStages as ids
from dashboard.labels import STAGE_OUTCOME_LABELS
from models.opportunity import STAGE_OUTCOMES
from services.permissions import ADMIN_SETTINGS

dash.register_page(
    __name__,
    path="/admin/opportunity-stages",
    order=88,
    title=lambda **_kw: f"{_('Opportunity stages')} · Pelago",
)


def columns() -> list[dict]:
    return [
        {"field": "position", "headerName": "#", "maxWidth": 70},
        {"field": "name_zh", "headerName": _("Chinese name"), "minWidth": 140},
        {"field": "name_en", "headerName": _("English name"), "minWidth": 140},
        {
            "field": "probability_text",
            "headerName": _("Win probability"),
            "minWidth": 110,
        },
        {"field": "outcome_label", "headerName": _("Outcome"), "minWidth": 120},
        {"field": "code", "headerName": _("Code"), "minWidth": 120},
        {"field": "in_stage", "headerName": _("Opportunities"), "minWidth": 110},
        {"field": "status", "headerName": _("Status"), "minWidth": 90},
    ]


def _toolbar() -> html.Div:
    add = dbc.Button(
        [html.I(className="bi bi-plus-lg me-1"), _("Add a stage")],
        id=ids.ADD,
        size="sm",
        color="primary",
        className="me-3",
    )
    return ordered_toolbar(ids, add)


def _stage_modal() -> dbc.Modal:
    def text(name, label, *, required=True, width=6, **props):
        return make_field(
            label,
            dbc.Input(id=ids.field(name), **props),
            ids.feedback(name),
            required=required,
            width=width,
        )

    outcome = make_field(
        _("Outcome"),
        dbc.Select(
            id=ids.field("outcome"),
            options=[
                {"label": _(STAGE_OUTCOME_LABELS[o]), "value": o}
                for o in STAGE_OUTCOMES
            ],
            value="open",
        ),
        ids.feedback("outcome"),
        required=True,
        width=6,
    )
    return dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle(id=ids.MODAL_TITLE)),
            dbc.ModalBody(
                [
                    dcc.Store(id=ids.STAGE_ID),
                    dbc.Row(
                        [
                            text("name_zh", _("Chinese name"), maxLength=100),
                            text("name_en", _("English name"), maxLength=100),
                            text(
                                "probability",
                                _("Win probability (%)"),
                                type="number",
                                min=0,
                                max=100,
                                step=1,
                            ),
                            outcome,
                            text(
                                "code",
                                _("Code"),
                                required=False,
                                width=12,
                                maxLength=50,
                                placeholder="e.g. site_visit",
                            ),
                        ]
                    ),
                    html.P(
                        _(
                            "The code cannot change later; leave it empty to build "
                            "it from the English name."
                        ),
                        className="text-muted small mb-0",
                    ),
                ]
            ),
            dbc.ModalFooter(
                [
                    dbc.Button(_("Cancel"), id=ids.CANCEL, color="secondary"),
                    dbc.Button(_("Save"), id=ids.SAVE, color="primary"),
                ]
            ),
        ],
        id=ids.MODAL,
        is_open=False,
    )


def layout(**_query):
    if not current_actor().can(ADMIN_SETTINGS):
        return forbidden()
    return html.Div(
        [
            dcc.Store(id=ids.REFRESH, data=0),
            html.H2(_("Opportunity stages"), className="page-title mb-1"),
            html.P(
                _(
                    "Open stages carry a deal forward in this order; one won and "
                    "one lost stage close it. The weighted pipeline is the amount "
                    "times the win probability."
                ),
                className="text-muted",
            ),
            html.Div(id=ids.MESSAGE),
            _toolbar(),
            ordered_grid(ids.GRID, columns(), height="380px"),
            _stage_modal(),
            delete_modal(
                ids,
                _("Delete this stage?"),
                _(
                    "Only stages no opportunity uses can be deleted. "
                    "Stages in use can be disabled instead."
                ),
            ),
        ]
    )
