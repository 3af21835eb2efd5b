"""Administration · numbering: the patterns of generated contract and payment
numbers, with a live preview of the next number."""

import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard.components.admin import forbidden
from dashboard.components.forms import make_field
from dashboard.context import current_actor, read_session
from dashboard.i18n import _, local_today
from dashboard.ids import AdminNumbering as ids
from services.msgid import N_
from services.numbering import MAX_PATTERN, NUMBERED_TYPES, number_patterns
from services.permissions import ADMIN_SETTINGS

dash.register_page(
    __name__,
    path="/admin/numbering",
    order=89,
    title=lambda **_kw: f"{_('Numbering')} · Pelago",
)

TYPE_LABELS = {"contract": N_("Contract numbers"), "payment": N_("Payment numbers")}
TOKENS = (
    ("{yyyy}", N_("Year, 4 digits")),
    ("{yy}", N_("Year, 2 digits")),
    ("{mm}", N_("Month")),
    ("{dd}", N_("Day")),
    ("{seq:4}", N_("Counter padded to 4 digits; restarts when the date part changes")),
)


def _pattern_row(object_type: str, pattern: str) -> dbc.Row:
    return dbc.Row(
        [
            make_field(
                _(TYPE_LABELS[object_type]),
                dbc.Input(
                    id=ids.pattern(object_type),
                    value=pattern,
                    maxLength=MAX_PATTERN,
                    debounce=False,
                    className="font-monospace",
                ),
                ids.feedback(object_type),
                required=True,
                width=6,
            ),
            dbc.Col(
                [
                    dbc.Label(_("Next number")),
                    html.Div(
                        id=ids.preview(object_type),
                        className="form-control-plaintext font-monospace fw-semibold",
                    ),
                ],
                md=6,
                className="mb-3",
            ),
        ]
    )


def layout(**_query):
    actor = current_actor()
    if not actor.can(ADMIN_SETTINGS):
        return forbidden()
    with read_session() as session:
        patterns = number_patterns(session, actor)
    return html.Div(
        [
            html.H2(_("Numbering"), className="page-title mb-3"),
            dbc.Card(
                dbc.CardBody(
                    [
                        *[
                            _pattern_row(object_type, patterns[object_type])
                            for object_type in NUMBERED_TYPES
                        ],
                        dbc.Row(
                            make_field(
                                _("Preview for"),
                                dbc.Input(
                                    id=ids.DATE,
                                    type="date",
                                    value=local_today().isoformat(),
                                ),
                                ids.DATE_FEEDBACK,
                                width=3,
                            )
                        ),
                        html.Div(id=ids.MESSAGE),
                        dbc.Button(
                            [html.I(className="bi bi-check-lg me-1"), _("Save")],
                            id=ids.SAVE,
                            color="primary",
                        ),
                    ]
                ),
                className="mb-3",
            ),
            dbc.Card(
                dbc.CardBody(
                    [
                        html.H6(_("Placeholders"), className="card-title"),
                        html.Ul(
                            [
                                html.Li([html.Code(token), " ", _(label)])
                                for token, label in TOKENS
                            ],
                            className="mb-2",
                        ),
                        html.P(
                            _(
                                "Everything else is copied as typed. A number "
                                "already in use is skipped; a number typed in by "
                                "hand on the contract form is kept."
                            ),
                            className="text-muted small mb-0",
                        ),
                    ]
                )
            ),
        ]
    )
