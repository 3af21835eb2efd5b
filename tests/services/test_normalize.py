"""Normalisation for search/duplicates and the field format checks."""

import pytest

from services.normalize import (
    clean,
    email_problem,
    mobile_problem,
    normalize_name,
    normalize_phone,
    phone_problem,
)

MOBILE_DIGITS = "Enter an 11-digit mobile number starting with 1."
MOBILE_CHARS = "Use digits only (a leading + is allowed)."
PHONE = "Enter a valid phone number (digits, spaces, +, - and brackets)."
EMAIL = "Enter a valid email address."


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Acme", "acme"),
        ("  ACME  Co., Ltd. ", "acmecoltd"),
        ("ＡＣＭＥ", "acme"),
        ("ａｃｍｅ　ｃｏ．", "acmeco"),
        ("阿里巴巴（中国）有限公司", "阿里巴巴中国有限公司"),
        ("阿里巴巴(中国)有限公司", "阿里巴巴中国有限公司"),
        ("北京·字节跳动", "北京字节跳动"),
        ("《星辰》科技", "星辰科技"),
        ("Straße GmbH", "strassegmbh"),
        ("A&B + C/D", "abcd"),
        ("Café ☕ 24/7", "café247"),
        ("tab\tand\nnewline", "tabandnewline"),
        ("", ""),
        (None, ""),
        ("—…!?", ""),
    ],
)
def test_normalize_name(value, expected):
    assert normalize_name(value) == expected


def test_names_differing_only_in_width_case_and_punctuation_match():
    assert normalize_name("ＡＣＭＥ 科技（北京）") == normalize_name("acme科技(北京)")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("13800138000", "13800138000"),
        ("138-0013-8000", "13800138000"),
        ("138 0013 8000", "13800138000"),
        ("(138) 0013.8000", "13800138000"),
        ("１３８００１３８０００", "13800138000"),
        ("+86 138 0013 8000", "13800138000"),
        ("+86-13800138000", "13800138000"),
        ("＋８６１３８００１３８０００", "13800138000"),
        ("0086 13800138000", "13800138000"),
        ("8613800138000", "13800138000"),
        ("86 10 6234 5678", "861062345678"),
        ("+1 415 555 0100", "14155550100"),
        ("010-62345678", "01062345678"),
        ("abc", None),
        ("", None),
        (None, None),
    ],
)
def test_normalize_phone(value, expected):
    assert normalize_phone(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "13800138000",
        "138-0013-8000",
        " 138 0013 8000 ",
        "+86 13800138000",
        "+ 86 138 0013 8000",
        "0086 13800138000",
        "１３８００１３８０００",
        "+1 415 555 0100",
        "+44 20 7946 0958",
        "19912345678",
    ],
)
def test_plausible_mobiles_pass(value):
    assert mobile_problem(value) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1380013800", MOBILE_DIGITS),
        ("138001380000", MOBILE_DIGITS),
        ("12800138000", MOBILE_DIGITS),
        ("23800138000", MOBILE_DIGITS),
        ("+86 12345", MOBILE_DIGITS),
        ("138OO138000", MOBILE_CHARS),
        ("138_0013_8000", MOBILE_CHARS),
        ("phone: 13800138000", MOBILE_CHARS),
        ("+1 234", "Enter 6 to 15 digits."),
        ("+1 2345 6789 0123 4567", "Enter 6 to 15 digits."),
        ("1" + " " * 30 + "3800138000", "At most 30 characters."),
    ],
)
def test_implausible_mobiles_are_explained(value, expected):
    assert mobile_problem(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "010-62345678",
        "(010) 6234 5678",
        "+86 10 6234 5678",
        "62345678 转 801",
        "0755-12345678 ext. 12",
        "12345",
    ],
)
def test_plausible_phones_pass(value):
    assert phone_problem(value) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1234", PHONE),
        ("call me", PHONE),
        ("010_62345678", PHONE),
        ("1" * 21, PHONE),
        ("010 " + " " * 30 + "62345678", "At most 30 characters."),
    ],
)
def test_implausible_phones_are_explained(value, expected):
    assert phone_problem(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "a@b.cn",
        "first.last+tag@example.co.uk",
        " padded@example.com ",
        "张三@例子.中国",
    ],
)
def test_plausible_emails_pass(value):
    assert email_problem(value) is None


@pytest.mark.parametrize(
    "value",
    [
        "plain",
        "a@b",
        "@example.com",
        "a@.",
        "a b@example.com",
        "a@@example.com",
        "a＠example.com",
        "x" * 190 + "@example.com",
    ],
)
def test_implausible_emails_are_rejected(value):
    assert email_problem(value) == EMAIL


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("  text  ", "text"),
        ("   ", None),
        ("", None),
        (None, None),
        (42, "42"),
    ],
)
def test_clean(value, expected):
    assert clean(value) == expected
