"""Opportunity stages (商机阶段): the admin-configured sales process.

Open stages carry a deal forward in their sort order; exactly one active "won"
and one active "lost" stage end it. A stage's code and outcome are what records
and analytics rely on, so a stage in use is disabled rather than deleted and its
outcome never changes while opportunities are in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session

from models import Opportunity, OpportunityStage, OpportunityStageChange
from models.opportunity import STAGE_OUTCOMES
from services.actor import Actor
from services.audit import changed_fields, record_audit, snapshot
from services.errors import Conflict, NotFound, ValidationFailed
from services.msgid import N_
from services.normalize import clean
from services.ordering import (
    generate_code,
    label_errors,
    move_item,
    record_active,
    renumber,
)
from services.permissions import ADMIN_SETTINGS

OBJECT_TYPE = "opportunity_stage"
CODE_LENGTH = 50
_CODE = re.compile(r"^[a-z][a-z0-9_]*$")

NEEDS_ONE_CLOSING_STAGE = N_(
    "Exactly one active won stage and one active lost stage must remain."
)
NEEDS_OPEN_STAGE = N_("At least one active open stage must remain.")
STAGE_IN_USE = N_("Opportunities use this stage: disable it instead of deleting.")


def list_stages(
    session: Session, *, active_only: bool = True
) -> list[OpportunityStage]:
    """Stages in display order (open ones first by sort order, as configured)."""
    query = select(OpportunityStage).order_by(
        OpportunityStage.sort_order, OpportunityStage.id
    )
    if active_only:
        query = query.where(OpportunityStage.is_active.is_(True))
    return list(session.scalars(query))


def stage_label(stage: OpportunityStage, language: str) -> str:
    """The stage's name in `language` (zh_CN → Chinese, anything else English)."""
    return stage.name_zh if language.startswith("zh") else stage.name_en


def first_open_stage(session: Session) -> OpportunityStage | None:
    """Where new opportunities start: the first active open stage."""
    return session.scalar(
        select(OpportunityStage)
        .where(OpportunityStage.is_active.is_(True), OpportunityStage.outcome == "open")
        .order_by(OpportunityStage.sort_order, OpportunityStage.id)
        .limit(1)
    )


def closing_stage(session: Session, outcome: str) -> OpportunityStage | None:
    """The active stage with outcome "won" or "lost"."""
    return session.scalar(
        select(OpportunityStage)
        .where(
            OpportunityStage.is_active.is_(True), OpportunityStage.outcome == outcome
        )
        .order_by(OpportunityStage.sort_order, OpportunityStage.id)
        .limit(1)
    )


def stage_in_use(session: Session, stage_id: int) -> bool:
    """Whether an opportunity is in the stage or its history mentions it."""
    return bool(
        session.scalar(select(exists().where(Opportunity.stage_id == stage_id)))
        or session.scalar(
            select(
                exists().where(
                    or_(
                        OpportunityStageChange.from_stage_id == stage_id,
                        OpportunityStageChange.to_stage_id == stage_id,
                    )
                )
            )
        )
    )


# --- administration -------------------------------------------------------------


@dataclass(frozen=True)
class StageIn:
    """A stage as the admin form sends it; an empty code (create only) is built
    from the English name. Probability arrives raw (text or number)."""

    name_en: str | None = None
    name_zh: str | None = None
    probability: object = None
    outcome: str | None = "open"
    code: str | None = None


def stage_rows(session: Session, actor: Actor) -> list[dict[str, Any]]:
    """Every stage, active or not, in order, with how many opportunities are in it.
    Raises PermissionDenied."""
    actor.require(ADMIN_SETTINGS)
    counts = dict(
        session.execute(
            select(Opportunity.stage_id, func.count()).group_by(Opportunity.stage_id)
        ).all()
    )
    return [
        _row(stage) | {"in_stage": counts.get(stage.id, 0)}
        for stage in list_stages(session, active_only=False)
    ]


def get_stage(session: Session, actor: Actor, stage_id: int) -> dict[str, Any]:
    """One stage for the edit dialog. Raises PermissionDenied, NotFound."""
    actor.require(ADMIN_SETTINGS)
    return _row(_stage(session, stage_id))


def create_stage(session: Session, actor: Actor, data: StageIn) -> OpportunityStage:
    """Add an active stage at the end of the open ones (before won/lost).
    Raises PermissionDenied, ValidationFailed."""
    actor.require(ADMIN_SETTINGS)
    _lock_stages(session)
    name_en, name_zh = clean(data.name_en) or "", clean(data.name_zh) or ""
    code = (clean(data.code) or "").lower()
    errors = _name_errors(session, name_en, name_zh)
    probability, problem = _probability(data.probability)
    if problem:
        errors["probability"] = problem
    if data.outcome not in STAGE_OUTCOMES:
        errors["outcome"] = N_("Choose a value from the list.")
    elif data.outcome != "open" and closing_stage(session, data.outcome) is not None:
        errors["outcome"] = NEEDS_ONE_CLOSING_STAGE
    if code and (len(code) > CODE_LENGTH or not _CODE.match(code)):
        errors["code"] = N_(
            "Use up to 50 lower-case letters, digits or _, starting with a letter."
        )
    elif code and _code_taken(session, code):
        errors["code"] = N_("This code is already used.")
    if errors:
        raise ValidationFailed(errors)
    stage = OpportunityStage(
        code=code or _generate_code(session, name_en),
        name_en=name_en,
        name_zh=name_zh,
        probability=probability,
        outcome=data.outcome,
        sort_order=0,
        is_active=True,
    )
    stages = list_stages(session, active_only=False)
    # New open stages go after the last open one; closing stages at the end.
    position = len(stages)
    if data.outcome == "open":
        open_positions = [i for i, s in enumerate(stages) if s.outcome == "open"]
        position = open_positions[-1] + 1 if open_positions else 0
    stages.insert(position, stage)
    session.add(stage)
    renumber(stages)
    session.flush()
    record_audit(
        session,
        actor,
        "opportunity_stage.create",
        OBJECT_TYPE,
        stage.id,
        after=snapshot(stage),
    )
    return stage


def update_stage(
    session: Session, actor: Actor, stage_id: int, data: StageIn
) -> OpportunityStage:
    """Change a stage's names, probability and (while no opportunity uses it) its
    outcome; the code stays. Raises PermissionDenied, NotFound, ValidationFailed."""
    actor.require(ADMIN_SETTINGS)
    _lock_stages(session)
    stage = _stage(session, stage_id)
    name_en, name_zh = clean(data.name_en) or "", clean(data.name_zh) or ""
    errors = _name_errors(session, name_en, name_zh, except_id=stage.id)
    probability, problem = _probability(data.probability)
    if problem:
        errors["probability"] = problem
    outcome = data.outcome or stage.outcome
    if outcome not in STAGE_OUTCOMES:
        errors["outcome"] = N_("Choose a value from the list.")
    elif outcome != stage.outcome:
        if stage_in_use(session, stage.id):
            errors["outcome"] = N_(
                "Opportunities use this stage: its outcome cannot change."
            )
        elif stage.is_active and (
            problem := _set_problem(session, stage, outcome=outcome, active=True)
        ):
            errors["outcome"] = problem
    if errors:
        raise ValidationFailed(errors)
    before = snapshot(stage)
    stage.name_en, stage.name_zh = name_en, name_zh
    stage.probability, stage.outcome = probability, outcome
    session.flush()
    old, new = changed_fields(before, snapshot(stage))
    if new:
        record_audit(
            session,
            actor,
            "opportunity_stage.update",
            OBJECT_TYPE,
            stage.id,
            before=old,
            after=new,
        )
    return stage


def move_stage_order(
    session: Session, actor: Actor, stage_id: int, *, up: bool
) -> bool:
    """Swap a stage with its neighbour above (up) or below; False at either end.
    Raises PermissionDenied, NotFound."""
    actor.require(ADMIN_SETTINGS)
    _lock_stages(session)
    stage = _stage(session, stage_id)
    stages = list_stages(session, active_only=False)
    return move_item(
        session,
        actor,
        stages,
        stage,
        up=up,
        action="opportunity_stage.reorder",
        object_type=OBJECT_TYPE,
    )


def set_stage_active(
    session: Session, actor: Actor, stage_id: int, *, active: bool
) -> OpportunityStage:
    """Enable or disable a stage: a disabled stage is not offered any more, and
    opportunities already in it keep showing it. Raises PermissionDenied,
    NotFound, Conflict (the last won/lost/open stage)."""
    actor.require(ADMIN_SETTINGS)
    _lock_stages(session)
    stage = _stage(session, stage_id)
    if stage.is_active == active:
        return stage
    if problem := _set_problem(session, stage, outcome=stage.outcome, active=active):
        raise Conflict(problem)
    record_active(
        session,
        actor,
        stage,
        active=active,
        action_prefix="opportunity_stage",
        object_type=OBJECT_TYPE,
    )
    session.flush()
    return stage


def delete_stage(session: Session, actor: Actor, stage_id: int) -> None:
    """Delete a stage no opportunity (nor its history) uses. Raises
    PermissionDenied, NotFound, Conflict (in use, or the last won/lost/open)."""
    actor.require(ADMIN_SETTINGS)
    _lock_stages(session)
    stage = _stage(session, stage_id)
    if stage_in_use(session, stage.id):
        raise Conflict(STAGE_IN_USE)
    if stage.is_active and (
        problem := _set_problem(session, stage, outcome=stage.outcome, active=False)
    ):
        raise Conflict(problem)
    record_audit(
        session,
        actor,
        "opportunity_stage.delete",
        OBJECT_TYPE,
        stage.id,
        before=snapshot(stage),
    )
    session.delete(stage)
    session.flush()
    renumber(list_stages(session, active_only=False))
    session.flush()


# --- helpers --------------------------------------------------------------------


def _row(stage: OpportunityStage) -> dict[str, Any]:
    return {
        "id": stage.id,
        "code": stage.code,
        "name_en": stage.name_en,
        "name_zh": stage.name_zh,
        "probability": stage.probability,
        "outcome": stage.outcome,
        "sort_order": stage.sort_order,
        "is_active": stage.is_active,
    }


def _stage(session: Session, stage_id: int) -> OpportunityStage:
    stage = session.get(OpportunityStage, stage_id)
    if stage is None:
        raise NotFound()
    return stage


def _lock_stages(session: Session) -> None:
    """Serialise stage administration (PostgreSQL row locks): the "one active won
    and one lost stage" rule reads all stages before changing one."""
    session.execute(
        select(OpportunityStage.id).order_by(OpportunityStage.id).with_for_update()
    ).all()


def _set_problem(
    session: Session, stage: OpportunityStage, *, outcome: str, active: bool
) -> str | None:
    """What would break if `stage` had `outcome` and `active`: the count of
    active stages per outcome after the change must keep one won, one lost and
    at least one open stage."""
    counts = dict.fromkeys(STAGE_OUTCOMES, 0)
    for other in list_stages(session, active_only=True):
        if other.id != stage.id:
            counts[other.outcome] += 1
    if active:
        counts[outcome] += 1
    if counts["won"] != 1 or counts["lost"] != 1:
        return NEEDS_ONE_CLOSING_STAGE
    if counts["open"] < 1:
        return NEEDS_OPEN_STAGE
    return None


def _probability(value: object) -> tuple[int, str | None]:
    text = str(value).strip() if value is not None else ""
    if not text:
        return 0, N_("Enter the win probability (0 to 100).")
    if not (text.isascii() and text.isdigit()) or int(text) > 100:
        return 0, N_("Enter a whole number from 0 to 100.")
    return int(text), None


def _name_errors(
    session: Session, name_en: str, name_zh: str, *, except_id: int | None = None
) -> dict[str, str]:
    return label_errors(
        session,
        OpportunityStage,
        {"name_en": name_en, "name_zh": name_zh},
        taken=N_("Another stage has this name."),
        except_id=except_id,
    )


def _code_taken(session: Session, code: str) -> bool:
    return bool(session.scalar(select(exists().where(OpportunityStage.code == code))))


def _generate_code(session: Session, name_en: str) -> str:
    return generate_code(
        name_en,
        length=CODE_LENGTH,
        default="stage",
        taken=lambda code: _code_taken(session, code),
    )
