"""Save the customer form: create (with duplicate warning) or edit (optimistic lock)."""

from __future__ import annotations

from dash import Dash, Input, Output, State, ctx, html, no_update

from dashboard.callbacks.custom_fields import (
    custom_messages,
    entered_values,
    feedback_output,
    input_states,
)
from dashboard.components.feedback import error_alert, field_feedback
from dashboard.components.forms import select_options
from dashboard.context import current_actor, unit_of_work
from dashboard.i18n import _, current_language
from dashboard.ids import CustomerForm as ids
from dashboard.ids import Shell
from dashboard.parsing import (
    NO_CHOICE,
    parse_choice,
    parse_int,
    parse_local_datetimes,
    require_click,
)
from services.customers import (
    CustomerIn,
    DuplicateFound,
    create_customer,
    update_customer,
)
from services.errors import ServiceError, ValidationFailed
from services.regions import city_options

FIELDS = ids.FIELDS


def _customer_in(
    values: dict, custom_values: dict
) -> tuple[CustomerIn, dict[str, str]]:
    """Form values → CustomerIn, plus errors for values that cannot even be parsed."""
    times, errors = parse_local_datetimes(values, ("next_followup_at",))
    tags = tuple(
        t.strip() for t in (values["tags"] or "").replace("，", ",").split(",")
    )
    data = CustomerIn(
        **{
            name: parse_choice(values[name])
            for name in FIELDS
            if name not in ("owner_id", "next_followup_at", "tags")
        },
        owner_id=parse_int(values["owner_id"]),
        next_followup_at=times["next_followup_at"],
        tags=tags,
        custom_values=custom_values,
    )
    return data, errors


def _duplicate_items(matches: list[dict]) -> list[html.Li]:
    return [html.Li(f"{m['name']} · {m['owner'] or _('No owner')}") for m in matches]


def save_customer(
    save_clicks,
    save_anyway_clicks,
    customer_id,
    version,
    custom_ids,
    custom_values,
    *field_values,
):
    """Create or update; field errors go next to their fields, input is never lost."""
    require_click(save_clicks, save_anyway_clicks)
    values = dict(zip(FIELDS, field_values, strict=True))
    data, errors = _customer_in(values, entered_values(custom_ids, custom_values))
    no_errors = (*field_feedback({}, FIELDS), custom_messages({}, custom_ids))
    try:
        if errors:
            raise ValidationFailed(errors)
        with unit_of_work() as session:
            actor = current_actor()
            if customer_id:
                customer = update_customer(
                    session,
                    actor,
                    int(customer_id),
                    data,
                    expected_version=int(version or 0),
                )
            else:
                customer = create_customer(
                    session,
                    actor,
                    data,
                    allow_duplicate=ctx.triggered_id == ids.SAVE_ANYWAY,
                )
            target = f"/customers/{customer.id}"
    except ValidationFailed as error:
        return (
            *field_feedback(error.errors, FIELDS),
            custom_messages(error.errors, custom_ids),
            error_alert(error),
            [],
            False,
            no_update,
        )
    except DuplicateFound as error:
        return (*no_errors, None, _duplicate_items(error.matches), True, no_update)
    except ServiceError as error:
        return (*no_errors, error_alert(error), [], False, no_update)
    return (*no_errors, None, [], False, target)


def update_cities(province, city):
    """City choices of the chosen province; keep the city when it still fits."""
    options = city_options(parse_choice(province), current_language())
    keep = city if any(o["value"] == city for o in options) else NO_CHOICE
    return select_options(options, _("Not set")), keep


def register(app: Dash) -> None:
    app.callback(
        Output(ids.field("city"), "options"),
        Output(ids.field("city"), "value"),
        Input(ids.field("province"), "value"),
        State(ids.field("city"), "value"),
        prevent_initial_call=True,
    )(update_cities)
    app.callback(
        *[Output(ids.field(name), "invalid") for name in FIELDS],
        *[Output(ids.feedback(name), "children") for name in FIELDS],
        feedback_output("customer"),
        Output(ids.MESSAGE, "children"),
        Output(ids.DUPLICATE_LIST, "children"),
        Output(ids.DUPLICATES, "is_open"),
        Output(Shell.NAV, "href", allow_duplicate=True),
        Input(ids.SAVE, "n_clicks"),
        Input(ids.SAVE_ANYWAY, "n_clicks"),
        State(ids.CUSTOMER_ID, "data"),
        State(ids.VERSION, "data"),
        *input_states("customer"),
        *[State(ids.field(name), "value") for name in FIELDS],
        prevent_initial_call=True,
    )(save_customer)
