"""The same screens in zh-CN and in English, and the top bar's language switch.

Relies on these zh_CN translations (translations/zh_CN/LC_MESSAGES/messages.po):
"Customers" → "客户", "Name is required." → "请填写名称。",
"Hello, {name}" → "您好，{name}", "Log out" → "退出登录".
"""

import pytest
from selenium.webdriver.support.ui import Select

from tests.browser.conftest import (
    is_invalid,
    login,
    visit,
    wait_for_path,
)

pytestmark = pytest.mark.browser


def open_user_menu(dash_duo) -> None:
    dash_duo.find_element("#shell-user-menu .dropdown-toggle").click()
    dash_duo.wait_for_element("#shell-user-menu .dropdown-menu.show")


def save_empty_customer(dash_duo) -> None:
    visit(dash_duo, "/customers/new")
    dash_duo.wait_for_element("#customer-form-save").click()


def switch_language(dash_duo, language: str) -> None:
    """Pick a language in the top bar; the page reloads in it."""
    Select(dash_duo.find_element("#shell-language")).select_by_value(language)


def test_chinese_user_sees_chinese_shell_list_and_messages(crm, seeded_db):
    seeded_db.set_language("rep_a1", "zh_CN")
    login(crm, "rep_a1", greeting="您好，{name}")

    assert crm.find_element(".app-shell").get_attribute("lang") == "zh-CN"
    crm.wait_for_text_to_equal("#nav-customers", "客户")
    open_user_menu(crm)
    crm.wait_for_text_to_equal("#shell-logout", "退出登录")

    visit(crm, "/customers")
    crm.wait_for_text_to_equal("h2.page-title", "客户")

    save_empty_customer(crm)
    crm.wait_for_text_to_equal("#customer-form-name-feedback", "请填写名称。")
    assert is_invalid(crm, "#customer-form-name")
    assert crm.get_logs() == []


def test_english_user_switches_to_chinese_and_back_then_logs_out(crm):
    login(crm, "rep_a1")
    assert crm.find_element(".app-shell").get_attribute("lang") == "en"
    save_empty_customer(crm)
    crm.wait_for_text_to_equal("#customer-form-name-feedback", "Name is required.")

    visit(crm, "/customers")
    crm.wait_for_text_to_equal("h2.page-title", "Customers")
    crm.wait_for_text_to_equal("#nav-customers", "Customers")

    switch_language(crm, "zh_CN")
    crm.wait_for_text_to_equal("h2.page-title", "客户")  # reloaded in Chinese
    crm.wait_for_text_to_equal("#nav-customers", "客户")
    visit(crm, "/")  # stored for the user, not only this page
    crm.wait_for_text_to_equal("h2.page-title", "您好，Rep A1")

    switch_language(crm, "en")
    crm.wait_for_text_to_equal("h2.page-title", "Hello, Rep A1")

    open_user_menu(crm)
    crm.wait_for_text_to_equal("#shell-logout", "Log out")
    crm.find_element("#shell-logout").click()
    wait_for_path(crm, "/login")
    crm.wait_for_element("#login-submit")
    assert crm.get_logs() == []
