"""Issue 6 end to end in a real browser: an admin sets up a new team under the
company with a leader and two reps, a role narrower than "Sales rep", a required
custom field, an email template, SMTP settings pointing at a real SMTP server on
loopback, and a custom theme colour. A rep of the new team then logs in with the
generated password (and must replace it), creates a customer (the custom field
is required), adds a contact and sends the templated email: the SMTP server
receives it rendered and the customer's timeline shows it. The rep's shell wears
the theme and lacks what the narrower role leaves out."""

import pytest

from services.permissions import (
    CONTACT_CREATE,
    CONTACT_EDIT,
    CUSTOMER_CREATE,
    CUSTOMER_EDIT,
    CUSTOMER_VIEW,
    FOLLOWUP_CREATE,
    SEEDED_ROLES,
)
from tests.browser.conftest import (
    PASSWORD,
    count,
    fill,
    grid_column,
    in_language,
    login,
    row_cell,
    translate,
    ui_text,
    visit,
    wait_for_path,
    wait_until,
)
from tests.browser.test_admin import (
    choose,
    create_role,
    create_team,
    create_user,
    first_login,
    set_team_leader,
)
from tests.browser.test_admin_appearance import (
    open_appearance,
    save_appearance,
    wait_for_background,
)
from tests.browser.test_contacts import save_contact
from tests.browser.test_custom_fields import (
    add_choice_field,
    create_customer_choosing,
    field_id,
)
from tests.browser.test_messaging import (
    assert_template_received,
    create_template,
    save_smtp_settings,
    send_template,
    wait_for_email_in_timeline,
)

pytestmark = pytest.mark.browser

TEAM = "Team C"
ROLE = ("Junior rep", "初级销售")  # (English, Chinese) names
LEADER_ROLE = SEEDED_ROLES["leader"][:2]
# "Sales rep" without deleting, exporting or importing customers, and without
# leads, opportunities, contracts and payments.
ROLE_PERMISSIONS = [
    CUSTOMER_VIEW,
    CUSTOMER_CREATE,
    CUSTOMER_EDIT,
    CONTACT_CREATE,
    CONTACT_EDIT,
    FOLLOWUP_CREATE,
]
FIELD = ("Budget band", "预算区间")
BUDGET_CHOICES = ["Under 100k", "100k-1M", "Over 1M"]
THEME_HEX = "#0f766e"
THEME = "rgba({}, {}, {}, 1)".format(
    *(int(THEME_HEX[i : i + 2], 16) for i in (1, 3, 5))
)
CUSTOMER = "Lakeside Tea House"
CONTACT = "Chen Jing"
CONTACT_EMAIL = "chen.jing@example.com"


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_admin_sets_up_a_team_and_its_rep_sends_a_templated_email(
    crm, seeded_db, smtp, language
):
    seeded_db.set_language("admin", language)
    login(crm, "admin", greeting=translate(language, "Hello, {name}"))

    # A team under the company, a narrower role with its own data scope, a
    # leader with a chosen password and two reps with generated ones; all in
    # the admin's language.
    create_team(crm, TEAM, "Company")
    create_role(crm, "junior_rep", ROLE[1], ROLE[0], ROLE_PERMISSIONS)
    role = in_language(crm, *ROLE)
    leader_role = in_language(crm, *LEADER_ROLE)
    assert row_cell(crm, "admin-roles-grid", role, "scope").text == ui_text(
        crm, "Own records only"
    )
    assert row_cell(crm, "admin-roles-grid", role, "code").text == "junior_rep"
    create_user(crm, "leader_c", "Leader C", TEAM, leader_role, PASSWORD, language)
    generated = [
        create_user(crm, username, name, TEAM, role, language=language)
        for username, name in (("rep_c1", "Rep C1"), ("rep_c2", "Rep C2"))
    ]
    assert len(set(generated)) == 2 and PASSWORD not in generated
    set_team_leader(crm, TEAM, "Leader C")

    visit(crm, "/admin/users")
    choose(crm, "#admin-users-team", TEAM)
    wait_until(
        crm,
        lambda: (
            sorted(grid_column(crm, "admin-users-grid", "username"))
            == ["leader_c", "rep_c1", "rep_c2"]
        ),
        lambda: f"Team C lists {grid_column(crm, 'admin-users-grid', 'username')}",
    )
    roles = dict(
        zip(
            grid_column(crm, "admin-users-grid", "username"),
            grid_column(crm, "admin-users-grid", "role"),
            strict=True,
        )
    )
    assert roles == {"leader_c": leader_role, "rep_c1": role, "rep_c2": role}

    # A required custom field, SMTP towards the test server, an email template
    # and a custom theme colour that the admin's own shell takes at once.
    add_choice_field(crm, FIELD[1], FIELD[0], BUDGET_CHOICES)
    budget = field_id(seeded_db, FIELD[0])
    save_smtp_settings(crm, smtp.port)
    create_template(crm)
    open_appearance(crm)
    fill(crm, "#appearance-color", THEME_HEX)
    crm.wait_for_text_to_equal(
        "#appearance-palette input:checked + label", ui_text(crm, "Custom")
    )
    wait_for_background(crm, "#appearance-preview .btn-primary", THEME)
    save_appearance(crm, THEME)
    assert crm.get_logs() == []

    # The second rep logs in with the generated password, must replace it, and
    # lands in a shell in their language, with the theme and without what the
    # role leaves out.
    first_login(crm, "rep_c2", generated[1], "Rep-c2-own-2026")
    crm.wait_for_text_to_equal(
        "h2.page-title", translate(language, "Hello, {name}", name="Rep C2")
    )
    wait_for_background(crm, ".sidebar .nav-link.active", THEME)
    crm.wait_for_element("#nav-customers")
    for absent in ("#nav-recycle-bin", "#nav-leads", "#nav-opportunities"):
        assert count(crm, absent) == 0, f"{absent} is in the rep's sidebar"
    assert count(crm, "a[href^='/admin/']") == 0

    # A customer (the custom field is required), a contact with an email address.
    customer_id = create_customer_choosing(crm, CUSTOMER, budget, "100k-1M")
    crm.wait_for_contains_text("#cf-detail-customer", in_language(crm, *FIELD))
    crm.wait_for_contains_text("#cf-detail-customer", "100k-1M")
    crm.find_element("#customer-detail-add-contact").click()
    wait_for_path(crm, f"/contacts/new?customer_id={customer_id}")
    crm.wait_for_text_to_equal(
        "#contact-form-customer-id .Select-value-label", CUSTOMER
    )
    save_contact(crm, CONTACT, "13600003333", CONTACT_EMAIL)
    crm.find_element("#contact-detail-customer").click()
    wait_for_path(crm, f"/customers/{customer_id}")
    crm.wait_for_contains_text("#customer-detail-name", CUSTOMER)

    # The templated email reaches the SMTP server and the timeline.
    send_template(crm, CUSTOMER, CONTACT, CONTACT_EMAIL)
    [received] = smtp.wait_for(1)
    assert_template_received(received, CUSTOMER, CONTACT, CONTACT_EMAIL, "Rep C2")
    wait_for_email_in_timeline(crm, CUSTOMER, CONTACT_EMAIL)

    # Own records only, and no export or import in the customer list.
    visit(crm, "/customers")
    crm.wait_for_text_to_equal(
        "#customers-total", ui_text(crm, "Total: {total}", total=1)
    )
    wait_until(
        crm,
        lambda: grid_column(crm, "customers-grid") == [CUSTOMER],
        lambda: f"the list shows {grid_column(crm, 'customers-grid')}",
    )
    assert count(crm, "#customers-export") == 0
    assert count(crm, "#customers-import-link") == 0
    assert crm.get_logs() == []
