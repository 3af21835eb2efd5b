"""Opportunity stages administration: add, edit, reorder, enable/disable, delete;
exactly one active won and one active lost stage remain; stages in use stay."""

import pytest
from sqlalchemy import select

from models import OpportunityStage
from services.errors import Conflict, PermissionDenied, ValidationFailed
from services.opportunity_stages import (
    StageIn,
    create_stage,
    delete_stage,
    first_open_stage,
    get_stage,
    list_stages,
    move_stage_order,
    set_stage_active,
    stage_label,
    stage_rows,
    update_stage,
)
from tests.factories import audit_rows, make_customer, make_opportunity

DEFAULT_ORDER = [
    "initial_contact",
    "needs_confirmed",
    "proposal",
    "negotiation",
    "won",
    "lost",
]


@pytest.fixture
def admin(org):
    return org.actor("admin")


@pytest.fixture
def stages(org) -> dict[str, OpportunityStage]:
    return {s.code: s for s in org.session.scalars(select(OpportunityStage))}


def codes(org, *, active_only=False) -> list[str]:
    return [s.code for s in list_stages(org.session, active_only=active_only)]


def new_stage(org, **fields):
    data = {"name_en": "Site visit", "name_zh": "现场考察", "probability": "45"}
    return create_stage(org.session, org.actor("admin"), StageIn(**data | fields))


def test_defaults_are_listed_in_order_with_labels(org, stages):
    assert codes(org) == DEFAULT_ORDER
    assert stage_label(stages["proposal"], "zh_CN") == "方案报价"
    assert stage_label(stages["proposal"], "en") == "Proposal / quote"
    assert first_open_stage(org.session).code == "initial_contact"


def test_admin_settings_permission_is_required(org):
    with pytest.raises(PermissionDenied):
        stage_rows(org.session, org.actor("leader_a"))
    with pytest.raises(PermissionDenied):
        create_stage(
            org.session, org.actor("rep_a1"), StageIn(name_en="X", name_zh="X")
        )


def test_a_new_open_stage_goes_after_the_last_open_one(org):
    stage = new_stage(org)

    assert stage.code == "site_visit"
    assert codes(org) == [*DEFAULT_ORDER[:4], "site_visit", "won", "lost"]
    assert len(audit_rows(org.session, "opportunity_stage.create", stage.id)) == 1


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        (
            {"name_en": "", "name_zh": " ", "probability": ""},
            {
                "name_en": "This field is required.",
                "name_zh": "This field is required.",
                "probability": "Enter the win probability (0 to 100).",
            },
        ),
        (
            {"probability": "101"},
            {"probability": "Enter a whole number from 0 to 100."},
        ),
        ({"probability": "-5"}, {"probability": "Enter a whole number from 0 to 100."}),
        (
            {"probability": "4.5"},
            {"probability": "Enter a whole number from 0 to 100."},
        ),
        ({"name_en": "proposal / QUOTE"}, {"name_en": "Another stage has this name."}),
        ({"outcome": "maybe"}, {"outcome": "Choose a value from the list."}),
        (
            {"outcome": "won"},
            {
                "outcome": "Exactly one active won stage and one active lost stage "
                "must remain."
            },
        ),
        (
            {"code": "Bad Code"},
            {
                "code": "Use up to 50 lower-case letters, digits or _, "
                "starting with a letter."
            },
        ),
        ({"code": "proposal"}, {"code": "This code is already used."}),
    ],
)
def test_create_validation(org, fields, errors):
    with pytest.raises(ValidationFailed) as exc:
        new_stage(org, **fields)
    assert exc.value.errors == errors


def test_edit_names_and_probability(org, admin, stages):
    update_stage(
        org.session,
        admin,
        stages["proposal"].id,
        StageIn(name_en="Quote", name_zh="报价", probability=55, outcome="open"),
    )

    row = get_stage(org.session, admin, stages["proposal"].id)
    assert (row["name_en"], row["probability"], row["code"]) == (
        "Quote",
        55,
        "proposal",
    )
    [entry] = audit_rows(org.session, "opportunity_stage.update", stages["proposal"].id)
    assert entry.after == {"name_en": "Quote", "name_zh": "报价", "probability": 55}


def test_outcome_of_a_stage_in_use_cannot_change(org, admin, stages):
    customer = make_customer(org.session, org.actor("rep_a1"), "Acme")
    make_opportunity(
        org.session, org.actor("rep_a1"), customer, stage_id=stages["proposal"].id
    )
    with pytest.raises(ValidationFailed) as exc:
        update_stage(
            org.session,
            admin,
            stages["proposal"].id,
            StageIn(
                name_en="Proposal / quote",
                name_zh="方案报价",
                probability=60,
                outcome="lost",
            ),
        )
    assert exc.value.errors == {
        "outcome": "Opportunities use this stage: its outcome cannot change."
    }


def test_the_only_won_stage_cannot_become_open(org, admin, stages):
    with pytest.raises(ValidationFailed) as exc:
        update_stage(
            org.session,
            admin,
            stages["won"].id,
            StageIn(name_en="Won", name_zh="赢单", probability=100, outcome="open"),
        )
    assert "outcome" in exc.value.errors


def test_reorder(org, admin, stages):
    assert move_stage_order(org.session, admin, stages["proposal"].id, up=True)
    assert codes(org)[:3] == ["initial_contact", "proposal", "needs_confirmed"]
    assert not move_stage_order(org.session, admin, stages["lost"].id, up=False)
    assert len(audit_rows(org.session, "opportunity_stage.reorder")) == 1


def test_disable_and_enable(org, admin, stages):
    set_stage_active(org.session, admin, stages["proposal"].id, active=False)
    assert "proposal" not in codes(org, active_only=True)
    set_stage_active(org.session, admin, stages["proposal"].id, active=True)
    assert "proposal" in codes(org, active_only=True)
    assert [e.action for e in audit_rows(org.session)][-2:] == [
        "opportunity_stage.disable",
        "opportunity_stage.enable",
    ]


@pytest.mark.parametrize("code", ["won", "lost"])
def test_the_only_won_or_lost_stage_cannot_be_disabled_or_deleted(
    org, admin, stages, code
):
    with pytest.raises(Conflict):
        set_stage_active(org.session, admin, stages[code].id, active=False)
    with pytest.raises(Conflict):
        delete_stage(org.session, admin, stages[code].id)


def test_a_second_active_won_stage_is_refused(org, admin):
    stage = new_stage(org, name_en="Won again", name_zh="再次赢单")
    with pytest.raises(ValidationFailed) as exc:
        update_stage(
            org.session,
            admin,
            stage.id,
            StageIn(
                name_en="Won again", name_zh="再次赢单", probability=100, outcome="won"
            ),
        )
    assert exc.value.errors == {
        "outcome": "Exactly one active won stage and one active lost stage must remain."
    }


def test_a_disabled_stage_may_become_won_but_not_be_enabled(org, admin):
    stage = new_stage(org, name_en="Won again", name_zh="再次赢单")
    set_stage_active(org.session, admin, stage.id, active=False)
    update_stage(
        org.session,
        admin,
        stage.id,
        StageIn(
            name_en="Won again", name_zh="再次赢单", probability=100, outcome="won"
        ),
    )
    with pytest.raises(Conflict):
        set_stage_active(org.session, admin, stage.id, active=True)


def test_the_last_open_stage_cannot_be_disabled(org, admin, stages):
    for code in DEFAULT_ORDER[1:4]:
        set_stage_active(org.session, admin, stages[code].id, active=False)
    with pytest.raises(Conflict) as exc:
        set_stage_active(org.session, admin, stages["initial_contact"].id, active=False)
    assert exc.value.message == "At least one active open stage must remain."


def test_a_stage_in_use_cannot_be_deleted(org, admin, stages):
    customer = make_customer(org.session, org.actor("rep_a1"), "Acme")
    make_opportunity(org.session, org.actor("rep_a1"), customer)
    with pytest.raises(Conflict) as exc:
        delete_stage(org.session, admin, stages["initial_contact"].id)
    assert exc.value.message == (
        "Opportunities use this stage: disable it instead of deleting."
    )
    assert stage_rows(org.session, admin)[0]["in_stage"] == 1


def test_an_unused_stage_is_deleted(org, admin):
    stage = new_stage(org)
    delete_stage(org.session, admin, stage.id)
    assert codes(org) == DEFAULT_ORDER
    assert len(audit_rows(org.session, "opportunity_stage.delete", stage.id)) == 1
