"""Builders of the admin editors beside a tree or list (teams, product categories,
roles): the editor card with its title, fields, message and Delete/Save buttons."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard.components.forms import make_field
from dashboard.i18n import _


def editor_card(ids, title: str, fields: list, *extra) -> dbc.Card:
    """Title (ids.TITLE), a row of `fields`, `extra` components, the message
    (ids.MESSAGE) and Delete (ids.DELETE, disabled until something is selected)
    and Save (ids.SAVE)."""
    return dbc.Card(
        dbc.CardBody(
            [
                html.H5(title, id=ids.TITLE, className="card-title mb-3"),
                dbc.Row(fields),
                *extra,
                html.Div(id=ids.MESSAGE),
                html.Div(
                    [
                        dbc.Button(
                            [html.I(className="bi bi-trash me-1"), _("Delete")],
                            id=ids.DELETE,
                            color="outline-danger",
                            disabled=True,
                            className="me-auto",
                        ),
                        dbc.Button(
                            [html.I(className="bi bi-check-lg me-1"), _("Save")],
                            id=ids.SAVE,
                            color="primary",
                        ),
                    ],
                    className="d-flex",
                ),
            ]
        )
    )


def tree_field(ids, name: str, label: str, control, *, width: int = 12, **kwargs):
    """A form field whose feedback id is `ids.feedback(name)`."""
    return make_field(label, control, ids.feedback(name), width=width, **kwargs)


def name_field(ids) -> dbc.Col:
    """The required name of a tree node."""
    return tree_field(
        ids,
        "name",
        _("Name"),
        dbc.Input(id=ids.field("name"), value="", maxLength=100),
        required=True,
    )


def sort_order_field(ids) -> dbc.Col:
    """The sort order of a tree node among its siblings."""
    return tree_field(
        ids,
        "sort_order",
        _("Sort order"),
        dbc.Input(id=ids.field("sort_order"), type="number", step=1, value=0),
        help_text=_("Smaller numbers come first among siblings."),
    )


def tree_column(ids) -> dbc.Col:
    """The tree (ids.TREE) in a card, half the row wide."""
    return dbc.Col(
        dbc.Card(dbc.CardBody(dbc.ListGroup(id=ids.TREE, flush=True))),
        md=6,
    )
