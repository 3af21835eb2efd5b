"""Permission codes and the seeded roles built from them."""

from __future__ import annotations

CUSTOMER_VIEW = "customer.view"
CUSTOMER_CREATE = "customer.create"
CUSTOMER_EDIT = "customer.edit"
CUSTOMER_DELETE = "customer.delete"
CUSTOMER_PURGE = "customer.purge"
CONTACT_CREATE = "contact.create"
CONTACT_EDIT = "contact.edit"
FOLLOWUP_CREATE = "followup.create"
POOL_CLAIM = "pool.claim"
POOL_ASSIGN = "pool.assign"
POOL_DIRECT_ASSIGN = "pool.direct_assign"
CONTRACT_APPROVE = "contract.approve"
PAYMENT_APPROVE = "payment.approve"
ADMIN_USERS = "admin.users"
ADMIN_SETTINGS = "admin.settings"
AUDIT_VIEW = "audit.view"

ALL_PERMISSIONS = (
    CUSTOMER_VIEW,
    CUSTOMER_CREATE,
    CUSTOMER_EDIT,
    CUSTOMER_DELETE,
    CUSTOMER_PURGE,
    CONTACT_CREATE,
    CONTACT_EDIT,
    FOLLOWUP_CREATE,
    POOL_CLAIM,
    POOL_ASSIGN,
    POOL_DIRECT_ASSIGN,
    CONTRACT_APPROVE,
    PAYMENT_APPROVE,
    ADMIN_USERS,
    ADMIN_SETTINGS,
    AUDIT_VIEW,
)

_REP = (
    CUSTOMER_VIEW,
    CUSTOMER_CREATE,
    CUSTOMER_EDIT,
    CUSTOMER_DELETE,
    CONTACT_CREATE,
    CONTACT_EDIT,
    FOLLOWUP_CREATE,
    POOL_CLAIM,
)

# code: (English name, Chinese name, permissions, data scope)
SEEDED_ROLES: dict[str, tuple[str, str, tuple[str, ...], str]] = {
    "admin": ("Administrator", "系统管理员", ALL_PERMISSIONS, "all"),
    "executive": (
        "Executive",
        "高管",
        (CUSTOMER_VIEW, FOLLOWUP_CREATE, CONTRACT_APPROVE, PAYMENT_APPROVE, AUDIT_VIEW),
        "all",
    ),
    "leader": (
        "Sales leader",
        "销售组长",
        (*_REP, POOL_ASSIGN, CONTRACT_APPROVE),
        "team",
    ),
    "rep": ("Sales rep", "销售代表", _REP, "own"),
    "finance": ("Finance", "财务", (CUSTOMER_VIEW, PAYMENT_APPROVE), "all"),
}
