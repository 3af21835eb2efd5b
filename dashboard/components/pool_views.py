"""Pool renderings: reason labels, pool history, notification texts."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard.i18n import _, format_datetime
from dashboard.labels import APPROVAL_NOTIFICATION_TEXTS
from services.msgid import N_
from services.pool import REASON_LABELS

REQUEST_STATUS_LABELS = {
    "pending": N_("Pending"),
    "approved": N_("Approved"),
    "rejected": N_("Rejected"),
    "cancelled": N_("Cancelled"),
}
REQUEST_KIND_LABELS = {"claim": N_("Claim"), "assign": N_("Assign")}
NOTIFICATION_TEXTS = {
    "pool_released": N_("{actor} released {customer} to the pool: {reason}"),
    "pool_assigned": N_("{actor} gave you {customer}."),
    "pool_request": N_(
        "{requester} asks for {customer} (for {target}); your team owned it last."
    ),
    "pool_request_approved": N_("{actor} approved: {customer} is now assigned."),
    "pool_request_rejected": N_(
        "{actor} rejected your request for {customer}: {reason}"
    ),
    "pool_request_cancelled": N_(
        "Your request for {customer} was closed: it had already left the pool."
    ),
    "pool_returned": N_("{count} of your customers returned to the public pool."),
    "pool_expiring": N_(
        "{count} of your customers return to the pool within {days} days."
    ),
    **APPROVAL_NOTIFICATION_TEXTS,
}


def reason_label(code: str | None) -> str:
    return _(REASON_LABELS[code]) if code in REASON_LABELS else ""


def notification_text(kind: str, params: dict) -> str:
    template = NOTIFICATION_TEXTS.get(kind)
    if template is None:
        return kind
    try:
        return _(template, **params)
    except (KeyError, IndexError):
        return _(template)


def history(entries: list[dict]) -> html.Div:
    if not entries:
        return html.P(_("No pool history."), className="text-muted")
    return dbc.Table(
        [
            html.Thead(
                html.Tr(
                    [
                        html.Th(_("Time")),
                        html.Th(_("Move")),
                        html.Th(_("Reason")),
                        html.Th(_("Owner")),
                        html.Th(_("Team")),
                        html.Th(_("By")),
                        html.Th(_("Note")),
                    ]
                )
            ),
            html.Tbody(
                [
                    html.Tr(
                        [
                            html.Td(format_datetime(e["at"]), className="text-nowrap"),
                            html.Td(
                                _("Into the pool")
                                if e["direction"] == "in"
                                else _("Out of the pool")
                            ),
                            html.Td(reason_label(e["reason"])),
                            html.Td(e["owner"]),
                            html.Td(e["team"]),
                            html.Td(e["actor"] or _("System")),
                            html.Td(e["note"] or ""),
                        ]
                    )
                    for e in entries
                ]
            ),
        ],
        size="sm",
        className="pool-history",
    )
