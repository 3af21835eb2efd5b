"""Email and SMS templates: the variables a text may use, checking and rendering
texts, and the templates an admin keeps (list, create, edit, disable).

Rendering never evaluates anything: `{customer.name}` is looked up as a plain
string key in a dict of prepared values (services/messaging.py builds it from
the record), so a text cannot reach attributes, methods or other data."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import MessageTemplate, User
from models.messaging import CHANNELS
from services.actor import Actor
from services.audit import changed_fields, record_audit, snapshot
from services.errors import Conflict, NotFound, ValidationFailed
from services.msgid import N_
from services.normalize import clean
from services.permissions import MESSAGING_MANAGE

MAX_NAME = 100
MAX_SUBJECT = 200
# Bodies stay well under a follow-up's 5000 characters: the logged follow-up adds
# the recipient, the subject and, on failure, the error.
MAX_BODY = {"email": 4000, "sms": 500}

# variable → what it holds (msgid). Groups (the part before the dot) are filled
# only where the record has one: a lead has no customer, a customer without a
# chosen contact has no contact.
VARIABLES: dict[str, str] = {
    "customer.name": N_("Customer name"),
    "customer.mobile": N_("Customer mobile"),
    "customer.phone": N_("Customer phone"),
    "customer.email": N_("Customer email"),
    "customer.address": N_("Customer address"),
    "customer.owner": N_("Customer owner"),
    "contact.name": N_("Contact name"),
    "contact.title": N_("Contact title"),
    "contact.mobile": N_("Contact mobile"),
    "contact.email": N_("Contact email"),
    "lead.name": N_("Lead name"),
    "lead.company": N_("Lead company"),
    "lead.mobile": N_("Lead mobile"),
    "lead.email": N_("Lead email"),
    "opportunity.name": N_("Opportunity name"),
    "opportunity.amount": N_("Opportunity amount"),
    "opportunity.stage": N_("Opportunity stage"),
    "opportunity.close_date": N_("Expected close date"),
    "user.name": N_("Your name"),
    "user.email": N_("Your email"),
    "user.mobile": N_("Your mobile"),
    "company.name": N_("Company name"),
    "today": N_("Today's date"),
}

# {{ and }} are literal braces; {name} is a variable; a lone brace is an error.
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")

UNMATCHED_BRACE = N_("A brace is not closed. To show a brace itself, type it twice.")
UNKNOWN_VARIABLE = {
    "subject": N_("Unknown variable {subject_variables}. Use one from the list."),
    "body": N_("Unknown variable {body_variables}. Use one from the list."),
}
NOT_FILLED = {
    "subject": N_("This record has nothing for {subject_variables}."),
    "body": N_("This record has nothing for {body_variables}."),
}
LINE_BREAK_IN_SUBJECT = N_("The subject must fit on one line.")
TOO_LONG_FILLED = {
    "subject": N_(
        "With the record filled in, the subject is longer than {subject_limit} "
        "characters."
    ),
    "body": N_(
        "With the record filled in, the text is longer than {body_limit} characters."
    ),
}


@dataclass(frozen=True)
class Rendered:
    text: str
    # Known variables the values did not cover, left in the text as written.
    unfilled: tuple[str, ...]


def _variables(text: str) -> tuple[list[str], bool]:
    """(variable names in order, whether a brace is unmatched)."""
    names: list[str] = []
    unmatched = False
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        if token in ("{{", "}}"):
            continue
        if match.group(1) is None:
            unmatched = True
        else:
            names.append(match.group(1).strip())
    return names, unmatched


def listed_variables(names: list[str] | tuple[str, ...]) -> str:
    """ "{a}, {b}": each name once, in order of appearance."""
    return ", ".join("{" + name + "}" for name in dict.fromkeys(names))


def text_errors(field: str, text: str | None) -> tuple[dict[str, str], dict[str, str]]:
    """({field: msgid}, params) for unknown variables or an unmatched brace in
    `text`; `field` is "subject" or "body"."""
    names, unmatched = _variables(text or "")
    unknown = [name for name in names if name not in VARIABLES]
    if unknown:
        return {field: UNKNOWN_VARIABLE[field]}, {
            f"{field}_variables": listed_variables(unknown)
        }
    if unmatched:
        return {field: UNMATCHED_BRACE}, {}
    return {}, {}


def render(text: str, values: dict[str, str]) -> Rendered:
    """`text` with each {variable} replaced by values[variable] (a plain dict
    lookup) and {{ }} by single braces. Variables missing from `values` stay as
    written and are reported; check the text first (`text_errors`)."""
    unfilled: list[str] = []

    def replace(match: re.Match) -> str:
        token = match.group(0)
        if token in ("{{", "}}"):
            return token[0]
        name = (match.group(1) or "").strip()
        if match.group(1) is not None and name in values:
            return values[name]
        if match.group(1) is not None:
            unfilled.append(name)
        return token

    rendered = _TOKEN.sub(replace, text)
    return Rendered(rendered, tuple(dict.fromkeys(unfilled)))


def one_line(text: str) -> str:
    """A rendered subject on one line (a value may hold line breaks)."""
    return " ".join(text.split())


# --- templates ------------------------------------------------------------------


@dataclass(frozen=True)
class TemplateIn:
    name: str | None = None
    channel: str | None = None
    subject: str | None = None
    body: str | None = None

    def cleaned(self) -> TemplateIn:
        email = self.channel == "email"
        return TemplateIn(
            name=clean(self.name),
            channel=self.channel,
            # An SMS has no subject: whatever the form held is dropped.
            subject=clean(self.subject) if email else None,
            body=(self.body or "").strip() or None,
        )


def content_errors(
    channel: str | None, subject: str | None, body: str | None
) -> tuple[dict[str, str], dict[str, Any]]:
    """Errors of a message's subject (email only) and body, as a template or as
    a message typed for sending: required, lengths, variables."""
    errors: dict[str, str] = {}
    params: dict[str, Any] = {}
    if channel == "email":
        if not subject:
            errors["subject"] = N_("Enter a subject.")
        elif len(subject) > MAX_SUBJECT:
            errors["subject"] = N_("At most {subject_limit} characters.")
            params["subject_limit"] = MAX_SUBJECT
        elif "\n" in subject or "\r" in subject:
            errors["subject"] = LINE_BREAK_IN_SUBJECT
        else:
            found, found_params = text_errors("subject", subject)
            errors |= found
            params |= found_params
    limit = MAX_BODY.get(channel or "", MAX_BODY["email"])
    if not body:
        errors["body"] = N_("Enter the text of the message.")
    elif len(body) > limit:
        errors["body"] = N_("At most {body_limit} characters.")
        params["body_limit"] = limit
    else:
        found, found_params = text_errors("body", body)
        errors |= found
        params |= found_params
    return errors, params


def _template_row(template: MessageTemplate) -> dict[str, Any]:
    return {
        "id": template.id,
        "name": template.name,
        "channel": template.channel,
        "subject": template.subject,
        "body": template.body,
        "is_active": template.is_active,
        "version": template.version,
    }


def list_templates(session: Session, actor: Actor) -> list[dict[str, Any]]:
    """Every template, active first, by channel and name (there are few).
    Raises PermissionDenied."""
    actor.require(MESSAGING_MANAGE)
    templates = session.scalars(
        select(MessageTemplate).order_by(
            MessageTemplate.is_active.desc(),
            MessageTemplate.channel,
            MessageTemplate.name,
        )
    )
    return [_template_row(template) for template in templates]


def get_template(session: Session, actor: Actor, template_id: int) -> dict[str, Any]:
    """One template for the editor. Raises PermissionDenied, NotFound."""
    actor.require(MESSAGING_MANAGE)
    template = session.get(MessageTemplate, template_id)
    if template is None:
        raise NotFound()
    return _template_row(template)


def template_choices(session: Session, channel: str) -> list[tuple[int, str]]:
    """(id, name) of the active templates of `channel`, for the send dialog."""
    rows = session.execute(
        select(MessageTemplate.id, MessageTemplate.name)
        .where(
            MessageTemplate.channel == channel,
            MessageTemplate.is_active.is_(True),
        )
        .order_by(MessageTemplate.name)
    )
    return [(row.id, row.name) for row in rows]


def active_template(
    session: Session, template_id: int, channel: str
) -> MessageTemplate | None:
    """The template if it is active and of `channel`, else None."""
    return session.scalar(
        select(MessageTemplate).where(
            MessageTemplate.id == template_id,
            MessageTemplate.channel == channel,
            MessageTemplate.is_active.is_(True),
        )
    )


def _name_taken(session: Session, name: str, template_id: int | None) -> bool:
    query = select(MessageTemplate.id).where(
        func.lower(MessageTemplate.name) == name.lower()
    )
    if template_id is not None:
        query = query.where(MessageTemplate.id != template_id)
    return session.scalar(query.limit(1)) is not None


def _template_errors(
    session: Session, data: TemplateIn, template_id: int | None
) -> tuple[dict[str, str], dict[str, Any]]:
    errors: dict[str, str] = {}
    params: dict[str, Any] = {}
    if not data.name:
        errors["name"] = N_("Enter a name.")
    elif len(data.name) > MAX_NAME:
        errors["name"] = N_("At most {name_limit} characters.")
        params["name_limit"] = MAX_NAME
    elif _name_taken(session, data.name, template_id):
        errors["name"] = N_("Another template already has this name.")
    if data.channel not in CHANNELS:
        errors["channel"] = N_("Choose email or SMS.")
    found, found_params = content_errors(data.channel, data.subject, data.body)
    return errors | found, params | found_params


def _locked_template(
    session: Session, template_id: int, version: int | None
) -> MessageTemplate:
    """Raises NotFound, Conflict (someone saved since `version` was loaded)."""
    template = session.scalar(
        select(MessageTemplate)
        .where(MessageTemplate.id == template_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if template is None:
        raise NotFound()
    if version is not None and template.version != version:
        editor = session.scalar(
            select(User.display_name).where(User.id == template.updated_by_id)
        )
        raise Conflict(
            N_("{name} changed this template after you opened it. Reload first."),
            name=editor or "?",
        )
    return template


def _flush_unique(session: Session) -> None:
    """Flush; a name taken by a concurrent save becomes a Conflict."""
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError as error:
        raise Conflict(
            N_("Another template was just saved with this name. Choose another.")
        ) from error


def save_template(
    session: Session,
    actor: Actor,
    template_id: int | None,
    data: TemplateIn,
    *,
    version: int | None = None,
) -> dict[str, Any]:
    """Create a template (`template_id` None) or edit the one loaded at `version`.
    Unknown variables are rejected naming them. The channel of an existing
    template stays: messages were sent with it.
    Raises PermissionDenied, NotFound, ValidationFailed, Conflict."""
    actor.require(MESSAGING_MANAGE)
    template = (
        _locked_template(session, template_id, version)
        if template_id is not None
        else None
    )
    if template is not None:
        data = TemplateIn(data.name, template.channel, data.subject, data.body)
    data = data.cleaned()
    errors, params = _template_errors(session, data, template_id)
    if errors:
        raise ValidationFailed(errors, **params)
    values = {"name": data.name, "subject": data.subject, "body": data.body}
    if template is None:
        template = MessageTemplate(
            channel=data.channel,
            created_by_id=actor.user_id,
            updated_by_id=actor.user_id,
            **values,
        )
        session.add(template)
        _flush_unique(session)
        record_audit(
            session,
            actor,
            "message_template.create",
            "message_template",
            template.id,
            after=snapshot(template),
        )
        return _template_row(template)
    before, after = changed_fields(
        {name: getattr(template, name) for name in values}, values
    )
    if after:
        for name, value in after.items():
            setattr(template, name, value)
        template.updated_by_id = actor.user_id
        _flush_unique(session)
        record_audit(
            session,
            actor,
            "message_template.update",
            "message_template",
            template.id,
            before=before,
            after=after,
        )
    return _template_row(template)


def set_template_active(
    session: Session,
    actor: Actor,
    template_id: int,
    active: bool,
    *,
    version: int | None = None,
) -> dict[str, Any]:
    """Offer a template again, or stop offering it (history keeps it).
    Raises PermissionDenied, NotFound, Conflict."""
    actor.require(MESSAGING_MANAGE)
    template = _locked_template(session, template_id, version)
    if template.is_active != active:
        template.is_active = active
        template.updated_by_id = actor.user_id
        session.flush()
        record_audit(
            session,
            actor,
            "message_template.enable" if active else "message_template.disable",
            "message_template",
            template.id,
            before={"is_active": not active},
            after={"is_active": active},
        )
    return _template_row(template)
