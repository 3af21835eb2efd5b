"""To-do builders: the counts strip (home card and /todo) and the section tables."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.i18n import _, format_date, format_datetime, format_money
from dashboard.ids import Todo as ids
from dashboard.labels import STAGE_LABELS
from services.msgid import N_
from services.todo import ENDING_WITHIN_DAYS, TodoSummary

OBJECT_TYPE_LABELS = {"contract": N_("Contract"), "payment": N_("Payment")}
# Where "waiting for my approval" of each object type links to.
PENDING_LISTS = {
    "contract": "/contracts?status=pending",
    "payment": "/payments?status=pending",
}


APPROVAL_COUNT_LABELS = {
    "contract": N_("Contracts to approve"),
    "payment": N_("Payments to approve"),
}


@dataclass(frozen=True)
class TodoCount:
    key: str  # a stable name, part of the element id
    label: str  # msgid
    value: int | None  # None: not applicable to the actor
    href: str
    icon: str
    color: str  # Bootstrap colour of a non-zero count


def _part(counts: dict[str, int] | None, key: str) -> int | None:
    return None if counts is None else counts.get(key, 0)


def todo_counts(summary: TodoSummary) -> list[TodoCount]:
    """The counts that apply to the actor, in the order the inbox shows them."""
    items = [
        TodoCount(
            f"approve-{object_type}",
            APPROVAL_COUNT_LABELS.get(object_type, N_("Waiting for my approval")),
            value,
            PENDING_LISTS.get(object_type, "/todo"),
            "patch-check",
            "primary",
        )
        for object_type, value in summary.approvals.items()
    ]
    items += [
        TodoCount(
            "submissions",
            N_("My submissions in progress"),
            summary.submissions,
            "/todo",
            "send",
            "info",
        ),
        TodoCount(
            "pool-requests",
            N_("Pool requests to review"),
            summary.pool_requests,
            "/pool-requests",
            "inbox",
            "primary",
        ),
        TodoCount(
            "followups-today",
            N_("Follow-ups due today"),
            _part(summary.followups, "today"),
            "/customers?followup=today",
            "alarm",
            "warning",
        ),
        TodoCount(
            "followups-overdue",
            N_("Overdue follow-ups"),
            _part(summary.followups, "overdue"),
            "/customers?followup=overdue",
            "exclamation-triangle",
            "danger",
        ),
        TodoCount(
            "returning",
            N_("Returning to the pool"),
            summary.returning,
            "/pool-expiring",
            "hourglass-split",
            "warning",
        ),
        TodoCount(
            "contracts-ending",
            N_("Contracts ending within 30 days"),
            summary.contracts_ending,
            f"/contracts?ending_within={ENDING_WITHIN_DAYS}",
            "calendar-x",
            "warning",
        ),
        TodoCount(
            "installments-overdue",
            N_("Installments overdue"),
            _part(summary.installments, "overdue"),
            "/payments/installments?due=overdue",
            "cash-coin",
            "danger",
        ),
        TodoCount(
            "installments-today",
            N_("Installments due today"),
            _part(summary.installments, "today"),
            "/payments/installments?due=today",
            "cash-coin",
            "warning",
        ),
    ]
    return [item for item in items if item.value is not None]


def counts_strip(summary: TodoSummary, prefix: str) -> dbc.Row:
    """One linked tile per count; zero counts are muted. Element ids are
    `<prefix>-count-<key>`."""
    tiles = []
    for item in todo_counts(summary):
        color = item.color if item.value else "muted"
        tiles.append(
            dbc.Col(
                html.A(
                    [
                        html.I(className=f"bi bi-{item.icon} fs-4 text-{color}"),
                        html.Div(
                            [
                                html.Div(
                                    f"{item.value:,}",
                                    className=f"fs-5 fw-semibold text-{color}",
                                ),
                                html.Div(_(item.label), className="small text-muted"),
                            ]
                        ),
                    ],
                    href=item.href,
                    id=f"{prefix}-count-{item.key}",
                    className=(
                        "todo-count d-flex align-items-center gap-2 border rounded "
                        "px-3 py-2 h-100 text-decoration-none text-reset"
                        + ("" if item.value else " opacity-75")
                    ),
                ),
                xs=6,
                md=4,
                xl=3,
            )
        )
    return dbc.Row(tiles, className="g-2")


# --- section tables ----------------------------------------------------------------


def table(headers: Sequence[str], rows: list[list], empty: str) -> html.Div:
    """A compact table of already-built cells, or a muted note when empty."""
    if not rows:
        return html.P(empty, className="text-muted mb-0")
    return dbc.Table(
        [
            html.Thead(html.Tr([html.Th(header) for header in headers])),
            html.Tbody([html.Tr([html.Td(cell) for cell in row]) for row in rows]),
        ],
        size="sm",
        hover=True,
        responsive=True,
        className="mb-0 align-middle",
    )


def _type(object_type: str) -> str:
    return _(OBJECT_TYPE_LABELS.get(object_type, object_type))


def _title(row: dict) -> object:
    title = row["title"] or f"#{row['object_id']}"
    return dcc.Link(title, href=row["url"]) if row["url"] else title


def decision_index(row: dict) -> str:
    """The pattern-id index naming what a decision button decides."""
    return f"{row['request_id']}:{row['step_position']}"


def approvals_table(rows: list[dict]) -> html.Div:
    def actions(row: dict) -> html.Div:
        index = decision_index(row)
        return html.Div(
            [
                dbc.Button(
                    [html.I(className="bi bi-check-lg me-1"), _("Approve")],
                    id={"type": ids.APPROVE, "index": index},
                    color="success",
                    size="sm",
                    className="me-1",
                ),
                dbc.Button(
                    [html.I(className="bi bi-x-lg me-1"), _("Reject")],
                    id={"type": ids.REJECT, "index": index},
                    color="outline-danger",
                    size="sm",
                ),
            ],
            className="text-nowrap",
        )

    return table(
        [_("Type"), _("Title"), _("Amount"), _("Submitted by"), _("Submitted at"), ""],
        [
            [
                _type(row["object_type"]),
                _title(row),
                format_money(row["amount"]),
                row["submitter"],
                format_datetime(row["submitted_at"]),
                actions(row),
            ]
            for row in rows
        ],
        _("Nothing waits for your approval."),
    )


def submissions_table(rows: list[dict]) -> html.Div:
    return table(
        [_("Type"), _("Title"), _("Amount"), _("Submitted at"), _("Waiting for")],
        [
            [
                _type(row["object_type"]),
                _title(row),
                format_money(row["amount"]),
                format_datetime(row["submitted_at"]),
                _(
                    "Step {position}: {names}",
                    position=row["step_position"],
                    names=", ".join(row.get("waiting_for") or []),
                ),
            ]
            for row in rows
        ],
        _("None of your submissions is waiting for approval."),
    )


def followups_table(rows: list[dict], day_start) -> html.Div:
    def when(row: dict) -> html.Span:
        overdue = row["next_followup_at"] < day_start
        return html.Span(
            [
                format_datetime(row["next_followup_at"]),
                dbc.Badge(
                    _("Overdue") if overdue else _("Today"),
                    color="danger" if overdue else "warning",
                    className="ms-2",
                ),
            ]
        )

    return table(
        [_("Customer"), _("Next follow-up"), _("Stage"), _("Owner")],
        [
            [
                dcc.Link(row["name"], href=f"/customers/{row['id']}"),
                when(row),
                _(STAGE_LABELS.get(row["stage"], row["stage"])),
                row["owner"],
            ]
            for row in rows
        ],
        _("No follow-ups due. Well done."),
    )


def contracts_table(rows: list[dict], today) -> html.Div:
    def left(end_date) -> str:
        days = (end_date - today).days
        return _("Ends today") if days == 0 else _("{days} days left", days=days)

    return table(
        [_("Contract"), _("Customer"), _("Amount"), _("End date"), _("Owner")],
        [
            [
                dcc.Link(
                    f"{row['number']} · {row['name']}", href=f"/contracts/{row['id']}"
                ),
                dcc.Link(row["customer"], href=f"/customers/{row['customer_id']}"),
                format_money(row["amount"]),
                html.Span(
                    [
                        format_date(row["end_date"]),
                        html.Span(
                            f" · {left(row['end_date'])}", className="text-muted"
                        ),
                    ]
                ),
                row["owner"],
            ]
            for row in rows
        ],
        _("No contract ends within 30 days."),
    )


def installments_table(rows: list[dict]) -> html.Div:
    return table(
        [_("Contract"), _("Customer"), _("Installment"), _("Due date"), _("Remaining")],
        [
            [
                dcc.Link(
                    f"{row['contract_number']} · {row['contract_name']}",
                    href=f"/contracts/{row['contract_id']}",
                ),
                dcc.Link(row["customer"], href=f"/customers/{row['customer_id']}"),
                _("No. {sequence}", sequence=row["sequence"]),
                format_date(row["due_date"]),
                format_money(row["remaining"]),
            ]
            for row in rows
        ],
        _("No installments due."),
    )
