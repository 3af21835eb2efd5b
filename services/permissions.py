"""Permission codes and the seeded roles built from them."""

from __future__ import annotations

CUSTOMER_VIEW = "customer.view"
CUSTOMER_CREATE = "customer.create"
CUSTOMER_EDIT = "customer.edit"
CUSTOMER_DELETE = "customer.delete"
CUSTOMER_PURGE = "customer.purge"
CUSTOMER_TRANSFER = "customer.transfer"
CUSTOMER_EXPORT = "customer.export"
CUSTOMER_IMPORT = "customer.import"
CONTACT_CREATE = "contact.create"
CONTACT_EDIT = "contact.edit"
FOLLOWUP_CREATE = "followup.create"
POOL_CLAIM = "pool.claim"
POOL_ASSIGN = "pool.assign"
POOL_DIRECT_ASSIGN = "pool.direct_assign"
PRODUCT_MANAGE = "product.manage"
OPPORTUNITY_VIEW = "opportunity.view"
OPPORTUNITY_CREATE = "opportunity.create"
OPPORTUNITY_EDIT = "opportunity.edit"
OPPORTUNITY_DELETE = "opportunity.delete"
CONTRACT_VIEW = "contract.view"
CONTRACT_CREATE = "contract.create"
CONTRACT_EDIT = "contract.edit"
CONTRACT_VOID = "contract.void"
CONTRACT_APPROVE = "contract.approve"
PAYMENT_VIEW = "payment.view"
PAYMENT_CREATE = "payment.create"
PAYMENT_EDIT = "payment.edit"
PAYMENT_APPROVE = "payment.approve"
TARGET_MANAGE = "target.manage"
ADMIN_USERS = "admin.users"
ADMIN_SETTINGS = "admin.settings"
AUDIT_VIEW = "audit.view"
MESSAGING_MANAGE = "messaging.manage"
LEAD_VIEW = "lead.view"
LEAD_CREATE = "lead.create"
LEAD_EDIT = "lead.edit"
LEAD_DELETE = "lead.delete"
LEAD_CONVERT = "lead.convert"
LEAD_POOL_CLAIM = "lead_pool.claim"
LEAD_PERMISSIONS = (
    LEAD_VIEW,
    LEAD_CREATE,
    LEAD_EDIT,
    LEAD_DELETE,
    LEAD_CONVERT,
    LEAD_POOL_CLAIM,
)

ALL_PERMISSIONS = (
    CUSTOMER_VIEW,
    CUSTOMER_CREATE,
    CUSTOMER_EDIT,
    CUSTOMER_DELETE,
    CUSTOMER_PURGE,
    CUSTOMER_TRANSFER,
    CUSTOMER_EXPORT,
    CUSTOMER_IMPORT,
    CONTACT_CREATE,
    CONTACT_EDIT,
    FOLLOWUP_CREATE,
    POOL_CLAIM,
    POOL_ASSIGN,
    POOL_DIRECT_ASSIGN,
    PRODUCT_MANAGE,
    OPPORTUNITY_VIEW,
    OPPORTUNITY_CREATE,
    OPPORTUNITY_EDIT,
    OPPORTUNITY_DELETE,
    CONTRACT_VIEW,
    CONTRACT_CREATE,
    CONTRACT_EDIT,
    CONTRACT_VOID,
    CONTRACT_APPROVE,
    PAYMENT_VIEW,
    PAYMENT_CREATE,
    PAYMENT_EDIT,
    PAYMENT_APPROVE,
    TARGET_MANAGE,
    ADMIN_USERS,
    ADMIN_SETTINGS,
    AUDIT_VIEW,
    MESSAGING_MANAGE,
    *LEAD_PERMISSIONS,
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
    *LEAD_PERMISSIONS,
    # Exports stay within the data scope: a rep exports only their own customers.
    CUSTOMER_EXPORT,
    CUSTOMER_IMPORT,
    OPPORTUNITY_VIEW,
    OPPORTUNITY_CREATE,
    OPPORTUNITY_EDIT,
    OPPORTUNITY_DELETE,
    CONTRACT_VIEW,
    CONTRACT_CREATE,
    CONTRACT_EDIT,
    PAYMENT_VIEW,
    PAYMENT_CREATE,
    PAYMENT_EDIT,
)

# code: (English name, Chinese name, permissions, data scope)
SEEDED_ROLES: dict[str, tuple[str, str, tuple[str, ...], str]] = {
    "admin": ("Administrator", "系统管理员", ALL_PERMISSIONS, "all"),
    "executive": (
        "Executive",
        "高管",
        (
            CUSTOMER_VIEW,
            FOLLOWUP_CREATE,
            OPPORTUNITY_VIEW,
            CONTRACT_VIEW,
            CONTRACT_APPROVE,
            PAYMENT_VIEW,
            PAYMENT_APPROVE,
            AUDIT_VIEW,
            CUSTOMER_EXPORT,
        ),
        "all",
    ),
    "leader": (
        "Sales leader",
        "销售组长",
        (
            *_REP,
            POOL_ASSIGN,
            CUSTOMER_TRANSFER,
            CONTRACT_APPROVE,
            CONTRACT_VOID,
            TARGET_MANAGE,
        ),
        "team",
    ),
    "rep": ("Sales rep", "销售代表", _REP, "own"),
    "finance": (
        "Finance",
        "财务",
        (
            CUSTOMER_VIEW,
            CONTRACT_VIEW,
            PAYMENT_VIEW,
            PAYMENT_CREATE,
            PAYMENT_EDIT,
            PAYMENT_APPROVE,
        ),
        "all",
    ),
}
