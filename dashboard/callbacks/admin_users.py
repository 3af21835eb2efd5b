"""Administration · users: list, create/edit dialog, reset, disable/enable."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Dash, Input, Output, State, ctx, html, no_update
from dash.exceptions import PreventUpdate

from dashboard.components.admin import role_name, role_options, team_options
from dashboard.components.feedback import alert, error_alert, field_feedback, toast
from dashboard.components.forms import select_options
from dashboard.components.grid import grid_row
from dashboard.context import current_actor, read_session, unit_of_work
from dashboard.i18n import _, format_datetime
from dashboard.ids import AdminUsers as ids
from dashboard.ids import Shell
from dashboard.parsing import NO_CHOICE, parse_choice, parse_int, require_click
from services.admin_users import (
    Handover,
    UserFilter,
    UserIn,
    create_account,
    disable_with_handover,
    get_user,
    list_users,
    owned_customer_count,
    reset_user_password,
    set_active,
    supervisor_choices,
    update_user,
)
from services.errors import ServiceError, ValidationFailed
from services.roles import list_roles
from services.teams import team_tree

FIELDS = ids.FIELDS
HIDDEN = {"display": "none"}


def _status(active: bool) -> str:
    return _("Active") if active else _("Disabled")


def load_users(search, team, role, status, page, _refresh):
    """One page of users; a filter change goes back to page 1."""
    if ctx.triggered_id != ids.PAGER:
        page = 1
    flt = UserFilter(
        search=search or None,
        team_id=parse_int(team),
        role_id=parse_int(role),
        active={"active": True, "disabled": False}.get(status),
        page=page or 1,
    )
    try:
        with read_session() as session:
            result = list_users(session, current_actor(), flt)
    except ServiceError as error:
        return [], 1, 1, error_alert(error)
    rows = [
        grid_row(
            row,
            role=role_name(row["role_en"], row["role_zh"]),
            status=_status(row["is_active"]),
            last_login=format_datetime(row["last_login_at"]),
        )
        for row in result.rows
    ]
    total = _("Total: {total}", total=f"{result.total:,}")
    return rows, result.page_count, result.page, total


def _choices(session, actor, exclude_user: int | None) -> tuple[list, list, list, str]:
    """Team, supervisor and role options, plus the role a new user starts with."""
    teams = select_options(team_options(team_tree(session, actor)), _("No team"))
    supervisors = select_options(
        [
            {"label": label, "value": str(uid)}
            for uid, label in supervisor_choices(session, actor)
            if uid != exclude_user
        ],
        _("No supervisor"),
    )
    role_rows = list_roles(session, actor)
    default_role = next(
        (str(r["id"]) for r in role_rows if r["code"] == "rep"),
        str(role_rows[0]["id"]) if role_rows else "",
    )
    return teams, supervisors, role_options(role_rows), default_role


def open_user(new_clicks, cell):
    """Open the dialog empty (new) or filled from the clicked user (edit)."""
    user_id = None
    if ctx.triggered_id == ids.GRID:
        user_id = parse_int((cell or {}).get("rowId"))
        if user_id is None or cell.get("colId") != "username":
            raise PreventUpdate
    else:
        require_click(new_clicks)
    actor = current_actor()
    try:
        with read_session() as session:
            teams, supervisors, roles, default_role = _choices(session, actor, user_id)
            user = get_user(session, actor, user_id) if user_id else None
            values = {name: "" for name in FIELDS} | {
                "team_id": NO_CHOICE,
                "supervisor_id": NO_CHOICE,
                "language": NO_CHOICE,
                "role_id": default_role,
            }
            if user is not None:
                values |= {
                    "username": user.username,
                    "display_name": user.display_name,
                    "email": user.email or "",
                    "mobile": user.mobile or "",
                    "team_id": str(user.team_id) if user.team_id else NO_CHOICE,
                    "supervisor_id": str(user.supervisor_id)
                    if user.supervisor_id
                    else NO_CHOICE,
                    "role_id": str(user.role_id),
                    "language": user.language or NO_CHOICE,
                }
                active = user.is_active
    except ServiceError as error:
        return (
            (no_update,) * 11 + (no_update,) * (len(FIELDS) * 3) + (error_alert(error),)
        )
    if user is None:
        title, toggle = _("New user"), ""
    else:
        title = _("Edit user: {name}", name=user.display_name)
        toggle = _("Disable account") if active else _("Enable account")
    return (
        True,
        title,
        user_id,
        None if user is None else HIDDEN,
        HIDDEN if user is None else None,
        toggle,
        None,
        "",
        teams,
        supervisors,
        roles,
        *[values[name] for name in FIELDS],
        *field_feedback({}, FIELDS),
        no_update,
    )


def close_user(n_clicks):
    require_click(n_clicks)
    return False


def _user_in(user_id, values: dict) -> UserIn:
    return UserIn(
        display_name=values["display_name"],
        email=values["email"],
        mobile=values["mobile"],
        team_id=parse_int(parse_choice(values["team_id"])),
        supervisor_id=parse_int(parse_choice(values["supervisor_id"])),
        role_id=parse_int(values["role_id"]),
        language=parse_choice(values["language"]),
        username=None if user_id else values["username"],
        password=None if user_id else values["password"],
    )


def _forged(values: dict) -> dict[str, str]:
    """Select values that are set but not ids at all (never sent by the page)."""
    return {
        name: _("Unknown team.") if name == "team_id" else _("Choose an active user.")
        for name in ("team_id", "supervisor_id")
        if parse_choice(values[name]) and parse_int(values[name]) is None
    }


def save_user(n_clicks, user_id, refresh, *field_values):
    """Create or update; a generated password is shown once on the page."""
    require_click(n_clicks)
    values = dict(zip(FIELDS, field_values, strict=True))
    target = parse_int(user_id)
    generated = None
    try:
        if forged := _forged(values):
            raise ValidationFailed(forged)
        with unit_of_work() as session:
            actor = current_actor()
            data = _user_in(target, values)
            if target:
                user = update_user(session, actor, target, data)
            else:
                user, generated = create_account(session, actor, data)
            name = user.display_name
            username = user.username
    except ValidationFailed as error:
        return (
            *field_feedback(error.errors, FIELDS),
            error_alert(error),
            True,
            no_update,
            no_update,
        )
    except ServiceError as error:
        return (
            *field_feedback({}, FIELDS),
            error_alert(error),
            True,
            no_update,
            no_update,
        )
    if generated:
        message = dbc.Alert(
            [
                html.Div(_("User {name} created.", name=name), className="fw-bold"),
                html.Div(
                    [
                        _("Initial password for {username}:", username=username),
                        " ",
                        html.Code(generated, id="admin-users-generated-password"),
                    ]
                ),
                html.Small(_("It is shown only this once: pass it on securely.")),
            ],
            color="warning",
            dismissable=True,
            className="flash",
        )
    else:
        message = toast(_("User {name} saved.", name=name))
    return (*field_feedback({}, FIELDS), None, False, message, (refresh or 0) + 1)


def reset_password(n_clicks, user_id, password):
    require_click(n_clicks)
    try:
        with unit_of_work() as session:
            generated = reset_user_password(
                session, current_actor(), parse_int(user_id) or 0, password or None
            )
    except ValidationFailed as error:
        message = _(error.errors.get("password", error.message))
        return True, message, error_alert(error), no_update
    except ServiceError as error:
        return False, "", error_alert(error), no_update
    if generated:
        message = alert(
            [
                _("New password:"),
                " ",
                html.Code(generated, id="admin-users-reset-result"),
                " ",
                html.Small(_("It is shown only this once: pass it on securely.")),
            ],
            color="warning",
        )
    else:
        message = toast(_("Password reset. The user's sessions have ended."))
    return False, "", message, ""


def open_active_dialog(toggle_clicks, cancel_clicks, user_id):
    """Disable shows what happens to the user's customers; enable is plain."""
    require_click(toggle_clicks, cancel_clicks)
    hidden = {"display": "none"}
    if ctx.triggered_id == ids.ACTIVE_CANCEL:
        return (
            False,
            no_update,
            no_update,
            no_update,
            no_update,
            no_update,
            hidden,
            no_update,
        )
    try:
        with read_session() as session:
            actor = current_actor()
            user = get_user(session, actor, parse_int(user_id) or 0)
            name, active = user.display_name, user.is_active
            customers = owned_customer_count(session, actor, user.id) if active else 0
            receivers = [
                {"label": label, "value": str(uid)}
                for uid, label in supervisor_choices(session, actor)
                if uid != user.id
            ]
    except ServiceError as error:
        return (
            False,
            no_update,
            no_update,
            no_update,
            no_update,
            error_alert(error),
            hidden,
            no_update,
        )
    if not active:
        return (
            True,
            _("Enable {name}? They can log in again.", name=name),
            None,
            _("Enable account"),
            "enable",
            no_update,
            hidden,
            no_update,
        )
    body = _(
        "Disable {name}? They are logged out at once and cannot log in.", name=name
    )
    owned = _("{name} owns {count} customers.", name=name, count=customers)
    return (
        True,
        body,
        dbc.Alert(owned, color="info", className="mb-0") if customers else None,
        _("Disable account"),
        "disable",
        no_update,
        {"display": "block"} if customers else hidden,
        receivers,
    )


def confirm_active(n_clicks, user_id, target, refresh, mode, receiver, reason):
    """Enable, or disable and hand the customers over in the same transaction."""
    require_click(n_clicks)
    if target not in ("enable", "disable"):
        raise PreventUpdate
    try:
        with unit_of_work() as session:
            actor, uid = current_actor(), parse_int(user_id) or 0
            if target == "enable":
                set_active(session, actor, uid, True)
            else:
                handover = Handover(mode or "keep", parse_int(receiver), reason)
                disable_with_handover(session, actor, uid, handover)
    except ValidationFailed as error:
        problems = [_(message) for message in error.errors.values()]
        return False, no_update, alert(" ".join(problems)), no_update
    except ServiceError as error:
        return False, no_update, error_alert(error), no_update
    message = (
        _("Account enabled.")
        if target == "enable"
        else _("Account disabled; the user's sessions have ended.")
    )
    return False, False, toast(message), (refresh or 0) + 1


def register(app: Dash) -> None:
    app.callback(
        Output(ids.GRID, "rowData"),
        Output(ids.PAGER, "max_value"),
        Output(ids.PAGER, "active_page"),
        Output(ids.TOTAL, "children"),
        Input(ids.SEARCH, "value"),
        Input(ids.TEAM, "value"),
        Input(ids.ROLE, "value"),
        Input(ids.STATUS, "value"),
        Input(ids.PAGER, "active_page"),
        Input(ids.REFRESH, "data"),
    )(load_users)
    app.callback(
        Output(ids.MODAL, "is_open"),
        Output(ids.TITLE, "children"),
        Output(ids.USER_ID, "data"),
        Output(ids.CREATE_ONLY, "style"),
        Output(ids.EDIT_ONLY, "style"),
        Output(ids.TOGGLE_ACTIVE, "children"),
        Output(ids.FORM_MESSAGE, "children"),
        Output(ids.RESET_PASSWORD, "value"),
        Output(ids.field("team_id"), "options"),
        Output(ids.field("supervisor_id"), "options"),
        Output(ids.field("role_id"), "options"),
        *[Output(ids.field(name), "value") for name in FIELDS],
        *[Output(ids.field(name), "invalid") for name in FIELDS],
        *[Output(ids.feedback(name), "children") for name in FIELDS],
        Output(Shell.FLASH, "children", allow_duplicate=True),
        Input(ids.NEW, "n_clicks"),
        Input(ids.GRID, "cellClicked"),
        prevent_initial_call=True,
    )(open_user)
    app.callback(
        Output(ids.MODAL, "is_open", allow_duplicate=True),
        Input(ids.CANCEL, "n_clicks"),
        prevent_initial_call=True,
    )(close_user)
    app.callback(
        *[Output(ids.field(name), "invalid", allow_duplicate=True) for name in FIELDS],
        *[
            Output(ids.feedback(name), "children", allow_duplicate=True)
            for name in FIELDS
        ],
        Output(ids.FORM_MESSAGE, "children", allow_duplicate=True),
        Output(ids.MODAL, "is_open", allow_duplicate=True),
        Output(ids.MESSAGE, "children"),
        Output(ids.REFRESH, "data"),
        Input(ids.SAVE, "n_clicks"),
        State(ids.USER_ID, "data"),
        State(ids.REFRESH, "data"),
        *[State(ids.field(name), "value") for name in FIELDS],
        prevent_initial_call=True,
    )(save_user)
    app.callback(
        Output(ids.RESET_PASSWORD, "invalid"),
        Output(ids.RESET_FEEDBACK, "children"),
        Output(ids.FORM_MESSAGE, "children", allow_duplicate=True),
        Output(ids.RESET_PASSWORD, "value", allow_duplicate=True),
        Input(ids.RESET, "n_clicks"),
        State(ids.USER_ID, "data"),
        State(ids.RESET_PASSWORD, "value"),
        prevent_initial_call=True,
    )(reset_password)
    app.callback(
        Output(ids.ACTIVE_MODAL, "is_open"),
        Output(ids.ACTIVE_BODY, "children"),
        Output(ids.HANDOVER, "children"),
        Output(ids.ACTIVE_CONFIRM, "children"),
        Output(ids.ACTIVE_TARGET, "data"),
        Output(ids.FORM_MESSAGE, "children", allow_duplicate=True),
        Output(ids.HANDOVER_FORM, "style"),
        Output(ids.HANDOVER_USER, "options"),
        Input(ids.TOGGLE_ACTIVE, "n_clicks"),
        Input(ids.ACTIVE_CANCEL, "n_clicks"),
        State(ids.USER_ID, "data"),
        prevent_initial_call=True,
    )(open_active_dialog)
    app.callback(
        Output(ids.ACTIVE_MODAL, "is_open", allow_duplicate=True),
        Output(ids.MODAL, "is_open", allow_duplicate=True),
        Output(ids.MESSAGE, "children", allow_duplicate=True),
        Output(ids.REFRESH, "data", allow_duplicate=True),
        Input(ids.ACTIVE_CONFIRM, "n_clicks"),
        State(ids.USER_ID, "data"),
        State(ids.ACTIVE_TARGET, "data"),
        State(ids.REFRESH, "data"),
        State(ids.HANDOVER_MODE, "value"),
        State(ids.HANDOVER_USER, "value"),
        State(ids.HANDOVER_REASON, "value"),
        prevent_initial_call=True,
    )(confirm_active)
