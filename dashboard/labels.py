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
    "followup.create": N_("Follow-up logged"),
    "contact.create": N_("Contact added"),
    "contact.update": N_("Contact edited"),
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
