"""Import rows: column mapping by header, the lookups a row is resolved against,
and one spreadsheet row turned into a CustomerIn (labels in either language or
codes → codes, owner → user id). Lead rows: services/lead_imports.py."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import replace
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import DictionaryEntry, User
from services.actor import Actor
from services.custom_fields import (
    active_defs_by_entity,
    filled_names,
    import_values,
    is_custom_key,
)
from services.customers import DICTIONARY_FIELDS, CustomerIn
from services.exports import STAGE_LABELS, Translate
from services.import_files import Table
from services.msgid import N_
from services.regions import REGIONS

# field: (header msgid, extra header aliases a user's spreadsheet may carry)
FieldMap = dict[str, tuple[str, tuple[str, ...]]]
CUSTOMER_FIELDS: FieldMap = {
    "name": (
        N_("Name"),
        (
            "customer",
            "customer name",
            "company",
            "客户",
            "客户名称",
            "公司名称",
            "名称",
        ),
    ),
    "mobile": (N_("Mobile"), ("mobile phone", "cell", "手机号", "手机号码")),
    "phone": (N_("Phone"), ("telephone", "tel", "电话", "座机")),
    "email": (N_("Email"), ("e-mail", "mail", "邮箱", "电子邮件")),
    "source": (N_("Source"), ("customer source", "客户来源", "来源")),
    "industry": (N_("Industry"), ("客户行业", "行业")),
    "level": (N_("Level"), ("customer level", "客户级别", "级别")),
    "stage": (N_("Stage"), ("客户阶段", "阶段")),
    "province": (N_("Province"), ("省份", "省")),
    "city": (N_("City"), ("城市", "市")),
    "district": (N_("District"), ("区县", "区")),
    "address": (N_("Address"), ("详细地址", "地址")),
    "owner_id": (N_("Owner"), ("owner username", "负责人", "所属员工")),
    "next_followup_at": (
        N_("Next follow-up"),
        ("next follow-up time", "下次联系时间", "下次跟进时间"),
    ),
    "tags": (N_("Tags"), ("标签",)),
    "remark": (N_("Remark"), ("remarks", "note", "notes", "备注")),
}
CHOOSE = N_("Choose a value from the list.")
OWNER_PROBLEM = N_("Choose an active user within your scope.")
DATE_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d",
    "%Y.%m.%d",
)


def _key(text: str | None) -> str:
    """Header/label comparison key: case, spaces, punctuation and * ignored."""
    return re.sub(r"[\s*:：()（）_\-./]+", "", (text or "").casefold())


def suggest_mapping(
    headers: Sequence[str],
    translations: Sequence[Translate] = (str,),
    fields: FieldMap = CUSTOMER_FIELDS,
) -> list[str | None]:
    """The field each column most likely holds (or None), by its header in any of
    the given languages; each field is used once."""
    known: dict[str, str] = {}
    for name, (msgid, aliases) in fields.items():
        for text in (name, *aliases, *(t(msgid) for t in translations)):
            known.setdefault(_key(text), name)
    mapping: list[str | None] = []
    for header in headers:
        name = known.get(_key(header))
        mapping.append(name if name not in mapping else None)
    return mapping


def preview(table: Table, mapping: Sequence[str | None], limit: int = 10) -> list[dict]:
    """The first rows as {field: cell text} under `mapping`, plus "_row"."""
    return [
        {"_row": number}
        | {name: cells[i] for i, name in enumerate(mapping) if name and i < len(cells)}
        for number, cells in table.rows[:limit]
    ]


class Lookups:
    """Everything a row is resolved against, loaded once per import."""

    def __init__(
        self, session: Session, actor: Actor, translations: Sequence[Translate]
    ) -> None:
        self.dictionary: dict[str, dict[str, str]] = {
            k: {} for k in DICTIONARY_FIELDS.values()
        }
        entries = session.scalars(
            select(DictionaryEntry).where(DictionaryEntry.is_active.is_(True))
        )
        for entry in entries:
            if entry.kind in self.dictionary:
                codes = self.dictionary[entry.kind]
                for text in (entry.code, entry.label_en, entry.label_zh):
                    codes.setdefault(_key(text), entry.code)
        self.translations = translations
        self.stages = self.choices(STAGE_LABELS)
        self.provinces = {
            _key(text): name
            for name, (english, _cities) in REGIONS.items()
            for text in (name, english)
        }
        users = session.execute(
            select(User.id, User.username, User.display_name).where(
                User.is_active.is_(True)
            )
        ).all()
        self.usernames = {_key(u.username): u.id for u in users}
        self.display_names: dict[str, list[int]] = {}
        for user in users:
            self.display_names.setdefault(_key(user.display_name), []).append(user.id)
        self.actor = actor
        # Active custom fields per entity: their cells are checked like the form.
        self.custom_fields = active_defs_by_entity(session)

    def choices(self, labels: dict[str, str]) -> dict[str, str]:
        """{key of code or label in any language: code} for {code: msgid}."""
        return {
            _key(text): code
            for code, msgid in labels.items()
            for text in (code, *(t(msgid) for t in self.translations))
        }

    def owner(self, text: str) -> tuple[int | None, str | None]:
        key = _key(text)
        user_id = self.usernames.get(key)
        if user_id is None:
            matches = self.display_names.get(key, [])
            if len(matches) > 1:
                return None, N_("Several users have this name: use the username.")
            user_id = matches[0] if matches else None
        if user_id is None or not self.actor.sees_user(user_id):
            return None, OWNER_PROBLEM
        return user_id, None

    def city(self, province: str | None, text: str) -> str | None:
        cities = REGIONS.get(province or "", ("", {}))[1]
        for name, english in cities.items():
            if _key(text) in (_key(name), _key(english)):
                return name
        return text  # field_errors reports a city outside the province


def datetime_value(text: str, timezone: ZoneInfo) -> dt.datetime | None:
    for pattern in DATE_FORMATS:
        try:
            local = dt.datetime.strptime(text.replace("T", " "), pattern)
        except ValueError:
            continue
        return local.replace(tzinfo=timezone).astimezone(dt.UTC).replace(tzinfo=None)
    return None


def row_input(
    cells: Sequence[str | None],
    mapping: Sequence[str | None],
    lookups: Lookups,
    timezone: ZoneInfo,
) -> tuple[CustomerIn, dict[str, str], set[str]]:
    """A row as CustomerIn (labels → codes, owner → id), the errors found while
    converting, and which fields the row fills."""
    raw = {
        name: (cells[i] or "").strip() or None
        for i, name in enumerate(mapping)
        if name and i < len(cells)
    }
    values: dict[str, object] = {}
    errors: dict[str, str] = {}
    for name, text in raw.items():
        if text is None or is_custom_key(name):
            continue
        if name in DICTIONARY_FIELDS:
            code = lookups.dictionary[DICTIONARY_FIELDS[name]].get(_key(text))
            values[name] = code
            if code is None:
                errors[name] = CHOOSE
        elif name == "stage":
            values[name] = lookups.stages.get(_key(text))
            if values[name] is None:
                errors[name] = CHOOSE
        elif name == "province":
            values[name] = lookups.provinces.get(_key(text), text)
        elif name == "owner_id":
            values[name], problem = lookups.owner(text)
            if problem:
                errors[name] = problem
        elif name == "next_followup_at":
            values[name] = datetime_value(text, timezone)
            if values[name] is None:
                errors[name] = N_("Enter a valid date and time.")
        elif name == "tags":
            values[name] = tuple(t for t in re.split(r"[,，;；、]", text) if t.strip())
        else:
            values[name] = text
    if raw.get("city"):
        values["city"] = lookups.city(values.get("province"), raw["city"])
    if not raw.get("stage"):
        values["stage"] = "potential"
    values["custom_values"], custom_errors = import_values(
        lookups.custom_fields["customer"], raw
    )
    errors |= custom_errors
    return CustomerIn(**values).cleaned(), errors, filled_names(raw)


def field_errors(session: Session, actor: Actor, data: CustomerIn) -> dict[str, str]:
    """The form's validation. Dictionary values and the owner were already resolved
    against the same active codes and assignable users (loaded once, not queried
    per row), so they are blanked here to keep 50,000 rows fast."""
    blank = dict.fromkeys(DICTIONARY_FIELDS, None) | {"owner_id": None}
    return replace(data, **blank).field_errors(session, actor)
