"""Every UI string has a current zh-CN translation with the same placeholders."""

import re
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "translations" / "zh_CN" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None}
METHODS = [
    ("dashboard/**.py", "python"),
    ("services/**.py", "python"),
    ("dashboard/templates/**.html", "jinja2"),
]
PLACEHOLDER = re.compile(r"{(\w+)}")


def extracted_msgids() -> set[str]:
    return {
        message
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT, METHODS, keywords=KEYWORDS
        )
        if isinstance(message, str) and message
    }


def catalog() -> dict[str, str]:
    with CATALOG.open("rb") as handle:
        return {m.id: m.string for m in read_po(handle) if m.id and not m.fuzzy}


def test_every_ui_string_has_a_chinese_translation():
    translations = catalog()
    missing = sorted(m for m in extracted_msgids() if not translations.get(m))
    assert missing == [], "run `make translations` and translate these"


def test_catalog_has_no_stale_entries():
    stale = sorted(set(catalog()) - extracted_msgids())
    assert stale == [], "run `make translations` to drop entries no code uses"


def test_translations_keep_their_placeholders():
    wrong = {
        msgid: text
        for msgid, text in catalog().items()
        if set(PLACEHOLDER.findall(msgid)) != set(PLACEHOLDER.findall(text))
    }
    assert wrong == {}
