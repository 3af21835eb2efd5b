"""Reference data every installation starts with: opportunity stages, units and
payment methods, number patterns and default approval flows. Each part is added
only where nothing of its kind exists yet, so admin edits are never overwritten;
the email and SMS follow-up types that sent messages are logged as are added
whenever they are missing."""

from __future__ import annotations

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from models import (
    ApprovalFlow,
    ApprovalFlowStep,
    DictionaryEntry,
    NumberPattern,
    OpportunityStage,
    Role,
)

# code, English, Chinese, win probability %, outcome (SPEC §6 defaults)
DEFAULT_STAGES = (
    ("initial_contact", "Initial contact", "初步接洽", 10, "open"),
    ("needs_confirmed", "Needs confirmed", "需求确认", 30, "open"),
    ("proposal", "Proposal / quote", "方案报价", 60, "open"),
    ("negotiation", "Negotiation / review", "谈判审核", 80, "open"),
    ("won", "Won", "赢单", 100, "won"),
    ("lost", "Lost", "输单", 0, "lost"),
)
DEFAULT_DICTIONARIES = {
    "product_unit": (
        ("piece", "Piece", "个"),
        ("set", "Set", "套"),
        ("box", "Box", "箱"),
        ("license", "License", "许可"),
        ("year", "Year", "年"),
        ("hour", "Hour", "小时"),
    ),
    "payment_method": (
        ("bank_transfer", "Bank transfer", "银行转账"),
        ("cash", "Cash", "现金"),
        ("cheque", "Cheque", "支票"),
        ("acceptance_bill", "Bank acceptance bill", "承兑汇票"),
        ("alipay", "Alipay", "支付宝"),
        ("wechat_pay", "WeChat Pay", "微信支付"),
    ),
}
# Follow-up types that sending a message logs (services/messaging.py): added
# one by one when missing, whatever other follow-up types exist.
MESSAGE_FOLLOWUP_TYPES = (
    ("email", "Email", "邮件"),
    ("sms", "SMS", "短信"),
)
DEFAULT_NUMBER_PATTERNS = {
    "contract": "HT{yyyy}{mm}{dd}-{seq:4}",
    "payment": "HK{yyyy}{mm}{dd}-{seq:4}",
}


def ensure_reference_data(session: Session) -> None:
    """Add whatever reference data is missing (idempotent)."""
    _ensure_stages(session)
    _ensure_dictionaries(session)
    _ensure_message_followup_types(session)
    _ensure_number_patterns(session)
    _ensure_approval_flows(session)
    session.flush()


def _ensure_stages(session: Session) -> None:
    if session.scalar(select(exists().select_from(OpportunityStage))):
        return
    for order, (code, name_en, name_zh, probability, outcome) in enumerate(
        DEFAULT_STAGES
    ):
        session.add(
            OpportunityStage(
                code=code,
                name_en=name_en,
                name_zh=name_zh,
                probability=probability,
                outcome=outcome,
                sort_order=order,
            )
        )


def _ensure_dictionaries(session: Session) -> None:
    for kind, entries in DEFAULT_DICTIONARIES.items():
        if session.scalar(select(exists().where(DictionaryEntry.kind == kind))):
            continue
        for order, (code, label_en, label_zh) in enumerate(entries):
            session.add(
                DictionaryEntry(
                    kind=kind,
                    code=code,
                    label_en=label_en,
                    label_zh=label_zh,
                    sort_order=order,
                )
            )


def _ensure_message_followup_types(session: Session) -> None:
    existing = set(
        session.scalars(
            select(DictionaryEntry.code).where(DictionaryEntry.kind == "followup_type")
        )
    )
    last = session.scalar(
        select(func.max(DictionaryEntry.sort_order)).where(
            DictionaryEntry.kind == "followup_type"
        )
    )
    order = -1 if last is None else last
    for code, label_en, label_zh in MESSAGE_FOLLOWUP_TYPES:
        if code in existing:
            continue
        order += 1
        session.add(
            DictionaryEntry(
                kind="followup_type",
                code=code,
                label_en=label_en,
                label_zh=label_zh,
                sort_order=order,
            )
        )


def _ensure_number_patterns(session: Session) -> None:
    for object_type, pattern in DEFAULT_NUMBER_PATTERNS.items():
        if session.get(NumberPattern, object_type) is None:
            session.add(NumberPattern(object_type=object_type, pattern=pattern))


def _ensure_approval_flows(session: Session) -> None:
    """Contracts: the submitter's supervisor, then any executive. Payments: any
    member of finance. Skipped per object type once any flow exists for it."""
    roles = dict(session.execute(select(Role.code, Role.id)).all())
    defaults = {
        "contract": (
            "Contract approval",
            (("supervisor", None), ("role", roles.get("executive"))),
        ),
        "payment": ("Payment approval", (("role", roles.get("finance")),)),
    }
    for object_type, (name, steps) in defaults.items():
        if session.scalar(
            select(exists().where(ApprovalFlow.object_type == object_type))
        ):
            continue
        if any(kind == "role" and role_id is None for kind, role_id in steps):
            continue  # roles not seeded yet: init-db seeds roles first
        flow = ApprovalFlow(object_type=object_type, name=name, mode="fixed")
        session.add(flow)
        session.flush()
        for position, (kind, role_id) in enumerate(steps, start=1):
            session.add(
                ApprovalFlowStep(
                    flow_id=flow.id,
                    position=position,
                    approver_kind=kind,
                    approver_role_id=role_id,
                    mode="any",
                )
            )
