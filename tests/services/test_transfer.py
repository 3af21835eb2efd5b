"""Transfer customers: permission, scope of customers and targets, all or nothing,
no-op rows, participants for related records, audit."""

import pytest
from sqlalchemy import update

from models import Customer, User
from services.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from services.permissions import CUSTOMER_TRANSFER, SEEDED_ROLES
from services.transfer import (
    TransferIn,
    TransferParticipant,
    register_transfer_participant,
    transfer_customers,
    transfer_participants,
    unregister_transfer_participant,
)
from tests.factories import audit_rows, force_columns, make_customer, reloaded


@pytest.fixture
def acme(org):
    return make_customer(org.session, org.actor("rep_a1"), "Acme")


@pytest.fixture
def bolt(org):
    return make_customer(org.session, org.actor("rep_a1"), "Bolt")


@pytest.fixture
def beta(org):
    return make_customer(org.session, org.actor("rep_b1"), "Beta")


def transfer(org, actor_name, customers, to, note=None, **extra):
    data = TransferIn(
        customer_ids=tuple(c.id for c in customers),
        to_user_id=org.ids[to] if isinstance(to, str) else to,
        note=note,
        **extra,
    )
    return transfer_customers(org.session, org.actor(actor_name), data)


def owners(org, *customers) -> list[int | None]:
    return [reloaded(org.session, c).owner_id for c in customers]


# --- permission and scope --------------------------------------------------------


def test_only_admin_and_leader_roles_may_transfer():
    assert {
        code for code, role in SEEDED_ROLES.items() if CUSTOMER_TRANSFER in role[2]
    } == {"admin", "leader"}


def test_rep_cannot_transfer_even_their_own_customer(org, acme):
    with pytest.raises(PermissionDenied):
        transfer(org, "rep_a1", [acme], "rep_a2")

    assert owners(org, acme) == [org.ids["rep_a1"]]


def test_leader_transfers_a_team_customer_to_a_team_member(org, acme):
    result = transfer(org, "leader_a", [acme], "rep_a2")

    stored = reloaded(org.session, acme)
    assert (stored.owner_id, stored.updated_by_id, stored.version) == (
        org.ids["rep_a2"],
        org.ids["leader_a"],
        2,
    )
    assert (result.transferred, result.unchanged, result.related) == (1, 0, {})


def test_leader_may_transfer_to_a_member_of_a_sub_team(org, acme):
    org.add_sub_team()

    transfer(org, "leader_a", [acme], "rep_a3")

    assert owners(org, acme) == [org.ids["rep_a3"]]


def test_leader_cannot_transfer_to_a_user_of_another_team(org, acme):
    with pytest.raises(ValidationFailed) as exc:
        transfer(org, "leader_a", [acme], "rep_b1")

    assert exc.value.errors == {
        "to_user_id": "Choose an active user within your scope."
    }
    assert owners(org, acme) == [org.ids["rep_a1"]]


def test_leader_cannot_transfer_another_teams_customer(org, beta):
    with pytest.raises(NotFound):
        transfer(org, "leader_a", [beta], "rep_a1")

    stored = reloaded(org.session, beta)
    assert (stored.owner_id, stored.version) == (org.ids["rep_b1"], 1)


def test_batch_is_all_or_nothing(org, acme, bolt, beta):
    with pytest.raises(NotFound):
        transfer(org, "leader_a", [acme, beta, bolt], "rep_a2")

    assert owners(org, acme, bolt, beta) == [
        org.ids["rep_a1"],
        org.ids["rep_a1"],
        org.ids["rep_b1"],
    ]
    assert audit_rows(org.session, "customer.transfer") == []


def test_unknown_customer_id_is_not_found(org, acme):
    with pytest.raises(NotFound):
        transfer_customers(
            org.session,
            org.actor("admin"),
            TransferIn(customer_ids=(acme.id, 10**12), to_user_id=org.ids["rep_a2"]),
        )

    assert owners(org, acme) == [org.ids["rep_a1"]]


def test_deleted_and_pool_customers_are_not_found(org, acme, bolt):
    force_columns(org.session, acme, owner_id=None)
    force_columns(org.session, bolt, deleted_at=bolt.created_at)

    for customer in (acme, bolt):
        with pytest.raises(NotFound):
            transfer(org, "admin", [customer], "rep_a2")


def test_admin_transfers_across_teams(org, acme, beta):
    transfer(org, "admin", [acme, beta], "rep_b1")

    assert owners(org, acme, beta) == [org.ids["rep_b1"]] * 2


# --- validation ------------------------------------------------------------------


def test_every_field_error_at_once(org):
    with pytest.raises(ValidationFailed) as exc:
        transfer_customers(
            org.session,
            org.actor("leader_a"),
            TransferIn(note="x" * 501, with_related=("planets",)),
        )

    assert exc.value.errors == {
        "selection": "Select at least one customer.",
        "to_user_id": "Choose the user who takes over the customers.",
        "note": "At most 500 characters.",
        "with_related": "Choose a value from the list.",
    }


def test_disabled_or_unknown_target_is_a_field_error(org, acme):
    org.session.execute(
        update(User).where(User.id == org.ids["rep_a2"]).values(is_active=False)
    )
    for target in (org.ids["rep_a2"], 10**12):
        with pytest.raises(ValidationFailed) as exc:
            transfer(org, "leader_a", [acme], target)
        assert exc.value.errors == {
            "to_user_id": "Choose an active user within your scope."
        }


def test_too_many_customers_at_once(org):
    with pytest.raises(ValidationFailed) as exc:
        transfer_customers(
            org.session,
            org.actor("admin"),
            TransferIn(
                customer_ids=tuple(range(1, 1002)), to_user_id=org.ids["rep_a1"]
            ),
        )

    assert exc.value.errors == {
        "selection": "Transfer at most 1000 customers at a time."
    }


# --- transferring to the current owner --------------------------------------------


def test_customers_the_target_already_owns_are_left_as_they_are(org, acme, bolt):
    mine = make_customer(org.session, org.actor("rep_a2"), "Mine")

    result = transfer(org, "leader_a", [acme, mine, bolt], "rep_a2")

    assert (result.transferred, result.unchanged) == (2, 1)
    assert owners(org, acme, bolt, mine) == [org.ids["rep_a2"]] * 3
    assert reloaded(org.session, mine).version == 1
    assert [row.object_id for row in audit_rows(org.session, "customer.transfer")] == [
        acme.id,
        bolt.id,
    ]


def test_transfer_only_to_the_current_owner_is_a_field_error(org, acme):
    with pytest.raises(ValidationFailed) as exc:
        transfer(org, "leader_a", [acme], "rep_a1")

    assert exc.value.errors == {
        "to_user_id": "The selected customers already belong to this user."
    }
    assert reloaded(org.session, acme).version == 1


# --- audit -------------------------------------------------------------------------


def test_one_audit_row_per_customer_with_from_to_and_note(org, acme, bolt):
    transfer(org, "leader_a", [bolt, acme, acme], "rep_a2", note="  Rep A1 on leave ")

    rows = audit_rows(org.session, "customer.transfer")
    assert [
        (row.actor_id, row.object_type, row.object_id, row.before, row.after)
        for row in rows
    ] == [
        (
            org.ids["leader_a"],
            "customer",
            customer.id,
            {"owner_id": org.ids["rep_a1"]},
            {"owner_id": org.ids["rep_a2"], "note": "Rep A1 on leave"},
        )
        for customer in sorted((acme, bolt), key=lambda c: c.id)
    ]


def test_empty_note_is_stored_as_none(org, acme):
    transfer(org, "leader_a", [acme], "rep_a2", note="   ")

    (row,) = audit_rows(org.session, "customer.transfer")
    assert row.after == {"owner_id": org.ids["rep_a2"], "note": None}


# --- participants (opportunities, contracts… hook in here) ---------------------------


@pytest.fixture
def widgets():
    """A participant standing in for a module with related records: it records
    what it was asked to move and claims two records per customer."""
    calls = []

    def move(session, actor, batch):
        calls.append(
            (
                [c.id for c in batch.customers],
                batch.to_user_id,
                dict(batch.previous_owner_ids),
                batch.note,
                [c.owner_id for c in batch.customers],
            )
        )
        return {c.id: 2 for c in batch.customers}

    register_transfer_participant(TransferParticipant("widgets", "Widgets", move))
    yield calls
    unregister_transfer_participant("widgets")


def test_the_deals_modules_register_their_participants():
    import services.contracts  # noqa: F401  (registration happens at import)
    import services.opportunities  # noqa: F401

    assert {"opportunities", "contracts"} <= {p.code for p in transfer_participants()}


def test_participant_moves_related_records_after_the_owner_changed(
    org, acme, bolt, widgets
):
    result = transfer(
        org, "leader_a", [acme, bolt], "rep_a2", note="n", with_related=("widgets",)
    )

    a1, a2 = org.ids["rep_a1"], org.ids["rep_a2"]
    assert widgets == [
        ([acme.id, bolt.id], a2, {acme.id: a1, bolt.id: a1}, "n", [a2, a2])
    ]
    assert result.related == {"widgets": 4}
    assert [
        row.after["related"]
        for row in audit_rows(org.session)
        if row.action == "customer.transfer"
    ] == [{"widgets": 2}] * 2


def test_participant_runs_only_when_chosen(org, acme, widgets):
    transfer(org, "leader_a", [acme], "rep_a2")

    assert widgets == []
    (row,) = audit_rows(org.session, "customer.transfer")
    assert "related" not in row.after


def test_a_failing_participant_aborts_the_whole_transfer(org, acme):
    def refuse(session, actor, batch):
        raise Conflict("A contract of this customer is awaiting approval.")

    register_transfer_participant(TransferParticipant("refusing", "C", refuse))
    try:
        # The callback's unit of work rolls back on any exception; a savepoint
        # plays that part here.
        with pytest.raises(Conflict), org.session.begin_nested():
            transfer(org, "leader_a", [acme], "rep_a2", with_related=("refusing",))
    finally:
        unregister_transfer_participant("refusing")

    assert owners(org, acme) == [org.ids["rep_a1"]]
    assert audit_rows(org.session, "customer.transfer") == []


def test_transferred_customers_move_to_the_new_owners_list(org, acme):
    from services.customers import CustomerFilter, list_customers

    transfer(org, "leader_a", [acme], "rep_a2")

    def names(user):
        page = list_customers(org.session, org.actor(user), CustomerFilter())
        return [row["name"] for row in page.rows]

    assert (names("rep_a1"), names("rep_a2")) == ([], ["Acme"])
    assert org.session.get(Customer, acme.id).owner_id == org.ids["rep_a2"]
