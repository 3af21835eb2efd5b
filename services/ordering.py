"""Admin-maintained ordered lists (dictionary entries, opportunity stages): moving
an item up or down, enabling/disabling it, checking its labels and deriving a
code from its label."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from services.actor import Actor
from services.audit import record_audit
from services.msgid import N_

_NOT_CODE = re.compile(r"[^a-z0-9]+")
LABEL_LENGTH = 100


def renumber(items: Sequence[Any]) -> None:
    """Give `items` the sort orders 0, 1, 2… in list order (only where they differ)."""
    for order, item in enumerate(items):
        if item.sort_order != order:
            item.sort_order = order


def move_item(
    session: Session,
    actor: Actor,
    items: list[Any],
    item: Any,
    *,
    up: bool,
    action: str,
    object_type: str,
) -> bool:
    """Swap `item` with its neighbour above (up) or below in `items` (the whole
    list, in order), renumber the list and audit it as `action`; False at either
    end. Raises nothing."""
    position = items.index(item)
    target = position - 1 if up else position + 1
    if not 0 <= target < len(items):
        return False
    old_order = item.sort_order
    items[position], items[target] = items[target], items[position]
    # Renumber the whole list: seeded lists may share one sort_order value.
    renumber(items)
    record_audit(
        session,
        actor,
        action,
        object_type,
        item.id,
        before={"sort_order": old_order},
        after={"sort_order": item.sort_order},
    )
    session.flush()
    return True


def record_active(
    session: Session,
    actor: Actor,
    item: Any,
    *,
    active: bool,
    action_prefix: str,
    object_type: str,
) -> None:
    """Audit `<action_prefix>.enable`/`.disable` and set `item.is_active` when it
    changes; does not flush. Raises nothing."""
    if item.is_active == active:
        return
    record_audit(
        session,
        actor,
        f"{action_prefix}.enable" if active else f"{action_prefix}.disable",
        object_type,
        item.id,
        before={"is_active": item.is_active},
        after={"is_active": active},
    )
    item.is_active = active


def label_errors(
    session: Session,
    model: Any,
    labels: dict[str, str],
    *,
    taken: str,
    scope: Sequence[Any] = (),
    except_id: int | None = None,
) -> dict[str, str]:
    """{field: msgid} for labels (column name → cleaned value) that are empty,
    longer than 100 characters or, ignoring case, already used by another row
    within `scope` (message `taken`). Raises nothing."""
    errors: dict[str, str] = {}
    for field, value in labels.items():
        if not value:
            errors[field] = N_("This field is required.")
        elif len(value) > LABEL_LENGTH:
            errors[field] = N_("At most 100 characters.")
        elif session.scalar(
            select(
                exists().where(
                    *scope,
                    func.lower(getattr(model, field)) == value.lower(),
                    model.id != (except_id or 0),
                )
            )
        ):
            errors[field] = taken
    return errors


def generate_code(
    label_en: str, *, length: int, default: str, taken: Callable[[str], bool]
) -> str:
    """ "Trade show" → "trade_show"; "trade_show_2"… when `taken`; `default` when the
    label has no ASCII letters or digits. Raises nothing."""
    base = _NOT_CODE.sub("_", label_en.lower()).strip("_")[: length - 4] or default
    code, number = base, 1
    while taken(code):
        number += 1
        code = f"{base}_{number}"
    return code
