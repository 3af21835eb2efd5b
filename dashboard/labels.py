"""English msgids for stored codes (stages, audit actions, field names)."""

STAGE_LABELS = {
    "all": "All",
    "potential": "Potential",
    "intention": "Intention",
    "cooperating": "Cooperating",
    "dormant": "Dormant",
}
STAGES = ("potential", "intention", "cooperating", "dormant")
SORT_LABELS = {
    "updated": "Recently modified",
    "created": "Recently created",
    "viewed": "Recently viewed",
    "last_followup": "Last follow-up",
    "next_followup": "Next follow-up",
    "name": "Name",
}
ACTION_LABELS = {
    "customer.create": "Created",
    "customer.update": "Edited",
    "customer.delete": "Moved to the recycle bin",
    "customer.restore": "Restored",
    "customer.purge": "Purged",
    "followup.create": "Follow-up logged",
}
FIELD_LABELS = {
    "name": "Name",
    "mobile": "Mobile",
    "phone": "Phone",
    "email": "Email",
    "source": "Source",
    "industry": "Industry",
    "level": "Level",
    "stage": "Stage",
    "province": "Province",
    "city": "City",
    "district": "District",
    "address": "Address",
    "owner_id": "Owner",
    "next_followup_at": "Next follow-up",
    "last_followup_at": "Last follow-up",
    "tags": "Tags",
    "remark": "Remark",
    "customer_id": "Customer",
    "title": "Title",
    "is_primary": "Primary contact",
    "birthday": "Birthday",
    "followup_type": "Type",
    "content": "Content",
    "occurred_at": "Time",
    "contact_id": "Contact",
    "deleted": "Deleted",
    "selection": "Selection",
}
