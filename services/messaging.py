"""Sending an email or SMS from a customer, contact, lead or opportunity: what
the send dialog offers, the preview rendered with the record, and the send.

One user action is one transaction, in this order:
1. check everything (scope, recipient, text, variables, settings) and raise
   ValidationFailed/… before anything is written or sent;
2. record the follow-up (type email/sms, the rendered text) and its
   OutboundMessage with status "sending", and flush;
3. hand the message to SMTP or the SMS provider;
4. store the outcome: "sent", "logged" (log-only SMS) or "failed" with the
   error, which is also appended to the follow-up's text, logged and audited.
A transport failure does not raise: the transaction commits and the failed
follow-up stays on the timeline. Recording first means a database problem stops
the action before anything leaves; the one gap left is a commit failing after
the server accepted the message (it was sent but not recorded)."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import (
    Contact,
    Customer,
    FollowUp,
    Lead,
    Opportunity,
    OpportunityStage,
    OutboundMessage,
    User,
)
from models.base import utcnow
from models.messaging import CHANNELS
from services.actor import Actor
from services.appearance import get_appearance
from services.audit import record_audit
from services.contacts import get_contact
from services.crypto import SecretBox
from services.customers import get_customer
from services.dictionaries import active_codes
from services.errors import NotFound, ValidationFailed
from services.followups import FollowUpIn, create_followup
from services.lead_followups import LeadFollowUpIn, create_lead_followup
from services.leads import get_lead
from services.message_templates import (
    MAX_BODY,
    MAX_SUBJECT,
    NOT_FILLED,
    TOO_LONG_FILLED,
    VARIABLES,
    active_template,
    content_errors,
    listed_variables,
    one_line,
    render,
    template_choices,
)
from services.message_transport import TransportError, send_email, send_sms
from services.messaging_settings import messaging_status, sms_config, smtp_config
from services.msgid import N_
from services.normalize import clean, email_problem, mobile_problem
from services.opportunities import get_opportunity
from services.org import user_names
from services.permissions import FOLLOWUP_CREATE, MESSAGING_MANAGE

log = logging.getLogger(__name__)

KINDS = ("customer", "contact", "lead", "opportunity")
# Variable groups each kind of record fills (besides user, company and today);
# "contact" on a customer or opportunity needs a contact chosen in the dialog.
KIND_GROUPS = {
    "customer": ("customer", "contact"),
    "contact": ("contact", "customer"),
    "lead": ("lead",),
    "opportunity": ("opportunity", "customer", "contact"),
}
COMMON_GROUPS = ("user", "company", "today")
MAX_CONTACT_CHOICES = 200


@dataclass(frozen=True)
class Target:
    """The record a message is sent from (its id comes from the URL)."""

    kind: str  # customer | contact | lead | opportunity
    record_id: int


@dataclass(frozen=True)
class MessageIn:
    channel: str | None
    target: Target
    recipient: str | None = None
    subject: str | None = None  # email only; may hold {variables}
    body: str | None = None
    # A contact of the customer (customer and opportunity pages): fills the
    # {contact.*} variables and is named on the follow-up.
    contact_id: int | None = None
    template_id: int | None = None  # the template the text started from


@dataclass
class _Record:
    """The scoped records behind a target."""

    customer: Customer | None = None
    contact: Contact | None = None
    lead: Lead | None = None
    opportunity: Opportunity | None = None


@dataclass(frozen=True)
class Draft:
    """A message rendered with its record, and what is wrong with it."""

    subject: str | None
    body: str
    recipient: str | None
    errors: dict[str, str] = field(default_factory=dict)
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SentMessage:
    status: str  # sent | logged | failed
    error: str | None
    message_id: int
    followup_id: int
    recipient: str
    channel: str


def variable_names(kind: str) -> list[str]:
    """The variables a message sent from a `kind` record can fill, in order."""
    groups = (*KIND_GROUPS.get(kind, ()), *COMMON_GROUPS)
    return [name for name in VARIABLES if name.split(".")[0] in groups]


def _record(session: Session, actor: Actor, target: Target) -> _Record:
    """The target's records, each in the actor's scope. Raises NotFound,
    PermissionDenied."""
    if target.kind == "customer":
        return _Record(customer=get_customer(session, actor, target.record_id))
    if target.kind == "contact":
        contact = get_contact(session, actor, target.record_id)
        return _Record(
            customer=session.get(Customer, contact.customer_id), contact=contact
        )
    if target.kind == "lead":
        return _Record(lead=get_lead(session, actor, target.record_id))
    if target.kind == "opportunity":
        opportunity = get_opportunity(session, actor, target.record_id)
        customer = get_customer(session, actor, opportunity.customer_id)
        return _Record(customer=customer, opportunity=opportunity)
    raise NotFound()


def _chosen_contact(
    session: Session, target: Target, record: _Record, contact_id: int | None
) -> tuple[Contact | None, bool]:
    """(the contact chosen in the dialog, whether the choice is acceptable): it
    must be a contact of the record's customer."""
    if contact_id is None or target.kind not in ("customer", "opportunity"):
        return None, True
    contact = session.get(Contact, contact_id)
    if contact is None or record.customer is None:
        return None, False
    return contact, contact.customer_id == record.customer.id


def _amount(value: Decimal | None) -> str:
    return f"¥{value:,.2f}" if value is not None else ""


def _values(
    session: Session, actor: Actor, record: _Record, today: dt.date
) -> dict[str, str]:
    """variable → text for every group the record has (empty text for an empty
    field): the whitelist that rendering looks values up in."""
    sender = session.get(User, actor.user_id)
    values = {
        "user.name": actor.display_name,
        "user.email": (sender.email if sender else None) or "",
        "user.mobile": (sender.mobile if sender else None) or "",
        "company.name": get_appearance(session).display_name,
        "today": today.isoformat(),
    }
    if (customer := record.customer) is not None:
        owners = user_names(session, {customer.owner_id} - {None})
        owner = owners.get(customer.owner_id or 0, "")
        values |= {
            "customer.name": customer.name,
            "customer.mobile": customer.mobile or "",
            "customer.phone": customer.phone or "",
            "customer.email": customer.email or "",
            "customer.address": customer.address or "",
            "customer.owner": owner,
        }
    if (contact := record.contact) is not None:
        values |= {
            "contact.name": contact.name,
            "contact.title": contact.title or "",
            "contact.mobile": contact.mobile or "",
            "contact.email": contact.email or "",
        }
    if (lead := record.lead) is not None:
        values |= {
            "lead.name": lead.name,
            "lead.company": lead.company or "",
            "lead.mobile": lead.mobile or "",
            "lead.email": lead.email or "",
        }
    if (opportunity := record.opportunity) is not None:
        stage = session.get(OpportunityStage, opportunity.stage_id)
        stage_name = ""
        if stage is not None:
            stage_name = stage.name_zh if actor.language == "zh_CN" else stage.name_en
        close = opportunity.expected_close_date
        values |= {
            "opportunity.name": opportunity.name,
            "opportunity.amount": _amount(opportunity.amount),
            "opportunity.stage": stage_name,
            "opportunity.close_date": close.isoformat() if close else "",
        }
    return values


def _recipient_error(channel: str, recipient: str | None) -> str | None:
    if not recipient:
        return (
            N_("Enter the email address to send to.")
            if channel == "email"
            else N_("Enter the mobile number to send to.")
        )
    return email_problem(recipient) if channel == "email" else mobile_problem(recipient)


def _draft(
    session: Session,
    actor: Actor,
    data: MessageIn,
    today: dt.date,
    *,
    check_recipient: bool = True,
) -> tuple[Draft, _Record]:
    """Render the message with its record and collect every problem.
    Raises NotFound, PermissionDenied (the record)."""
    record = _record(session, actor, data.target)
    errors: dict[str, str] = {}
    params: dict[str, Any] = {}
    channel = data.channel
    if channel not in CHANNELS:
        raise ValidationFailed({"channel": N_("Choose email or SMS.")})
    contact, contact_ok = _chosen_contact(session, data.target, record, data.contact_id)
    if not contact_ok:
        errors["contact_id"] = N_("Choose a contact of this customer.")
    elif contact is not None:
        record.contact = contact
    recipient = clean(data.recipient)
    if check_recipient and (problem := _recipient_error(channel, recipient)):
        errors["recipient"] = problem
    if data.template_id is not None and (
        active_template(session, data.template_id, channel) is None
    ):
        errors["template_id"] = N_("This template is no longer available.")
    subject = clean(data.subject) if channel == "email" else None
    body = (data.body or "").strip() or None
    found, found_params = content_errors(channel, subject, body)
    errors |= found
    params |= found_params
    values = _values(session, actor, record, today)
    rendered: dict[str, str | None] = {"subject": None, "body": ""}
    limits = {"subject": MAX_SUBJECT, "body": MAX_BODY[channel]}
    for name, text in (("subject", subject), ("body", body)):
        if text is None:
            continue
        result = render(text, values)
        rendered[name] = one_line(result.text) if name == "subject" else result.text
        if name in errors:
            continue
        if result.unfilled:
            errors[name] = NOT_FILLED[name]
            params[f"{name}_variables"] = listed_variables(result.unfilled)
        elif len(rendered[name]) > limits[name]:
            errors[name] = TOO_LONG_FILLED[name]
            params[f"{name}_limit"] = limits[name]
    if channel not in active_codes(session, "followup_type"):
        errors["channel"] = N_(
            "The follow-up type this message is logged as is disabled. An "
            "administrator must enable it in the dictionaries."
        )
    draft = Draft(
        subject=rendered["subject"],
        body=rendered["body"] or "",
        recipient=recipient,
        errors=errors,
        params=params,
    )
    return draft, record


# --- the send dialog --------------------------------------------------------------


def _address(channel: str, holder: Customer | Contact | Lead | None) -> str | None:
    if holder is None:
        return None
    return holder.email if channel == "email" else holder.mobile


def message_form(
    session: Session, actor: Actor, target: Target, channel: str
) -> dict[str, Any]:
    """What the send dialog starts with: templates, the customer's contacts with
    their addresses, the prefilled contact and recipient, whether the channel is
    set up, and the variables. Raises PermissionDenied, NotFound."""
    actor.require(FOLLOWUP_CREATE)
    if channel not in CHANNELS:
        raise NotFound()
    record = _record(session, actor, target)
    contacts: list[dict[str, Any]] = []
    if target.kind in ("customer", "opportunity") and record.customer is not None:
        contacts = [
            {
                "id": contact.id,
                "name": contact.name,
                "address": _address(channel, contact),
            }
            for contact in session.scalars(
                select(Contact)
                .where(Contact.customer_id == record.customer.id)
                .order_by(Contact.is_primary.desc(), Contact.id)
                .limit(MAX_CONTACT_CHOICES)
            )
        ]
    own = record.contact or record.lead or record.customer
    record_address = _address(channel, own)
    # The first contact (primary first) that can be reached this way, else the
    # record's own address.
    chosen = next((c for c in contacts if c["address"]), None)
    status = messaging_status(session)
    return {
        "templates": template_choices(session, channel),
        "contacts": contacts,
        "contact_id": chosen["id"] if chosen else None,
        "recipient": chosen["address"] if chosen else record_address,
        "record_address": record_address,
        "ready": status.email_ready if channel == "email" else True,
        "log_only": channel == "sms" and status.sms_provider != "webhook",
        "variables": variable_names(target.kind),
    }


def template_text(
    session: Session, actor: Actor, template_id: int, channel: str
) -> tuple[str | None, str]:
    """(subject, body) of an active template of `channel`, to start a message
    from. Raises PermissionDenied, NotFound."""
    actor.require(FOLLOWUP_CREATE)
    template = active_template(session, template_id, channel)
    if template is None:
        raise NotFound()
    return template.subject, template.body


def preview_message(
    session: Session, actor: Actor, data: MessageIn, *, today: dt.date
) -> Draft:
    """The message rendered with its record and the problems sending would
    report. Raises PermissionDenied, NotFound, ValidationFailed (channel)."""
    actor.require(FOLLOWUP_CREATE)
    draft, _record_found = _draft(session, actor, data, today)
    return draft


def preview_template(
    session: Session,
    actor: Actor,
    *,
    channel: str | None,
    subject: str | None,
    body: str | None,
    customer_id: int,
    contact_id: int | None = None,
    today: dt.date,
) -> Draft:
    """A template being edited, rendered with a customer (and one of its
    contacts) the admin can see. Raises PermissionDenied, NotFound,
    ValidationFailed (channel)."""
    actor.require(MESSAGING_MANAGE)
    data = MessageIn(
        channel=channel,
        target=Target("customer", customer_id),
        subject=subject,
        body=body,
        contact_id=contact_id,
    )
    draft, _record_found = _draft(session, actor, data, today, check_recipient=False)
    return draft


def contact_choices(
    session: Session, actor: Actor, customer_id: int
) -> list[tuple[int, str]]:
    """(id, name) of a customer's contacts, primary first. Raises NotFound."""
    customer = get_customer(session, actor, customer_id)
    rows = session.execute(
        select(Contact.id, Contact.name)
        .where(Contact.customer_id == customer.id)
        .order_by(Contact.is_primary.desc(), Contact.id)
        .limit(MAX_CONTACT_CHOICES)
    )
    return [(row.id, row.name) for row in rows]


# --- sending --------------------------------------------------------------------------


def _followup_content(draft: Draft) -> str:
    head = f"→ {draft.recipient}"
    if draft.subject:
        head += f"\n{draft.subject}"
    return f"{head}\n\n{draft.body}"


def _record_followup(
    session: Session,
    actor: Actor,
    data: MessageIn,
    record: _Record,
    content: str,
) -> FollowUp:
    """Log the message as a follow-up of its customer or lead (moves their
    follow-up dates). Raises Conflict (a lead that cannot change), ValidationFailed."""
    if record.lead is not None:
        return create_lead_followup(
            session,
            actor,
            LeadFollowUpIn(
                lead_id=record.lead.id, followup_type=data.channel, content=content
            ),
        )
    return create_followup(
        session,
        actor,
        FollowUpIn(
            customer_id=record.customer.id,
            contact_id=record.contact.id if record.contact else None,
            opportunity_id=record.opportunity.id if record.opportunity else None,
            followup_type=data.channel,
            content=content,
        ),
    )


def send_message(
    session: Session,
    actor: Actor,
    data: MessageIn,
    *,
    box: SecretBox,
    today: dt.date,
) -> SentMessage:
    """Render, record as a follow-up, send and store the outcome (see the module
    docstring). A failed delivery is returned with status "failed", not raised.
    Raises PermissionDenied, NotFound, ValidationFailed, Conflict,
    EmailNotConfigured, SecretUnreadable."""
    actor.require(FOLLOWUP_CREATE)
    draft, record = _draft(session, actor, data, today)
    if draft.errors:
        raise ValidationFailed(draft.errors, **draft.params)
    if data.channel == "email":
        smtp = smtp_config(session, box)
        provider = "smtp"
    else:
        sms = sms_config(session, box)
        provider = sms.provider
    followup = _record_followup(session, actor, data, record, _followup_content(draft))
    message = OutboundMessage(
        followup_id=followup.id,
        template_id=data.template_id,
        channel=data.channel,
        provider=provider,
        recipient=draft.recipient,
        subject=draft.subject,
        body=draft.body,
        status="sending",
        sent_by_id=actor.user_id,
    )
    session.add(message)
    session.flush()
    try:
        if data.channel == "email":
            send_email(smtp, to=draft.recipient, subject=draft.subject, body=draft.body)
            message.status = "sent"
        else:
            delivered = send_sms(sms, to=draft.recipient, text=draft.body)
            message.status = "sent" if delivered else "logged"
    except TransportError as error:
        message.status = "failed"
        message.error = str(error)
        followup.content = f"{followup.content}\n\n⚠ {message.error}"
        log.warning(
            "%s to %s (follow-up %s) failed: %s",
            data.channel,
            draft.recipient,
            followup.id,
            message.error,
        )
    message.finished_at = utcnow()
    session.flush()
    parent_type, parent_id = (
        ("lead", record.lead.id) if record.lead else ("customer", record.customer.id)
    )
    record_audit(
        session,
        actor,
        f"message.{message.status}",
        parent_type,
        parent_id,
        after={
            "channel": message.channel,
            "provider": provider,
            "recipient": message.recipient,
            "subject": message.subject,
            "template_id": message.template_id,
            "followup_id": followup.id,
            "error": message.error,
        },
    )
    return SentMessage(
        status=message.status,
        error=message.error,
        message_id=message.id,
        followup_id=followup.id,
        recipient=message.recipient,
        channel=message.channel,
    )
