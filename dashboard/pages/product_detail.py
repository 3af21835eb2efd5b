"""Product detail: header with key facts, information and attribute values; the
manager's actions (edit, on/off sale, delete). Loaded by a callback."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.detail_page import make_confirm_modal, make_detail_header
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
            make_detail_header(ids.HEADER, actions(product_id)),
            dbc.Card(dbc.CardBody(html.Div(id=ids.INFO)), className="mt-3"),
            make_confirm_modal(
                ids.DELETE_MODAL,
                ids.DELETE_CANCEL,
                ids.DELETE_CONFIRM,
                title=_("Delete this product?"),
                body=_(
                    "The product is removed for good. Products used by "
                    "opportunities or contracts cannot be deleted: take "
                    "them off sale instead."
                ),
                confirm_label=_("Delete"),
            ),
        ]
    )
