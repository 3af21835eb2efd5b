"""The role editor's permission matrix: every known permission code, grouped per
module; codes without a group or label still show (under "Other", by code)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard.i18n import _
from dashboard.ids import AdminRoles as ids
from dashboard.labels import (
    OTHER_PERMISSION_GROUP,
    PERMISSION_GROUPS,
    PERMISSION_LABELS,
)
from services.permissions import ALL_PERMISSIONS


def group_permissions(
    codes: tuple[str, ...] = ALL_PERMISSIONS,
) -> list[tuple[str, str, list[str]]]:
    """[(group key, group msgid, codes)] in PERMISSION_GROUPS order, "other" last;
    empty groups left out."""
    by_prefix = {
        prefix: key
        for key, _label, prefixes in PERMISSION_GROUPS
        for prefix in prefixes
    }
    grouped: dict[str, list[str]] = {key: [] for key, _label, _p in PERMISSION_GROUPS}
    grouped[OTHER_PERMISSION_GROUP[0]] = []
    for code in codes:
        key = by_prefix.get(code.split(".", 1)[0], OTHER_PERMISSION_GROUP[0])
        grouped[key].append(code)
    labels = dict((key, label) for key, label, _p in PERMISSION_GROUPS)
    labels[OTHER_PERMISSION_GROUP[0]] = OTHER_PERMISSION_GROUP[1]
    return [(key, labels[key], found) for key, found in grouped.items() if found]


def permission_label(code: str) -> str:
    msgid = PERMISSION_LABELS.get(code)
    return _(msgid) if msgid else code


def permission_input_id(code: str) -> str:
    """The checkbox's DOM id (browser tests click its label)."""
    return "admin-roles-perm-" + code.replace(".", "-").replace("_", "-")


def split_by_group(permissions: list[str] | None) -> dict[str, list[str]]:
    """A role's codes as {group key: codes}: the checklists' values."""
    chosen = set(permissions or ())
    return {
        key: [code for code in codes if code in chosen]
        for key, _label, codes in group_permissions()
    }


def make_permission_matrix() -> dbc.Row:
    """One checklist per group, id {"type": PERMISSION_GROUP, "index": group key}."""
    return dbc.Row(
        [
            dbc.Col(
                html.Fieldset(
                    [
                        html.Legend(_(label), className="fs-6 fw-semibold mb-1"),
                        dbc.Checklist(
                            id={"type": ids.PERMISSION_GROUP, "index": key},
                            options=[
                                {
                                    "label": permission_label(code),
                                    "value": code,
                                    "input_id": permission_input_id(code),
                                }
                                for code in codes
                            ],
                            value=[],
                        ),
                    ],
                    className="permission-group mb-3",
                ),
                md=6,
            )
            for key, label, codes in group_permissions()
        ],
        className="permission-matrix",
    )
