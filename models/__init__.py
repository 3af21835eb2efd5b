"""ORM models, one module per aggregate; importing this package registers them all
(and the trigger-kept rollups, models/tally.py)."""

from models.activity_tally import ActivityTally
from models.appearance import AppearanceSettings
from models.approval import (
    ApprovalAction,
    ApprovalFlow,
    ApprovalFlowStep,
    ApprovalRequest,
    ApprovalStep,
    ApprovalStepApprover,
)
from models.approval_cycle_tally import ApprovalCycleTally
from models.audit import AuditLog
from models.base import Base
from models.contact import Contact
from models.contract import (
    Contract,
    ContractLine,
    NumberPattern,
    NumberSequence,
    Payment,
    PaymentInstallment,
)
from models.contract_tally import ContractTally
from models.custom_field import CustomField
from models.customer import Customer, CustomerView
from models.customer_field_tally import CustomerFieldTally
from models.customer_tally import CustomerTally
from models.customer_touch_tally import CustomerTouchTally
from models.deal_tally import DealTally
from models.dictionary import DictionaryEntry
from models.due_tally import CustomerDueTally, InstallmentDueTally
from models.followup import FollowUp
from models.followup_tally import FollowUpTally
from models.funnel_tally import FunnelPathTally, FunnelStayTally
from models.installment_collected import INSTALLMENT_COLLECTED
from models.installment_contract import INSTALLMENT_CONTRACT
from models.lead import Lead
from models.messaging import MessageTemplate, MessagingSettings, OutboundMessage
from models.move_opportunity import MOVE_OPPORTUNITY
from models.notification import Notification
from models.opportunity import (
    Opportunity,
    OpportunityContact,
    OpportunityLine,
    OpportunityStage,
    OpportunityStageChange,
)
from models.opportunity_tally import OpportunityTally
from models.opportunity_visits import OPPORTUNITY_VISITS
from models.org import Role, Team, User
from models.payment_contract import PAYMENT_CONTRACT
from models.pool import PoolClaimRequest, PoolEvent, PoolRules
from models.product import Product, ProductAttribute, ProductCategory
from models.request_submitter import APPROVER_SUBMITTER, STEP_SUBMITTER
from models.step_request import STEP_REQUEST
from models.substring_index import CUSTOMER_NAME_INDEX
from models.tally_clock import TallyClock
from models.target import PerformanceTarget

__all__ = [
    "APPROVER_SUBMITTER",
    "ApprovalCycleTally",
    "ActivityTally",
    "AppearanceSettings",
    "ApprovalAction",
    "ApprovalFlow",
    "ApprovalFlowStep",
    "ApprovalRequest",
    "ApprovalStep",
    "ApprovalStepApprover",
    "AuditLog",
    "Base",
    "Contact",
    "Contract",
    "ContractLine",
    "ContractTally",
    "CustomField",
    "Customer",
    "CUSTOMER_NAME_INDEX",
    "CustomerFieldTally",
    "CustomerTally",
    "CustomerDueTally",
    "CustomerTouchTally",
    "DealTally",
    "CustomerView",
    "DictionaryEntry",
    "FollowUp",
    "FollowUpTally",
    "FunnelPathTally",
    "FunnelStayTally",
    "INSTALLMENT_COLLECTED",
    "INSTALLMENT_CONTRACT",
    "InstallmentDueTally",
    "Lead",
    "MessageTemplate",
    "MessagingSettings",
    "Notification",
    "NumberPattern",
    "NumberSequence",
    "Opportunity",
    "OpportunityContact",
    "OpportunityLine",
    "OpportunityStage",
    "OpportunityStageChange",
    "MOVE_OPPORTUNITY",
    "OPPORTUNITY_VISITS",
    "OpportunityTally",
    "PAYMENT_CONTRACT",
    "OutboundMessage",
    "Payment",
    "PaymentInstallment",
    "PerformanceTarget",
    "TallyClock",
    "PoolClaimRequest",
    "PoolEvent",
    "PoolRules",
    "STEP_REQUEST",
    "STEP_SUBMITTER",
    "Product",
    "ProductAttribute",
    "ProductCategory",
    "Role",
    "Team",
    "User",
]
