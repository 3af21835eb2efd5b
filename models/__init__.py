"""ORM models, one module per aggregate; importing this package registers them all."""

from models.audit import AuditLog
from models.base import Base
from models.contact import Contact
from models.customer import Customer, CustomerView
from models.dictionary import DictionaryEntry
from models.followup import FollowUp
from models.lead import Lead
from models.notification import Notification
from models.org import Role, Team, User
from models.pool import PoolClaimRequest, PoolEvent, PoolRules

__all__ = [
    "AuditLog",
    "Base",
    "Contact",
    "Customer",
    "CustomerView",
    "DictionaryEntry",
    "FollowUp",
    "Lead",
    "Notification",
    "PoolClaimRequest",
    "PoolEvent",
    "PoolRules",
    "Role",
    "Team",
    "User",
]
