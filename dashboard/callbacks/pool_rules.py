"""Admin pool rules form: save with validation and optimistic locking."""

from __future__ import annotations

from dash import Dash, Input, Output, State, no_update

from dashboard.components.feedback import error_alert, field_feedback, toast
from dashboard.context import current_actor, unit_of_work
from dashboard.i18n import _
from dashboard.ids import PoolRulesForm as ids
from dashboard.parsing import require_click
from services.errors import ServiceError, ValidationFailed
from services.pool import PoolRulesIn, update_rules


def _feedback(errors: dict, params: dict) -> list:
    flags = [name in errors for name in ids.FIELDS]
    return flags + [
        _(errors[name], **params) if name in errors else "" for name in ids.FIELDS
    ]


def save_rules(n_clicks, version, enabled, *values):
    require_click(n_clicks)
    data = PoolRulesIn(
        auto_return_enabled=bool(enabled),
        **dict(zip(ids.FIELDS, values, strict=True)),
    )
    try:
        with unit_of_work() as session:
            rules = update_rules(
                session, current_actor(), data, expected_version=version or 0
            )
            new_version = rules.version
    except ValidationFailed as error:
        return (*_feedback(error.errors, error.params), error_alert(error), no_update)
    except ServiceError as error:
        return (*field_feedback({}, ids.FIELDS), error_alert(error), no_update)
    return (*field_feedback({}, ids.FIELDS), toast(_("Pool rules saved.")), new_version)


def register(app: Dash) -> None:
    app.callback(
        *[Output(ids.field(name), "invalid") for name in ids.FIELDS],
        *[Output(ids.feedback(name), "children") for name in ids.FIELDS],
        Output(ids.MESSAGE, "children"),
        Output(ids.VERSION, "data"),
        Input(ids.SAVE, "n_clicks"),
        State(ids.VERSION, "data"),
        State(ids.ENABLED, "value"),
        *[State(ids.field(name), "value") for name in ids.FIELDS],
        prevent_initial_call=True,
    )(save_rules)
