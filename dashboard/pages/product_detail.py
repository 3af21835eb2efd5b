"""Product detail: header with key facts, information and attribute values; the
manager's actions (edit, on/off sale, delete). Loaded by a callback."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.product_views import actions
from dashboard.i18n import _
from dashboard.ids import ProductDetail as ids

dash.register_page(
    __name__,
    path_template="/products/<product_id>",
    order=43,
    title=lambda **_kw: f"{_('Product')} · Pelago",
)


def layout(product_id: str = "", **_query):
    return html.Div(
        [
            dcc.Store(id=ids.PRODUCT_ID, data=product_id),
            dcc.Store(id=ids.REFRESH, data=0),
            html.Div(id=ids.MESSAGE),
            dbc.Card(
                dbc.CardBody(
                    html.Div(
                        [
                            dcc.Loading(html.Div(id=ids.HEADER), type="dot"),
                            actions(product_id),
                        ],
                        className="detail-header-row",
                    )
                ),
                className="detail-header",
            ),
            dbc.Card(dbc.CardBody(html.Div(id=ids.INFO)), className="mt-3"),
            dbc.Modal(
                [
                    dbc.ModalHeader(dbc.ModalTitle(_("Delete this product?"))),
                    dbc.ModalBody(
                        _(
                            "The product is removed for good. Products used by "
                            "opportunities or contracts cannot be deleted: take "
                            "them off sale instead."
                        )
                    ),
                    dbc.ModalFooter(
                        [
                            dbc.Button(
                                _("Cancel"), id=ids.DELETE_CANCEL, color="secondary"
                            ),
                            dbc.Button(
                                _("Delete"), id=ids.DELETE_CONFIRM, color="danger"
                            ),
                        ]
                    ),
                ],
                id=ids.DELETE_MODAL,
                is_open=False,
            ),
        ]
    )
