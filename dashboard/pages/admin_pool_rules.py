"""Admin: public pool rules (return to pool, warnings, limits, re-claim block)."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.context import current_actor, read_session
from dashboard.i18n import _
from dashboard.ids import PoolRulesForm as ids
from services.errors import ServiceError
from services.msgid import N_
from services.pool import rules_detail

dash.register_page(
    __name__,
    path="/admin/pool-rules",
    order=90,
    title=lambda **_kw: f"{_('Pool rules')} · Pelago",
)

FIELD_TEXTS = {
    "no_followup_days": (
        N_("No follow-up for (days)"),
        N_("Non-cooperating customers return when nobody followed up this long."),
    ),
    "unsigned_days": (
        N_("Not signed within (days)"),
        N_("Non-cooperating customers return this long after being claimed."),
    ),
    "dormant_days": (
        N_("Cooperating: dormant for (days)"),
        N_("Cooperating customers return after this long without a follow-up."),
    ),
    "warn_days": (
        N_("Warn the owner before (days)"),
        N_("Owners get one notice a day about customers returning this soon."),
    ),
    "max_customers_per_rep": (
        N_("Max customers per rep"),
        N_("Claims and assignments beyond it are refused. 0 = no limit."),
    ),
    "reclaim_block_days": (
        N_("No re-claim for (days)"),
        N_("Whoever lost a customer to the pool may not claim it back this soon."),
    ),
}


def layout(**_query):
    try:
        with read_session() as session:
            rules = rules_detail(session, current_actor())
    except ServiceError as error:
        return dbc.Alert(_(error.message), color="danger")
    fields = []
    for name in ids.FIELDS:
        label, help_text = FIELD_TEXTS[name]
        fields.append(
            dbc.Col(
                [
                    dbc.Label(_(label), html_for=ids.field(name)),
                    dbc.Input(
                        id=ids.field(name),
                        type="number",
                        min=0,
                        step=1,
                        value=rules[name],
                    ),
                    dbc.FormFeedback(id=ids.feedback(name), type="invalid"),
                    dbc.FormText(_(help_text)),
                ],
                md=4,
                className="mb-3",
            )
        )
    return html.Div(
        [
            dcc.Store(id=ids.VERSION, data=rules["version"]),
            html.H2(_("Pool rules"), className="page-title mb-1"),
            html.P(
                _(
                    "The rule job applies these every few minutes. A day count of 0 "
                    "switches that rule off."
                ),
                className="text-muted",
            ),
            html.Div(id=ids.MESSAGE),
            dbc.Card(
                dbc.CardBody(
                    [
                        dbc.Switch(
                            id=ids.ENABLED,
                            label=_("Return customers to the pool automatically"),
                            value=rules["auto_return_enabled"],
                            className="mb-3",
                        ),
                        dbc.Row(fields),
                        dbc.Button(_("Save"), id=ids.SAVE, color="primary"),
                    ]
                )
            ),
        ]
    )
