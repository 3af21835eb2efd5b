"""Save the lead form: create, or edit with the version it was loaded with."""

from __future__ import annotations

from dash import Dash, Input, Output, State, no_update

from dashboard.callbacks.custom_fields import (
    custom_messages,
    entered_values,
    feedback_output,
    input_states,
)
from dashboard.components.feedback import error_alert, field_feedback
from dashboard.context import current_actor, unit_of_work
from dashboard.ids import LeadForm as ids
from dashboard.ids import Shell
from dashboard.parsing import (
    parse_choice,
    parse_int,
    parse_local_datetimes,
    require_click,
)
from services.errors import ServiceError, ValidationFailed
from services.leads import LeadIn, create_lead, update_lead

FIELDS = ids.FIELDS


def lead_in(values: dict, custom_values: dict) -> tuple[LeadIn, dict[str, str]]:
    """Form values → LeadIn, plus errors for values that cannot even be parsed."""
    times, errors = parse_local_datetimes(values, ("next_followup_at",))
    data = LeadIn(
        **{
            name: parse_choice(values[name])
            for name in FIELDS
            if name not in ("owner_id", "next_followup_at")
        },
        owner_id=parse_int(values["owner_id"]),
        next_followup_at=times["next_followup_at"],
        custom_values=custom_values,
    )
    return data, errors


def save_lead(n_clicks, lead_id, version, custom_ids, custom_values, *field_values):
    """Create or update; field errors go next to their fields, input is kept."""
    require_click(n_clicks)
    data, errors = lead_in(
        dict(zip(FIELDS, field_values, strict=True)),
        entered_values(custom_ids, custom_values),
    )
    try:
        if errors:
            raise ValidationFailed(errors)
        with unit_of_work() as session:
            actor = current_actor()
            if lead_id:
                lead = update_lead(
                    session,
                    actor,
                    int(lead_id),
                    data,
                    expected_version=int(version or 0),
                )
            else:
                lead = create_lead(session, actor, data)
            target = f"/leads/{lead.id}"
    except ValidationFailed as error:
        return (
            *field_feedback(error.errors, FIELDS),
            custom_messages(error.errors, custom_ids),
            error_alert(error),
            no_update,
        )
    except ServiceError as error:
        return (
            *field_feedback({}, FIELDS),
            custom_messages({}, custom_ids),
            error_alert(error),
            no_update,
        )
    return (*field_feedback({}, FIELDS), custom_messages({}, custom_ids), None, target)


def register(app: Dash) -> None:
    app.callback(
        *[Output(ids.field(name), "invalid") for name in FIELDS],
        *[Output(ids.feedback(name), "children") for name in FIELDS],
        feedback_output("lead"),
        Output(ids.MESSAGE, "children"),
        Output(Shell.NAV, "href", allow_duplicate=True),
        Input(ids.SAVE, "n_clicks"),
        State(ids.LEAD_ID, "data"),
        State(ids.VERSION, "data"),
        *input_states("lead"),
        *[State(ids.field(name), "value") for name in FIELDS],
        prevent_initial_call=True,
    )(save_lead)
