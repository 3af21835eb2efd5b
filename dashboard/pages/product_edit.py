"""Edit a product (the form carries the version it was loaded with)."""

import dash
from dash import html

from dashboard.components.admin import forbidden
from dashboard.components.feedback import error_alert
from dashboard.components.product_form import make_product_form
from dashboard.context import current_actor, read_session
from dashboard.i18n import _
from dashboard.parsing import parse_int
from services.errors import NotFound, ServiceError
from services.permissions import PRODUCT_MANAGE
from services.products import product_detail

dash.register_page(
    __name__,
    path_template="/products/<product_id>/edit",
    order=42,
    title=lambda **_kw: f"{_('Edit product')} · Pelago",
)


def layout(product_id: str = "", **_query):
    actor = current_actor()
    if not actor.can(PRODUCT_MANAGE):
        return forbidden()
    try:
        if (pid := parse_int(product_id)) is None:
            raise NotFound()
        with read_session() as session:
            values = product_detail(session, actor, pid)
    except ServiceError as error:
        return error_alert(error)
    return html.Div(
        [
            html.H2(
                [
                    _("Edit product"),
                    html.Small(f" · {values['name']}", className="text-muted"),
                ],
                className="page-title mb-3",
            ),
            make_product_form(values),
        ]
    )
