"""English msgids for stored codes (stages, audit actions, field names)."""

from services.msgid import N_

STAGE_LABELS = {
    "all": N_("All"),
    "potential": N_("Potential"),
    "intention": N_("Intention"),
    "cooperating": N_("Cooperating"),
    "dormant": N_("Dormant"),
}
STAGES = ("potential", "intention", "cooperating", "dormant")
SORT_LABELS = {
    "updated": N_("Recently modified"),
    "created": N_("Recently created"),
    "viewed": N_("Recently viewed"),
    "last_followup": N_("Last follow-up"),
    "next_followup": N_("Next follow-up"),
    "name": N_("Name"),
}
ACTION_LABELS = {
    "customer.create": N_("Created"),
    "customer.update": N_("Edited"),
    "customer.delete": N_("Moved to the recycle bin"),
    "customer.restore": N_("Restored"),
    "customer.purge": N_("Purged"),
    "customer.transfer": N_("Transferred"),
    "followup.create": N_("Follow-up logged"),
    "contact.create": N_("Contact added"),
    "contact.update": N_("Contact edited"),
    "customer.release": N_("Released to the public pool"),
    "customer.claim": N_("Claimed from the public pool"),
    "customer.pool_assign": N_("Assigned from the public pool"),
    "customer.pool_request": N_("Requested from the public pool (review)"),
    "customer.pool_approve": N_("Pool request approved"),
    "customer.pool_reject": N_("Pool request rejected"),
    "customer.assign": N_("Assigned to another member"),
    "customer.extend_deadline": N_("Pool deadline extended"),
    "customer.auto_no_followup": N_("Returned to the pool: no follow-up in time"),
    "customer.auto_unsigned": N_("Returned to the pool: not signed in time"),
    "customer.auto_dormant": N_("Returned to the pool: dormant too long"),
    "lead.create": N_("Lead created"),
    "lead.update": N_("Lead edited"),
    "lead.delete": N_("Lead deleted"),
    "lead.release": N_("Released to the lead pool"),
    "lead.claim": N_("Claimed from the lead pool"),
    "lead.convert": N_("Converted to a customer"),
}
FIELD_LABELS = {
    "name": N_("Name"),
    "mobile": N_("Mobile"),
    "phone": N_("Phone"),
    "email": N_("Email"),
    "source": N_("Source"),
    "industry": N_("Industry"),
    "level": N_("Level"),
    "stage": N_("Stage"),
    "province": N_("Province"),
    "city": N_("City"),
    "district": N_("District"),
    "address": N_("Address"),
    "owner_id": N_("Owner"),
    "next_followup_at": N_("Next follow-up"),
    "last_followup_at": N_("Last follow-up"),
    "tags": N_("Tags"),
    "remark": N_("Remark"),
    "customer_id": N_("Customer"),
    "title": N_("Title"),
    "is_primary": N_("Primary contact"),
    "birthday": N_("Birthday"),
    "followup_type": N_("Type"),
    "content": N_("Content"),
    "occurred_at": N_("Time"),
    "contact_id": N_("Contact"),
    "deleted": N_("Deleted"),
    "selection": N_("Selection"),
}

LEAD_STATUS_LABELS = {
    "all": N_("All"),
    "new": N_("New"),
    "contacted": N_("Contacted"),
    "qualified": N_("Qualified"),
    "unqualified": N_("Unqualified"),
    "converted": N_("Converted"),
}
LEAD_FIELD_LABELS = {
    **FIELD_LABELS,
    "name": N_("Name"),
    "company": N_("Company"),
    "status": N_("Status"),
    "last_owner_id": N_("Last owner"),
    "converted_customer_id": N_("Customer"),
    "opportunity_name": N_("Opportunity"),
    "opportunity_amount": N_("Amount"),
}

# Permission codes → msgids for the role editor. Codes missing here still show
# (under their code) so new permissions appear without an edit.
PERMISSION_LABELS = {
    "customer.view": N_("View customers"),
    "customer.create": N_("Create customers"),
    "customer.edit": N_("Edit customers"),
    "customer.delete": N_("Delete customers (recycle bin)"),
    "customer.purge": N_("Purge customers for good"),
    "customer.transfer": N_("Transfer customers"),
    "customer.export": N_("Export customers"),
    "customer.import": N_("Import customers"),
    "contact.create": N_("Add contacts"),
    "contact.edit": N_("Edit contacts"),
    "followup.create": N_("Log follow-ups"),
    "pool.claim": N_("Claim from the public pool"),
    "pool.assign": N_("Assign pool customers"),
    "pool.direct_assign": N_("Assign pool customers without approval"),
    "lead.view": N_("View leads"),
    "lead.create": N_("Create leads"),
    "lead.edit": N_("Edit leads"),
    "lead.delete": N_("Delete leads"),
    "lead.convert": N_("Convert leads to customers"),
    "lead_pool.claim": N_("Claim from the lead pool"),
    "product.manage": N_("Manage products"),
    "opportunity.view": N_("View opportunities"),
    "opportunity.create": N_("Create opportunities"),
    "opportunity.edit": N_("Edit opportunities"),
    "opportunity.delete": N_("Delete opportunities"),
    "contract.view": N_("View contracts"),
    "contract.create": N_("Create contracts"),
    "contract.edit": N_("Edit and submit contracts"),
    "contract.void": N_("Void contracts"),
    "contract.approve": N_("Approve contracts"),
    "payment.view": N_("View payments"),
    "payment.create": N_("Record payments"),
    "payment.edit": N_("Edit and submit payments"),
    "payment.approve": N_("Approve payments"),
    "target.manage": N_("Set performance targets"),
    "admin.users": N_("Manage users, teams and roles"),
    "admin.settings": N_("Manage system settings"),
    "audit.view": N_("View the operation log"),
}
# (group key, msgid, code prefixes before the first "."); the rest go to "other".
PERMISSION_GROUPS = (
    ("customers", N_("Customers"), ("customer",)),
    ("contacts", N_("Contacts"), ("contact",)),
    ("followups", N_("Follow-ups"), ("followup",)),
    ("pool", N_("Public pool"), ("pool",)),
    ("leads", N_("Leads"), ("lead", "lead_pool")),
    ("products", N_("Products"), ("product",)),
    ("opportunities", N_("Opportunities"), ("opportunity",)),
    ("contracts", N_("Contracts and payments"), ("contract", "payment")),
    ("analytics", N_("Performance"), ("target",)),
    ("admin", N_("Administration"), ("admin", "audit", "messaging")),
)
OTHER_PERMISSION_GROUP = ("other", N_("Other"))
DATA_SCOPE_LABELS = {
    "own": N_("Own records only"),
    "team": N_("Own team and its sub-teams"),
    "all": N_("Everyone"),
}

# Administration: dictionaries and the operation log.
ACTION_LABELS.update(
    {
        "dictionary.create": N_("Dictionary entry added"),
        "dictionary.update": N_("Dictionary entry edited"),
        "dictionary.reorder": N_("Dictionary entry moved"),
        "dictionary.disable": N_("Dictionary entry disabled"),
        "dictionary.enable": N_("Dictionary entry enabled"),
        "dictionary.delete": N_("Dictionary entry deleted"),
    }
)
FIELD_LABELS.update(
    {
        "kind": N_("List"),
        "code": N_("Code"),
        "label_en": N_("English label"),
        "label_zh": N_("Chinese label"),
        "sort_order": N_("Sort order"),
        "is_active": N_("Active"),
    }
)
# Dictionary kinds (models.dictionary.DICTIONARY_KINDS); a kind missing here shows
# under its code, so a new kind appears on the admin page without an edit.
DICTIONARY_KIND_LABELS = {
    "customer_source": N_("Customer sources"),
    "industry": N_("Industries"),
    "customer_level": N_("Customer levels"),
    "followup_type": N_("Follow-up types"),
    "opportunity_stage": N_("Opportunity stages"),
    "lost_reason": N_("Lost reasons"),
    "payment_method": N_("Payment methods"),
    "product_unit": N_("Units"),
}
# audit_log.object_type → msgid for the operation log filter and grid.
OBJECT_TYPE_LABELS = {
    "customer": N_("Customer"),
    "contact": N_("Contact"),
    "lead": N_("Lead"),
    "user": N_("User"),
    "team": N_("Team"),
    "role": N_("Role"),
    "pool_rules": N_("Pool rules"),
    "dictionary_entry": N_("Dictionary entry"),
}

# Products (issue 4).
PRODUCT_SORT_LABELS = {
    "updated": N_("Recently modified"),
    "created": N_("Recently created"),
    "name": N_("Name"),
    "code": N_("Code"),
    "price": N_("Price"),
}
ATTRIBUTE_TYPE_LABELS = {
    "text": N_("Text"),
    "number": N_("Number"),
    "single": N_("Single choice"),
    "multi": N_("Multiple choice"),
}
ACTION_LABELS |= {
    "product.create": N_("Product created"),
    "product.update": N_("Product edited"),
    "product.delete": N_("Product deleted"),
    "product.on_sale": N_("Put on sale"),
    "product.off_sale": N_("Taken off sale"),
    "product_category.create": N_("Category created"),
    "product_category.update": N_("Category edited"),
    "product_category.delete": N_("Category deleted"),
    "product_category.attribute_create": N_("Attribute added"),
    "product_category.attribute_update": N_("Attribute edited"),
    "product_category.attribute_delete": N_("Attribute removed"),
}
OBJECT_TYPE_LABELS |= {
    "product": N_("Product"),
    "product_category": N_("Product category"),
}

# Payments and payment plans.
PAYMENT_STATUS_LABELS = {
    "all": N_("All"),
    "draft": N_("Draft"),
    "pending": N_("Pending approval"),
    "approved": N_("Approved"),
    "rejected": N_("Rejected"),
    "voided": N_("Voided"),
}
INSTALLMENT_STATE_LABELS = {
    "paid": N_("Paid"),
    "partly_paid": N_("Partly paid"),
    "due_today": N_("Due today"),
    "overdue": N_("Overdue"),
    "upcoming": N_("Upcoming"),
}
INSTALLMENT_DUE_LABELS = {
    "overdue": N_("Overdue"),
    "today": N_("Due today"),
    "upcoming": N_("Next 30 days"),
    "all": N_("All installments"),
}
PAYMENT_SORT_LABELS = {
    "paid_on": N_("Payment date"),
    "amount": N_("Amount"),
    "number": N_("Number"),
    "created": N_("Recently created"),
    "updated": N_("Recently modified"),
}
ACTION_LABELS.update(
    {
        "payment.create": N_("Payment recorded"),
        "payment.update": N_("Payment edited"),
        "payment.void": N_("Payment voided"),
        "payment.submit": N_("Submitted for approval"),
        "payment.approve": N_("Approved"),
        "payment.reject": N_("Rejected"),
        "payment.withdraw": N_("Withdrawn"),
        "installment.create": N_("Installment added"),
        "installment.update": N_("Installment edited"),
        "installment.delete": N_("Installment deleted"),
        "contract.payment_approved": N_("Payment approved: paid amount updated"),
    }
)
FIELD_LABELS.update(
    {
        "number": N_("Number"),
        "amount": N_("Amount"),
        "paid_on": N_("Payment date"),
        "method": N_("Payment method"),
        "installment_id": N_("Installment"),
        "contract_id": N_("Contract"),
        "status": N_("Status"),
        "due_date": N_("Due date"),
        "sequence": N_("Installment no."),
        "paid_amount": N_("Paid amount"),
        "payment": N_("Payment"),
    }
)
OBJECT_TYPE_LABELS.setdefault("payment", N_("Payment"))

# models.target.TARGET_METRICS → msgid.
TARGET_METRIC_LABELS = {
    "contract_amount": N_("Contract amount"),
    "payment_amount": N_("Payment amount"),
    "new_customers": N_("New customers"),
}

# Opportunities (issue 4).
OPPORTUNITY_STATUS_LABELS = {
    "all": N_("All"),
    "open": N_("Open"),
    "won": N_("Won"),
    "lost": N_("Lost"),
}
# models.opportunity.STAGE_OUTCOMES → msgid (the stages admin page).
STAGE_OUTCOME_LABELS = {
    "open": N_("Open (in progress)"),
    "won": N_("Won"),
    "lost": N_("Lost"),
}
OPPORTUNITY_SORT_LABELS = {
    "updated": N_("Recently modified"),
    "created": N_("Recently created"),
    "expected_close": N_("Expected close date"),
    "amount": N_("Amount"),
}
ACTION_LABELS.update(
    {
        "opportunity.create": N_("Opportunity created"),
        "opportunity.update": N_("Opportunity edited"),
        "opportunity.stage": N_("Stage changed"),
        "opportunity.win": N_("Won"),
        "opportunity.lose": N_("Lost"),
        "opportunity.reopen": N_("Reopened"),
        "opportunity.delete": N_("Opportunity deleted"),
        "opportunity.transfer": N_("Transferred with its customer"),
        "opportunity_stage.create": N_("Stage added"),
        "opportunity_stage.update": N_("Stage edited"),
        "opportunity_stage.reorder": N_("Stage moved"),
        "opportunity_stage.disable": N_("Stage disabled"),
        "opportunity_stage.enable": N_("Stage enabled"),
        "opportunity_stage.delete": N_("Stage deleted"),
    }
)
FIELD_LABELS.update(
    {
        "expected_close_date": N_("Expected close date"),
        "stage_id": N_("Stage"),
        "close_reason": N_("Reason"),
        "closed_at": N_("Closed"),
        "contact_ids": N_("Contacts"),
        "lines": N_("Product lines"),
        "probability": N_("Win probability"),
        "outcome": N_("Outcome"),
        "name_en": N_("English name"),
        "name_zh": N_("Chinese name"),
        "opportunity_id": N_("Opportunity"),
    }
)
OBJECT_TYPE_LABELS.setdefault("opportunity", N_("Opportunity"))
OBJECT_TYPE_LABELS.setdefault("opportunity_stage", N_("Opportunity stage"))

# Contracts and numbering (issue 4).
CONTRACT_STATUS_LABELS = {
    "all": N_("All"),
    "draft": N_("Draft"),
    "pending": N_("Pending approval"),
    "approved": N_("Approved"),
    "rejected": N_("Rejected"),
    "voided": N_("Voided"),
}
CONTRACT_SORT_LABELS = {
    "updated": N_("Recently modified"),
    "sign_date": N_("Signing date"),
    "amount": N_("Amount"),
    "end_date": N_("End date"),
}
ACTION_LABELS.update(
    {
        "contract.create": N_("Contract created"),
        "contract.update": N_("Contract edited"),
        "contract.delete": N_("Contract deleted"),
        "contract.void": N_("Contract voided"),
        "contract.submit": N_("Submitted for approval"),
        "contract.approve": N_("Approved"),
        "contract.reject": N_("Rejected"),
        "contract.withdraw": N_("Withdrawn"),
        "contract.transfer": N_("Transferred with its customer"),
        "customer.signed": N_("Became cooperating: contract approved"),
        "numbering.update": N_("Number pattern changed"),
    }
)
FIELD_LABELS.update(
    {
        "sign_date": N_("Signing date"),
        "start_date": N_("Start date"),
        "end_date": N_("End date"),
        "customer_signer_id": N_("Customer signer"),
        "our_signer_id": N_("Our signer"),
        "void_reason": N_("Void reason"),
        "pattern": N_("Pattern"),
        "object_type": N_("Record type"),
    }
)
OBJECT_TYPE_LABELS.setdefault("contract", N_("Contract"))
OBJECT_TYPE_LABELS.setdefault("number_pattern", N_("Number pattern"))

# Approval engine and approval flow administration (issue 4).
APPROVAL_OBJECT_STATUS_LABELS = {
    "draft": N_("Draft"),
    "pending": N_("Pending approval"),
    "approved": N_("Approved"),
    "rejected": N_("Rejected"),
    "voided": N_("Voided"),
}
APPROVAL_REQUEST_STATUS_LABELS = {
    "pending": N_("Pending approval"),
    "approved": N_("Approved"),
    "rejected": N_("Rejected"),
    "withdrawn": N_("Withdrawn"),
}
APPROVAL_STEP_STATUS_LABELS = {
    "waiting": N_("Waiting"),
    "active": N_("In progress"),
    "approved": N_("Approved"),
    "rejected": N_("Rejected"),
    "cancelled": N_("Cancelled"),
}
APPROVAL_LOG_ACTION_LABELS = {
    "submit": N_("Submitted"),
    "approve": N_("Approved"),
    "reject": N_("Rejected"),
    "withdraw": N_("Withdrawn"),
}
APPROVAL_OBJECT_TYPE_LABELS = {
    "contract": N_("Contracts"),
    "payment": N_("Payments"),
}
FLOW_MODE_LABELS = {
    "fixed": N_("Fixed steps"),
    "free": N_("Free (submitter picks approvers)"),
}
STEP_MODE_LABELS = {
    "any": N_("Any one approves"),
    "all": N_("All must approve"),
}
APPROVER_KIND_LABELS = {
    "user": N_("A user"),
    "role": N_("Everyone with a role"),
    "supervisor": N_("The submitter's supervisor"),
}
# Notification kinds sent by services.approvals (params: title, submitter, actor,
# reason); merged into the notification texts.
APPROVAL_NOTIFICATION_TEXTS = {
    "approval_requested": N_("{submitter} asks for your approval: {title}"),
    "approval_approved": N_("{actor} gave the final approval: {title}"),
    "approval_rejected": N_("{actor} rejected {title}: {reason}"),
}
ACTION_LABELS.update(
    {
        "approval_flow.create": N_("Approval flow created"),
        "approval_flow.update": N_("Approval flow edited"),
        "approval_flow.activate": N_("Approval flow activated"),
        "approval_flow.deactivate": N_("Approval flow deactivated"),
    }
)
OBJECT_TYPE_LABELS.setdefault("approval_flow", N_("Approval flow"))

# The home page's target-vs-actual toggles.
GRAIN_LABELS = {
    "month": N_("Month"),
    "quarter": N_("Quarter"),
    "year": N_("Year"),
}
TARGET_METRIC_LABELS_SHORT = {
    "contract_amount": N_("Contracts"),
    "payment_amount": N_("Payments"),
}
# The home page's month cards, per metric.
MONTH_KPI_LABELS = {
    "contract_amount": N_("Contracts signed this month"),
    "payment_amount": N_("Payments collected this month"),
    "new_customers": N_("New customers this month"),
    "followups": N_("Follow-ups this month"),
}

# Custom fields (administration, forms, lists, operation log).
CUSTOM_FIELD_ENTITY_LABELS = {
    "customer": N_("Customers"),
    "contact": N_("Contacts"),
    "lead": N_("Leads"),
    "opportunity": N_("Opportunities"),
}
CUSTOM_FIELD_TYPE_LABELS = {
    "text": N_("Text"),
    "number": N_("Number"),
    "date": N_("Date"),
    "single": N_("Single choice"),
    "multi": N_("Multiple choice"),
}
ACTION_LABELS |= {
    "custom_field.create": N_("Custom field added"),
    "custom_field.update": N_("Custom field edited"),
    "custom_field.reorder": N_("Custom field moved"),
    "custom_field.disable": N_("Custom field disabled"),
    "custom_field.enable": N_("Custom field enabled"),
    "custom_field.delete": N_("Custom field deleted"),
}
OBJECT_TYPE_LABELS.setdefault("custom_field", N_("Custom field"))
FIELD_LABELS |= {
    "entity": N_("Record type"),
    "field_type": N_("Type"),
    "options": N_("Options"),
    "required": N_("Required"),
}

# Messaging: templates, settings and each message sent.
PERMISSION_LABELS["messaging.manage"] = N_("Manage message templates and settings")
ACTION_LABELS |= {
    "message.sent": N_("Message sent"),
    "message.failed": N_("Message failed"),
    "message.logged": N_("Message logged (not delivered)"),
    "message_template.create": N_("Message template added"),
    "message_template.update": N_("Message template edited"),
    "message_template.enable": N_("Message template enabled"),
    "message_template.disable": N_("Message template disabled"),
    "messaging_settings.update": N_("Messaging settings changed"),
    "messaging_settings.test_email": N_("Test email sent"),
}
OBJECT_TYPE_LABELS |= {
    "message_template": N_("Message template"),
    "messaging_settings": N_("Messaging settings"),
}
