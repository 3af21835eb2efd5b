"""To-do page: counts, the section lists, approve / reject from the inbox."""

from __future__ import annotations

from dash import ALL, Dash, Input, Output, State, ctx, no_update
from dash.exceptions import PreventUpdate

from dashboard.callbacks.home import company_day
from dashboard.callbacks.pool import field_message
from dashboard.components import todo_views
from dashboard.components.feedback import error_alert, toast
from dashboard.context import current_actor, read_session, unit_of_work
from dashboard.i18n import _
from dashboard.ids import Todo as ids
from dashboard.parsing import parse_int
from services.approval_inbox import my_submissions_in_progress, pending_approvals
from services.approvals import approve, reject
from services.customers import CustomerFilter, followup_due_window, list_customers
from services.errors import ServiceError, ValidationFailed
from services.paging import Page
from services.payment_plans import installments_due
from services.todo import contracts_ending, todo_summary

PAGE_SIZE = 10
DECISIONS = ("approve", "reject")


def _page(pager_id: str, page) -> int:
    """The pager's page when the pager moved; page 1 after any other change."""
    return (page or 1) if ctx.triggered_id == pager_id else 1


def _paged(result: Page, body) -> tuple:
    total = _("Total: {total}", total=f"{result.total:,}")
    return body, result.page_count, result.page, total


def _failed(error: ServiceError) -> tuple:
    return error_alert(error), 1, 1, ""


def load_counts(_refresh):
    with read_session() as session:
        summary = todo_summary(session, current_actor(), today=company_day())
    return todo_views.counts_strip(summary, "todo")


def load_approvals(object_type, page, _refresh):
    try:
        with read_session() as session:
            result = pending_approvals(
                session,
                current_actor(),
                object_type=object_type
                if object_type in ("contract", "payment")
                else None,
                page=_page(ids.APPROVALS_PAGER, page),
                page_size=PAGE_SIZE,
            )
    except ServiceError as error:
        return *_failed(error), {}
    titles = {todo_views.decision_index(row): row["title"] for row in result.rows}
    return *_paged(result, todo_views.approvals_table(result.rows)), titles


def load_submissions(page, _refresh):
    try:
        with read_session() as session:
            result = my_submissions_in_progress(
                session,
                current_actor(),
                page=_page(ids.SUBMISSIONS_PAGER, page),
                page_size=PAGE_SIZE,
            )
    except ServiceError as error:
        return _failed(error)
    return _paged(result, todo_views.submissions_table(result.rows))


def load_followups(due, page, _refresh):
    """The customers list's own query under the to-do's window, most overdue
    first: the same rows the count links to."""
    today = company_day()
    start, before = followup_due_window(
        due if due == "today" else "overdue", day_start=today.start, day_end=today.end
    )
    flt = CustomerFilter(
        next_followup_from=start,
        next_followup_before=before,
        sort="next_followup",
        descending=False,
        page=_page(ids.FOLLOWUPS_PAGER, page),
        page_size=PAGE_SIZE,
    )
    try:
        with read_session() as session:
            result = list_customers(session, current_actor(), flt)
    except ServiceError as error:
        return _failed(error)
    return _paged(result, todo_views.followups_table(result.rows, today.start))


def load_contracts(page, _refresh):
    today = company_day().date
    try:
        with read_session() as session:
            result = contracts_ending(
                session,
                current_actor(),
                today=today,
                page=_page(ids.CONTRACTS_PAGER, page),
                page_size=PAGE_SIZE,
            )
    except ServiceError as error:
        return _failed(error)
    return _paged(result, todo_views.contracts_table(result.rows, today))


def load_installments(due, page, _refresh):
    try:
        with read_session() as session:
            result = installments_due(
                session,
                current_actor(),
                due=due if due == "today" else "overdue",
                page=_page(ids.INSTALLMENTS_PAGER, page),
                page_size=PAGE_SIZE,
                today=company_day().date,
            )
    except ServiceError as error:
        return _failed(error)
    return _paged(result, todo_views.installments_table(result.rows))


def open_decision(_approve_clicks, _reject_clicks, _cancel, titles):
    """Open the dialog for the clicked row's Approve/Reject, or close it."""
    if ctx.triggered_id == ids.DECIDE_CANCEL:
        return (False, *[no_update] * 7)
    # Buttons inserted by a list refresh fire with no click.
    if not ctx.triggered or not ctx.triggered[0]["value"]:
        raise PreventUpdate
    action = "approve" if ctx.triggered_id["type"] == ids.APPROVE else "reject"
    index = ctx.triggered_id["index"]
    title = (titles or {}).get(index, "")
    if action == "approve":
        heading = _("Approve {title}", title=title)
        label, button, color = _("Comment (optional)"), _("Approve"), "success"
    else:
        heading = _("Reject {title}", title=title)
        label, button, color = _("Reason"), _("Reject"), "danger"
    target = {"action": action, "index": index}
    return True, target, heading, label, button, color, "", False, ""


def _target(target) -> tuple[str, int, int]:
    """The dialog's (action, request id, step position). Raises PreventUpdate."""
    action = (target or {}).get("action")
    request_id, _sep, position = str((target or {}).get("index", "")).partition(":")
    request_id, position = parse_int(request_id), parse_int(position)
    if action not in DECISIONS or request_id is None or position is None:
        raise PreventUpdate
    return action, request_id, position


def decide(n_clicks, target, text, refresh):
    """Approve or reject what the dialog names; the engine re-checks that the
    request is pending at that step and that the actor approves it."""
    if not n_clicks:
        raise PreventUpdate
    action, request_id, position = _target(target)
    try:
        with unit_of_work() as session:
            if action == "approve":
                approve(
                    session,
                    current_actor(),
                    request_id,
                    step_position=position,
                    comment=text,
                )
            else:
                reject(
                    session,
                    current_actor(),
                    request_id,
                    step_position=position,
                    reason=text or "",
                )
    except ValidationFailed as error:
        field = "reason" if action == "reject" else "comment"
        if field in error.errors:
            return no_update, no_update, True, True, field_message(error, field)
        return error_alert(error), (refresh or 0) + 1, False, False, ""
    except ServiceError as error:
        # Stale row (moved on, decided elsewhere): say why and reload the lists.
        return error_alert(error), (refresh or 0) + 1, False, False, ""
    message = (
        _("Approved.")
        if action == "approve"
        else _("Rejected: it goes back to the submitter.")
    )
    return toast(message), (refresh or 0) + 1, False, False, ""


def register(app: Dash) -> None:
    app.callback(
        Output(ids.COUNTS, "children"),
        Input(ids.REFRESH, "data"),
    )(load_counts)
    app.callback(
        Output(ids.APPROVALS, "children"),
        Output(ids.APPROVALS_PAGER, "max_value"),
        Output(ids.APPROVALS_PAGER, "active_page"),
        Output(ids.APPROVALS_TOTAL, "children"),
        Output(ids.APPROVALS_TITLES, "data"),
        Input(ids.APPROVALS_TYPE, "value"),
        Input(ids.APPROVALS_PAGER, "active_page"),
        Input(ids.REFRESH, "data"),
    )(load_approvals)
    app.callback(
        Output(ids.SUBMISSIONS, "children"),
        Output(ids.SUBMISSIONS_PAGER, "max_value"),
        Output(ids.SUBMISSIONS_PAGER, "active_page"),
        Output(ids.SUBMISSIONS_TOTAL, "children"),
        Input(ids.SUBMISSIONS_PAGER, "active_page"),
        Input(ids.REFRESH, "data"),
    )(load_submissions)
    for body, choice, pager, total, loader in (
        (
            ids.FOLLOWUPS,
            ids.FOLLOWUPS_DUE,
            ids.FOLLOWUPS_PAGER,
            ids.FOLLOWUPS_TOTAL,
            load_followups,
        ),
        (
            ids.INSTALLMENTS,
            ids.INSTALLMENTS_DUE,
            ids.INSTALLMENTS_PAGER,
            ids.INSTALLMENTS_TOTAL,
            load_installments,
        ),
    ):
        app.callback(
            Output(body, "children"),
            Output(pager, "max_value"),
            Output(pager, "active_page"),
            Output(total, "children"),
            Input(choice, "value"),
            Input(pager, "active_page"),
            Input(ids.REFRESH, "data"),
        )(loader)
    app.callback(
        Output(ids.CONTRACTS, "children"),
        Output(ids.CONTRACTS_PAGER, "max_value"),
        Output(ids.CONTRACTS_PAGER, "active_page"),
        Output(ids.CONTRACTS_TOTAL, "children"),
        Input(ids.CONTRACTS_PAGER, "active_page"),
        Input(ids.REFRESH, "data"),
    )(load_contracts)
    app.callback(
        Output(ids.DECIDE_MODAL, "is_open"),
        Output(ids.DECIDE_TARGET, "data"),
        Output(ids.DECIDE_TITLE, "children"),
        Output(ids.DECIDE_LABEL, "children"),
        Output(ids.DECIDE_CONFIRM, "children"),
        Output(ids.DECIDE_CONFIRM, "color"),
        Output(ids.DECIDE_TEXT, "value"),
        Output(ids.DECIDE_TEXT, "invalid", allow_duplicate=True),
        Output(ids.DECIDE_FEEDBACK, "children", allow_duplicate=True),
        Input({"type": ids.APPROVE, "index": ALL}, "n_clicks"),
        Input({"type": ids.REJECT, "index": ALL}, "n_clicks"),
        Input(ids.DECIDE_CANCEL, "n_clicks"),
        State(ids.APPROVALS_TITLES, "data"),
        prevent_initial_call=True,
    )(open_decision)
    app.callback(
        Output(ids.MESSAGE, "children"),
        Output(ids.REFRESH, "data"),
        Output(ids.DECIDE_MODAL, "is_open", allow_duplicate=True),
        Output(ids.DECIDE_TEXT, "invalid"),
        Output(ids.DECIDE_FEEDBACK, "children"),
        Input(ids.DECIDE_CONFIRM, "n_clicks"),
        State(ids.DECIDE_TARGET, "data"),
        State(ids.DECIDE_TEXT, "value"),
        State(ids.REFRESH, "data"),
        prevent_initial_call=True,
    )(decide)
