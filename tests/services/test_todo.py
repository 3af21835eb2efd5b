"""To-do inbox: every count in scope, matching the list it links to, and the
approval counts moving as a contract goes through its approval flow."""

import datetime as dt
from dataclasses import replace

import pytest

from services.approvals import approve, reject, submit
from services.contracts import ContractIn, create_contract
from services.customers import CustomerFilter, followup_due_window, list_customers
from services.payment_plans import InstallmentIn
from services.payment_plans import add_installment as add_plan_installment
from services.pool import PoolRulesIn, claim_customers, rules_detail, update_rules
from services.todo import Day, contracts_ending, todo_summary
from tests.factories import force_columns, make_customer, make_pool_customer

TODAY = dt.date(2024, 6, 3)
# Midnight in Shanghai (UTC+8) as naive UTC: the day runs 16:00 → 16:00 UTC.
DAY = Day(TODAY, dt.datetime(2024, 6, 2, 16), dt.datetime(2024, 6, 3, 16))
NOW = dt.datetime(2024, 6, 3, 2)


def summary(org, viewer, focus=None):
    return todo_summary(org.session, org.actor(viewer, focus=focus), today=DAY, now=NOW)


def add_contract(org, owner, name, *, status="approved", end_in=None, amount="1000"):
    """`owner`'s contract ending `end_in` days after TODAY, created by the real
    service and put in `status` directly (approval is not what these tests are
    about; the flow tests below go through the engine)."""
    actor = org.actor(owner)
    customer = make_customer(org.session, actor, f"{name} Ltd")
    contract = create_contract(
        org.session,
        actor,
        ContractIn(
            name=name,
            customer_id=customer.id,
            amount=amount,
            sign_date=TODAY - dt.timedelta(days=90),
            end_date=None if end_in is None else TODAY + dt.timedelta(days=end_in),
        ),
    )
    force_columns(org.session, contract, status=status)
    return contract


def add_installment(org, contract, due_in, amount="100"):
    owner = next(name for name, uid in org.ids.items() if uid == contract.owner_id)
    add_plan_installment(
        org.session,
        org.actor(owner),
        contract.id,
        InstallmentIn(due_date=TODAY + dt.timedelta(days=due_in), amount=amount),
    )


# --- follow-ups -------------------------------------------------------------------


@pytest.fixture
def followups(org):
    """rep_a1: Acme due today (local afternoon), Bolt overdue; rep_a2: Cato due
    today (local early morning); rep_b1: Beta overdue; Dune due tomorrow."""
    due = {
        ("rep_a1", "Acme"): DAY.start + dt.timedelta(hours=15),
        ("rep_a1", "Bolt"): DAY.start - dt.timedelta(days=2),
        ("rep_a2", "Cato"): DAY.start + dt.timedelta(minutes=30),
        ("rep_b1", "Beta"): DAY.start - dt.timedelta(minutes=1),
        ("rep_a1", "Dune"): DAY.end,
    }
    for (owner, name), at in due.items():
        customer = make_customer(org.session, org.actor(owner), name)
        force_columns(org.session, customer, next_followup_at=at)


def test_rep_counts_only_their_own_follow_ups_due(org, followups):
    assert summary(org, "rep_a1").followups == {"today": 1, "overdue": 1}


def test_leader_counts_the_teams_follow_ups_but_not_other_teams(org, followups):
    assert summary(org, "leader_a").followups == {"today": 2, "overdue": 1}


def test_other_team_counts_only_its_own_follow_ups(org, followups):
    assert summary(org, "rep_b1").followups == {"today": 0, "overdue": 1}


def test_follow_up_counts_follow_the_scope_switcher(org, followups):
    assert summary(org, "leader_a", focus="me").followups == {
        "today": 0,
        "overdue": 0,
    }


@pytest.mark.parametrize("due", ["today", "overdue"])
def test_follow_up_count_matches_the_customers_list_it_links_to(org, followups, due):
    start, before = followup_due_window(due, day_start=DAY.start, day_end=DAY.end)
    flt = CustomerFilter(next_followup_from=start, next_followup_before=before)

    page = list_customers(org.session, org.actor("leader_a"), flt)

    assert page.total == summary(org, "leader_a").followups[due]
    assert {row["name"] for row in page.rows} == (
        {"Acme", "Cato"} if due == "today" else {"Bolt"}
    )


def test_customers_list_filters_by_next_follow_up_window(org, followups):
    flt = CustomerFilter(
        next_followup_before=DAY.end, sort="next_followup", descending=False
    )

    page = list_customers(org.session, org.actor("rep_a1"), flt)

    assert [row["name"] for row in page.rows] == ["Bolt", "Acme"]


# --- contracts ending soon ---------------------------------------------------------


@pytest.fixture
def ending(org):
    """Ending within 30 days: rep_a1's A-soon (5), A-edge (30), A-today (0);
    rep_a2's A2-soon (10); rep_b1's B-soon (3). Not counted: ended yesterday, ends
    in 31 days, pending, voided, no end date."""
    add_contract(org, "rep_a1", "A-soon", end_in=5)
    add_contract(org, "rep_a1", "A-edge", end_in=30)
    add_contract(org, "rep_a1", "A-today", end_in=0)
    add_contract(org, "rep_a2", "A2-soon", end_in=10)
    add_contract(org, "rep_b1", "B-soon", end_in=3)
    add_contract(org, "rep_a1", "A-ended", end_in=-1)
    add_contract(org, "rep_a1", "A-later", end_in=31)
    add_contract(org, "rep_a1", "A-pending", status="pending", end_in=5)
    add_contract(org, "rep_a1", "A-voided", status="voided", end_in=5)
    add_contract(org, "rep_a1", "A-open", end_in=None)


def test_rep_counts_their_approved_contracts_ending_within_30_days(org, ending):
    assert summary(org, "rep_a1").contracts_ending == 3


def test_leader_counts_team_contracts_ending_but_not_other_teams(org, ending):
    assert summary(org, "leader_a").contracts_ending == 4


def test_admin_counts_every_contract_ending(org, ending):
    assert summary(org, "admin").contracts_ending == 5


def test_contracts_ending_lists_soonest_first_in_scope(org, ending):
    page = contracts_ending(org.session, org.actor("leader_a"), today=TODAY)

    assert [(row["name"], row["end_date"] - TODAY) for row in page.rows] == [
        ("A-today", dt.timedelta(days=0)),
        ("A-soon", dt.timedelta(days=5)),
        ("A2-soon", dt.timedelta(days=10)),
        ("A-edge", dt.timedelta(days=30)),
    ]
    assert (page.rows[0]["customer"], page.rows[0]["owner"]) == (
        "A-today Ltd",
        "Rep A1",
    )


def test_contracts_ending_pages_on_the_server(org, ending):
    page = contracts_ending(
        org.session, org.actor("leader_a"), today=TODAY, page=2, page_size=3
    )

    assert (page.total, [row["name"] for row in page.rows]) == (4, ["A-edge"])


def test_other_team_does_not_see_contracts_ending(org, ending):
    page = contracts_ending(org.session, org.actor("rep_b1"), today=TODAY)

    assert [row["name"] for row in page.rows] == ["B-soon"]


# --- installments due --------------------------------------------------------------


@pytest.fixture
def installments(org):
    """rep_a1: overdue ×2, due today ×1, upcoming ×1; rep_a2: today ×1; rep_b1:
    overdue ×1; a pending contract's overdue installment never counts."""
    a1 = add_contract(org, "rep_a1", "A1", amount="10000")
    for due_in in (-10, -1, 0, 7):
        add_installment(org, a1, due_in)
    add_installment(org, add_contract(org, "rep_a2", "A2", amount="1000"), 0)
    add_installment(org, add_contract(org, "rep_b1", "B1", amount="1000"), -3)
    pending = add_contract(org, "rep_a1", "AP", status="pending", amount="1000")
    add_installment(org, pending, -5)


def test_rep_counts_their_installments_overdue_and_due_today(org, installments):
    assert summary(org, "rep_a1").installments == {"overdue": 2, "today": 1}


def test_leader_counts_team_installments_but_not_other_teams(org, installments):
    assert summary(org, "leader_a").installments == {"overdue": 2, "today": 2}


def test_other_team_counts_only_its_own_installments(org, installments):
    assert summary(org, "rep_b1").installments == {"overdue": 1, "today": 0}


# --- public pool -----------------------------------------------------------------


def set_rules(org, **values):
    current = rules_detail(org.session, org.actor("admin"))
    data = {k: current[k] for k in PoolRulesIn.__dataclass_fields__} | values
    update_rules(
        org.session,
        org.actor("admin"),
        PoolRulesIn(**data),
        expected_version=current["version"],
    )


def test_returning_counts_my_customers_leaving_within_the_warning_days(org):
    set_rules(
        org,
        auto_return_enabled=True,
        no_followup_days=30,
        unsigned_days=0,
        warn_days=3,
    )
    soon = make_customer(org.session, org.actor("rep_a1"), "Soon")
    make_customer(org.session, org.actor("rep_a1"), "Later")
    teammate = make_customer(org.session, org.actor("rep_a2"), "Teammate's")
    for customer in (soon, teammate):
        force_columns(org.session, customer, created_at=NOW - dt.timedelta(days=28))

    assert summary(org, "rep_a1").returning == 1
    # "My customers": a leader's count holds only customers they own themselves.
    assert summary(org, "leader_a").returning == 0


def test_pool_requests_count_the_leaders_reviews(org):
    leader_b = org.add_user("leader_b", "leader", org.team_b)
    org.team_b.leader_id = leader_b
    org.session.flush()
    pooled = make_pool_customer(org, "rep_b1", "Beta Pool")
    claim_customers(org.session, org.actor("rep_a1"), [pooled.id])

    assert summary(org, "leader_b").pool_requests == 1
    assert summary(org, "leader_a").pool_requests == 0


def test_pool_requests_are_not_applicable_to_reps(org):
    assert summary(org, "rep_a1").pool_requests is None


# --- roles -------------------------------------------------------------------------


def test_finance_counts_every_installment_but_reviews_no_pool_requests(
    org, installments
):
    org.add_user("fin", "finance", None)

    result = summary(org, "fin")

    assert (result.pool_requests, result.installments) == (
        None,
        {"overdue": 3, "today": 2},
    )


def test_counts_of_modules_the_actor_may_not_use_are_left_out(org, followups):
    actor = replace(org.actor("rep_a1"), permissions=frozenset())

    result = todo_summary(org.session, actor, today=DAY, now=NOW)

    assert (
        result.followups,
        result.returning,
        result.contracts_ending,
        result.installments,
        result.pool_requests,
    ) == (None, None, None, None, None)


def test_total_adds_every_applicable_count(org, followups, ending):
    result = summary(org, "rep_a1")

    assert result.total == 2 + 3


# --- approvals: the counts move with the flow (supervisor, then an executive) -----


def submit_contract(org, owner="rep_a1", name="Flow deal"):
    """A contract created and submitted through the real services."""
    rep = org.actor(owner)
    customer = make_customer(org.session, rep, f"{name} Co")
    contract = create_contract(
        org.session,
        rep,
        ContractIn(name=name, customer_id=customer.id, amount="5000", sign_date=TODAY),
    )
    return submit(org.session, rep, "contract", contract.id, version=contract.version)


def waiting(org, viewer):
    result = summary(org, viewer)
    return result.approvals["contract"], result.submissions


def test_submission_raises_the_approvers_and_the_submitters_counts(org):
    submit_contract(org)

    assert waiting(org, "leader_a") == (1, 0)
    assert waiting(org, "rep_a1") == (0, 1)
    # The executive's step is not active yet; another team is not involved.
    assert waiting(org, "exec") == (0, 0)
    assert waiting(org, "rep_b1") == (0, 0)


def test_first_approval_moves_the_count_to_the_next_approver(org):
    request = submit_contract(org)

    approve(org.session, org.actor("leader_a"), request.id, step_position=1)

    assert waiting(org, "leader_a") == (0, 0)
    assert waiting(org, "exec") == (1, 0)
    assert waiting(org, "rep_a1") == (0, 1)


def test_final_approval_clears_both_counts(org):
    request = submit_contract(org)
    approve(org.session, org.actor("leader_a"), request.id, step_position=1)

    approve(org.session, org.actor("exec"), request.id, step_position=2)

    assert waiting(org, "exec") == (0, 0)
    assert waiting(org, "rep_a1") == (0, 0)


def test_rejection_clears_both_counts(org):
    request = submit_contract(org)

    reject(
        org.session,
        org.actor("leader_a"),
        request.id,
        step_position=1,
        reason="Price too low",
    )

    assert waiting(org, "leader_a") == (0, 0)
    assert waiting(org, "rep_a1") == (0, 0)


def test_payments_waiting_are_counted_apart_from_contracts(org):
    submit_contract(org)

    assert summary(org, "leader_a").approvals == {"contract": 1, "payment": 0}
