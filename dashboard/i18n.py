"""Translations (zh_CN / en) and locale-aware formatting of dates and numbers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from functools import cache
from zoneinfo import ZoneInfo

import flask
from babel import Locale
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from services.settings import LANGUAGES, PROJECT_ROOT

TRANSLATIONS_DIR = PROJECT_ROOT / "translations"
LANGUAGE_NAMES = {"zh_CN": "中文", "en": "English"}


@cache
def catalog(language: str) -> dict[str, str]:
    """msgid → translation from translations/<lang>/LC_MESSAGES/messages.po."""
    path = TRANSLATIONS_DIR / language / "LC_MESSAGES" / "messages.po"
    if not path.exists():
        return {}
    with path.open("rb") as handle:
        po = read_po(handle, locale=language)
    return {m.id: m.string for m in po if m.id and m.string and not m.fuzzy}


def current_language() -> str:
    if flask.has_request_context():
        return flask.g.get("language") or flask.current_app.config["PELAGO_LANGUAGE"]
    return "en"


def gettext(msgid: str, **params: object) -> str:
    """Translate an English msgid into the current language and fill {placeholders}."""
    text = catalog(current_language()).get(msgid, msgid) if msgid else ""
    return text.format(**params) if params else text


_ = gettext


def negotiate_language(
    user_language: str | None, cookie_language: str | None, default: str
) -> str:
    """User setting, then the login page's choice, then the browser, then default."""
    for choice in (user_language, cookie_language):
        if choice in LANGUAGES:
            return choice
    if flask.has_request_context():
        best = flask.request.accept_languages.best_match(["zh-CN", "zh", "en"])
        if best:
            return "en" if best == "en" else "zh_CN"
    return default


def company_zone() -> str:
    """The company time zone's name (setting PELAGO_TIMEZONE)."""
    if flask.has_app_context():
        return flask.current_app.config["PELAGO_TIMEZONE"]
    return "Asia/Shanghai"


def _zone() -> ZoneInfo:
    return ZoneInfo(company_zone())


def to_local(value: dt.datetime | None) -> dt.datetime | None:
    """Stored naive UTC → naive company-local time."""
    if value is None:
        return None
    return value.replace(tzinfo=dt.UTC).astimezone(_zone()).replace(tzinfo=None)


def from_local(value: dt.datetime | None) -> dt.datetime | None:
    """Naive company-local time (from a form) → naive UTC for storage."""
    if value is None:
        return None
    return value.replace(tzinfo=_zone()).astimezone(dt.UTC).replace(tzinfo=None)


def local_now() -> dt.datetime:
    """Now in the company's time zone (naive)."""
    return to_local(dt.datetime.now(dt.UTC).replace(tzinfo=None))


def local_today() -> dt.date:
    """Today in the company's time zone."""
    return local_now().date()


def format_datetime(value: dt.datetime | None) -> str:
    local = to_local(value)
    return local.strftime("%Y-%m-%d %H:%M") if local else ""


def datetime_local_value(value: dt.datetime | None) -> str:
    """Stored UTC → the value of a datetime-local input, in company time."""
    local = to_local(value)
    return local.strftime("%Y-%m-%dT%H:%M") if local else ""


def format_date(value: dt.date | dt.datetime | None) -> str:
    if isinstance(value, dt.datetime):
        value = to_local(value)
    return value.strftime("%Y-%m-%d") if value else ""


@cache
def _babel_locale(language: str) -> Locale:
    # babel re-reads a locale given by name on every call (~0.25 ms).
    return Locale.parse(language)


def _number_locale() -> Locale:
    return _babel_locale("zh_CN" if current_language() == "zh_CN" else "en")


def format_number(value: float | int | None) -> str:
    if value is None:
        return ""
    return format_decimal(value, locale=_number_locale())


def format_money(value: object) -> str:
    """An amount in CNY with two decimals and grouping, e.g. ¥1,234,567.50."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)  # what the user typed, shown back as is
    return "¥" + format_decimal(number, format="#,##0.00", locale=_number_locale())


def format_percent(ratio: object) -> str:
    """A ratio (0.256) as a percentage with one decimal (25.6%); blank for None."""
    if ratio is None:
        return ""
    percent = float(ratio) * 100
    return format_decimal(percent, format="#,##0.0", locale=_number_locale()) + "%"
