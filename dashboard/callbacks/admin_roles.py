"""Administration · roles: list, select, save (create/edit), delete."""

from __future__ import annotations

from dash import ALL, Dash, Input, Output, State, ctx, no_update
from dash.exceptions import PreventUpdate

from dashboard.components.admin import role_name
from dashboard.components.feedback import alert, error_alert, field_feedback, toast
from dashboard.components.permission_matrix import split_by_group
from dashboard.context import current_actor, read_session, unit_of_work
from dashboard.i18n import _
from dashboard.ids import AdminRoles as ids
from dashboard.labels import DATA_SCOPE_LABELS
from dashboard.parsing import parse_int, require_click
from services.errors import ServiceError, ValidationFailed
from services.permissions import SEEDED_ROLES
from services.roles import (
    RoleIn,
    create_role,
    delete_role,
    get_role,
    list_roles,
    update_role,
)

TEXT_FIELDS = ("code", "name_zh", "name_en")
FIELDS = ids.FIELDS  # text fields, then data_scope and permissions (feedback only)


def load_roles(_refresh):
    try:
        with read_session() as session:
            roles = list_roles(session, current_actor())
    except ServiceError:
        return []
    return [
        {
            "id": str(role["id"]),
            "name": role_name(role["name_en"], role["name_zh"]),
            "code": role["code"],
            "scope": _(DATA_SCOPE_LABELS.get(role["data_scope"], role["data_scope"])),
            "user_count": role["user_count"],
        }
        for role in roles
    ]


def _group_keys() -> list[str]:
    return [output["id"]["index"] for output in ctx.outputs_list[-1]]


def select_role(cell, new_clicks):
    """Fill the editor from the clicked role, or empty it for a new one."""
    if ctx.triggered_id == ids.GRID:
        role_id = parse_int((cell or {}).get("rowId"))
        if role_id is None:
            raise PreventUpdate
    else:
        require_click(new_clicks)
        role_id = None
    try:
        with read_session() as session:
            role = get_role(session, current_actor(), role_id) if role_id else None
            values = (
                (role.code, role.name_zh, role.name_en, role.data_scope)
                if role
                else ("", "", "", "own")
            )
            chosen = split_by_group(role.permissions if role else [])
            seeded_or_new = role is None or role.code in SEEDED_ROLES
            title = (
                _("Edit role: {name}", name=role_name(role.name_en, role.name_zh))
                if role
                else _("New role")
            )
    except ServiceError as error:
        return (no_update,) * 16 + (error_alert(error), no_update)
    return (
        role_id,
        title,
        role is not None,
        seeded_or_new,
        *values,
        *field_feedback({}, FIELDS, TEXT_FIELDS),
        None,
        [chosen.get(key, []) for key in _group_keys()],
    )


def save_role(n_clicks, role_id, refresh, code, name_zh, name_en, scope, groups):
    require_click(n_clicks)
    target = parse_int(role_id)
    permissions = tuple(code for values in groups or [] for code in values or [])
    data = RoleIn(
        code=None if target else code,
        name_zh=name_zh,
        name_en=name_en,
        data_scope=scope,
        permissions=permissions,
    )
    unchanged = (no_update,) * 5
    try:
        with unit_of_work() as session:
            actor = current_actor()
            if target:
                role = update_role(session, actor, target, data)
            else:
                role = create_role(session, actor, data)
            saved_id = role.id
            name = role_name(role.name_en, role.name_zh)
            seeded = role.code in SEEDED_ROLES
    except ValidationFailed as error:
        return (
            *field_feedback(error.errors, FIELDS, TEXT_FIELDS),
            error_alert(error),
            *unchanged,
        )
    except ServiceError as error:
        return (
            *field_feedback({}, FIELDS, TEXT_FIELDS),
            error_alert(error),
            *unchanged,
        )
    return (
        *field_feedback({}, FIELDS, TEXT_FIELDS),
        toast(_("Role {name} saved.", name=name)),
        (refresh or 0) + 1,
        saved_id,
        _("Edit role: {name}", name=name),
        True,
        seeded,
    )


def remove_role(n_clicks, role_id, refresh):
    require_click(n_clicks)
    try:
        with unit_of_work() as session:
            delete_role(session, current_actor(), parse_int(role_id) or 0)
    except ValidationFailed as error:
        return alert(" ".join(_(m) for m in error.errors.values())), *(no_update,) * 4
    except ServiceError as error:
        return error_alert(error), *(no_update,) * 4
    return toast(_("Role deleted.")), (refresh or 0) + 1, None, _("New role"), True


def register(app: Dash) -> None:
    app.callback(Output(ids.GRID, "rowData"), Input(ids.REFRESH, "data"))(load_roles)
    app.callback(
        Output(ids.ROLE_ID, "data"),
        Output(ids.TITLE, "children"),
        Output(ids.field("code"), "disabled"),
        Output(ids.DELETE, "disabled"),
        *[Output(ids.field(name), "value") for name in FIELDS[:4]],
        *[Output(ids.field(name), "invalid") for name in TEXT_FIELDS],
        *[Output(ids.feedback(name), "children") for name in FIELDS],
        Output(ids.MESSAGE, "children"),
        Output({"type": ids.PERMISSION_GROUP, "index": ALL}, "value"),
        Input(ids.GRID, "cellClicked"),
        Input(ids.NEW, "n_clicks"),
        prevent_initial_call=True,
    )(select_role)
    app.callback(
        *[
            Output(ids.field(name), "invalid", allow_duplicate=True)
            for name in TEXT_FIELDS
        ],
        *[
            Output(ids.feedback(name), "children", allow_duplicate=True)
            for name in FIELDS
        ],
        Output(ids.MESSAGE, "children", allow_duplicate=True),
        Output(ids.REFRESH, "data"),
        Output(ids.ROLE_ID, "data", allow_duplicate=True),
        Output(ids.TITLE, "children", allow_duplicate=True),
        Output(ids.field("code"), "disabled", allow_duplicate=True),
        Output(ids.DELETE, "disabled", allow_duplicate=True),
        Input(ids.SAVE, "n_clicks"),
        State(ids.ROLE_ID, "data"),
        State(ids.REFRESH, "data"),
        *[State(ids.field(name), "value") for name in FIELDS[:4]],
        State({"type": ids.PERMISSION_GROUP, "index": ALL}, "value"),
        prevent_initial_call=True,
    )(save_role)
    app.callback(
        Output(ids.MESSAGE, "children", allow_duplicate=True),
        Output(ids.REFRESH, "data", allow_duplicate=True),
        Output(ids.ROLE_ID, "data", allow_duplicate=True),
        Output(ids.TITLE, "children", allow_duplicate=True),
        Output(ids.DELETE, "disabled", allow_duplicate=True),
        Input(ids.DELETE, "n_clicks"),
        State(ids.ROLE_ID, "data"),
        State(ids.REFRESH, "data"),
        prevent_initial_call=True,
    )(remove_role)
