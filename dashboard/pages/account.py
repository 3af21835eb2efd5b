"""My account: change password (ends my other sessions)."""

import dash
import dash_bootstrap_components as dbc
from dash import html
from flask_login import current_user

from dashboard.components.forms import make_field
from dashboard.context import current_actor
from dashboard.i18n import _
from dashboard.ids import Account as ids

dash.register_page(
    __name__, path="/account", order=90, title=lambda **_kw: f"{_('Account')} · Pelago"
)


def layout(**_query):
    actor = current_actor()
    must_change = getattr(current_user, "must_change_password", False)

    def password(component_id: str, name: str, label: str, autocomplete: str):
        return make_field(
            label,
            dbc.Input(id=component_id, type="password", autoComplete=autocomplete),
            ids.feedback(name),
            required=True,
            width=12,
        )

    return html.Div(
        [
            html.H2(_("Account"), className="page-title mb-3"),
            dbc.Card(
                dbc.CardBody(
                    [
                        html.P(
                            [html.Strong(actor.display_name), f" · {actor.username}"]
                        ),
                        dbc.Alert(
                            _(
                                "Your password was set by an administrator. "
                                "Choose your own password to continue."
                            ),
                            color="warning",
                            id=ids.MUST_CHANGE,
                        )
                        if must_change
                        else None,
                        html.H5(_("Change password"), className="card-title mt-3"),
                        dbc.Row(
                            [
                                password(
                                    ids.CURRENT,
                                    "current",
                                    _("Current password"),
                                    "current-password",
                                ),
                                password(
                                    ids.NEW, "new", _("New password"), "new-password"
                                ),
                                password(
                                    ids.CONFIRM,
                                    "confirm",
                                    _("Repeat the new password"),
                                    "new-password",
                                ),
                            ]
                        ),
                        html.Div(id=ids.MESSAGE),
                        dbc.Button(_("Change password"), id=ids.SAVE, color="primary"),
                    ]
                ),
                style={"maxWidth": "520px"},
            ),
        ]
    )
