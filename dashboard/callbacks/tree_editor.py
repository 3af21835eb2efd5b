"""Shared callbacks of the admin tree editors (teams, product categories): a tree
of clickable nodes beside one editor form that creates, renames, moves or deletes
the selected node. Ids come from the browser and are re-checked by the service."""

from __future__ import annotations

from collections.abc import Callable

import dash_bootstrap_components as dbc
from dash import ALL, Dash, Input, Output, State, ctx, html, no_update
from dash.exceptions import PreventUpdate

from dashboard.components.feedback import alert, error_alert, field_feedback, toast
from dashboard.context import current_actor, unit_of_work
from dashboard.i18n import _
from dashboard.parsing import parse_int
from services.errors import ServiceError, ValidationFailed


def tree_item(
    ids, node, *, name_class: str, detail: str, selected
) -> dbc.ListGroupItem:
    """One node of the tree, indented by depth; the selected node is highlighted."""
    return dbc.ListGroupItem(
        [
            html.Span(
                node.name,
                className=name_class,
                style={"paddingLeft": f"{node.depth * 1.25}rem"},
            ),
            html.Small(detail, className="text-muted ms-2"),
        ],
        id={"type": ids.NODE, "index": node.id},
        action=True,
        active=node.id == selected,
        n_clicks=0,
    )


def clicked_node_id(ids) -> int | None:
    """The node the user clicked, or None for "New" and the page's first call.
    Raises PreventUpdate when the tree was re-rendered and nobody clicked."""
    if ctx.triggered_id in (ids.NEW, None):  # None: the page's first call
        return None
    if ctx.triggered and ctx.triggered[0]["value"]:
        return parse_int(ctx.triggered_id["index"])
    raise PreventUpdate


def save_node(
    errors: dict[str, str],
    write: Callable,
    refresh,
    *,
    fields: tuple[str, ...],
    saved: Callable[[str], str],
    edit_title: Callable[[str], str],
    also_disabled: int = 0,
):
    """Raise `errors` from parsing, else `write(session, actor)` → (id, name);
    the outputs of a tree editor's save callback."""
    try:
        if errors:
            raise ValidationFailed(errors)
        with unit_of_work() as session:
            saved_id, saved_name = write(session, current_actor())
    except ValidationFailed as error:
        return (*field_feedback(error.errors, fields), error_alert(error)) + (
            no_update,
        ) * (4 + also_disabled)
    except ServiceError as error:
        return (*field_feedback({}, fields), error_alert(error)) + (no_update,) * (
            4 + also_disabled
        )
    return (
        *field_feedback({}, fields),
        toast(saved(saved_name)),
        (refresh or 0) + 1,
        saved_id,
        edit_title(saved_name),
        False,
        *(False,) * also_disabled,
    )


def remove_node(
    delete: Callable,
    node_id,
    refresh,
    *,
    deleted: str,
    new_title: str,
    refused_color: str = "danger",
    also_disabled: int = 0,
):
    """`delete(session, actor, id)`; the outputs of a tree editor's delete
    callback (validation messages become one alert in `refused_color`)."""
    unchanged = (no_update,) * (5 + also_disabled)
    try:
        with unit_of_work() as session:
            delete(session, current_actor(), parse_int(node_id) or 0)
    except ValidationFailed as error:
        message = " ".join(_(m) for m in error.errors.values())
        return alert(message, color=refused_color), *unchanged
    except ServiceError as error:
        return error_alert(error), *unchanged
    return (
        toast(deleted),
        (refresh or 0) + 1,
        None,
        new_title,
        True,
        *(True,) * also_disabled,
        "",
    )


def register_tree_editor(
    app: Dash,
    ids,
    *,
    node_store: str,
    option_fields: tuple[str, ...],
    also_disabled: tuple[str, ...],
    load_tree: Callable,
    select: Callable,
    save: Callable,
    remove: Callable,
) -> None:
    """Wire tree, select, save and delete. `also_disabled` are buttons disabled
    with Delete while nothing saved is selected."""
    fields = ids.FIELDS
    disabled = (ids.DELETE, *also_disabled)
    app.callback(
        Output(ids.TREE, "children"),
        Input(ids.REFRESH, "data"),
        Input(node_store, "data"),
    )(load_tree)
    app.callback(
        Output(node_store, "data"),
        Output(ids.TITLE, "children"),
        *[Output(button, "disabled") for button in disabled],
        *[Output(ids.field(name), "options") for name in option_fields],
        *[Output(ids.field(name), "value") for name in fields],
        Output(ids.MESSAGE, "children"),
        *[Output(ids.field(name), "invalid") for name in fields],
        *[Output(ids.feedback(name), "children") for name in fields],
        Input({"type": ids.NODE, "index": ALL}, "n_clicks"),
        Input(ids.NEW, "n_clicks"),
    )(select)
    app.callback(
        *[Output(ids.field(name), "invalid", allow_duplicate=True) for name in fields],
        *[
            Output(ids.feedback(name), "children", allow_duplicate=True)
            for name in fields
        ],
        Output(ids.MESSAGE, "children", allow_duplicate=True),
        Output(ids.REFRESH, "data"),
        Output(node_store, "data", allow_duplicate=True),
        Output(ids.TITLE, "children", allow_duplicate=True),
        *[Output(button, "disabled", allow_duplicate=True) for button in disabled],
        Input(ids.SAVE, "n_clicks"),
        State(node_store, "data"),
        State(ids.REFRESH, "data"),
        *[State(ids.field(name), "value") for name in fields],
        prevent_initial_call=True,
    )(save)
    app.callback(
        Output(ids.MESSAGE, "children", allow_duplicate=True),
        Output(ids.REFRESH, "data", allow_duplicate=True),
        Output(node_store, "data", allow_duplicate=True),
        Output(ids.TITLE, "children", allow_duplicate=True),
        *[Output(button, "disabled", allow_duplicate=True) for button in disabled],
        Output(ids.field("name"), "value", allow_duplicate=True),
        Input(ids.DELETE, "n_clicks"),
        State(node_store, "data"),
        State(ids.REFRESH, "data"),
        prevent_initial_call=True,
    )(remove)
