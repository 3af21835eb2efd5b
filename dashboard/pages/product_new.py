"""Create a product (product managers only)."""

import dash
from dash import html

from dashboard.components.admin import forbidden
from dashboard.components.product_form import make_product_form
from dashboard.context import current_actor
from dashboard.i18n import _
from services.permissions import PRODUCT_MANAGE

dash.register_page(
    __name__,
    path="/products/new",
    order=41,
    title=lambda **_kw: f"{_('New product')} · Pelago",
)


def layout(**_query):
    if not current_actor().can(PRODUCT_MANAGE):
        return forbidden()
    return html.Div(
        [html.H2(_("New product"), className="page-title mb-3"), make_product_form()]
    )
