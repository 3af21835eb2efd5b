"""Demo leads: owned, pooled and converted leads with follow-ups, on both
backends."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

import models
from models import Customer, FollowUp, Lead
from models.base import utcnow
from services.demo_data import load_demo_data
from services.demo_data.leads import LEAD_COLUMNS
from services.normalize import normalize_name

BACKENDS = pytest.mark.parametrize(
    "isolated_engine", ["sqlite", "postgresql"], indirect=True
)


@BACKENDS
def test_demo_data_has_leads_in_every_state(isolated_engine):
    models.Base.metadata.create_all(isolated_engine)
    summary = load_demo_data(isolated_engine, scale="small", seed=3)

    with Session(isolated_engine) as session:
        leads = session.scalars(select(Lead)).all()
        assert len(leads) == summary.leads == 600  # 0.3 per customer
        assert "600 leads" in summary.describe()
        statuses = {lead.status for lead in leads}
        assert statuses == {"new", "contacted", "qualified", "unqualified", "converted"}
        pooled = [lead for lead in leads if lead.owner_id is None]
        assert pooled and all(
            lead.last_owner_id and lead.pool_entered_at for lead in pooled
        )
        converted = [lead for lead in leads if lead.status == "converted"]
        assert len(converted) == 60
        for lead in converted:
            customer = session.get(Customer, lead.converted_customer_id)
            assert (customer.name, customer.owner_id) == (lead.company, lead.owner_id)
        assert all(lead.name_normalized == normalize_name(lead.name) for lead in leads)
        on_leads = session.scalar(
            select(func.count()).where(FollowUp.lead_id.is_not(None))
        )
        assert on_leads > 0
        latest = dict(
            session.execute(
                select(FollowUp.lead_id, func.max(FollowUp.occurred_at))
                .where(FollowUp.lead_id.is_not(None))
                .group_by(FollowUp.lead_id)
            ).all()
        )
        assert {
            lead.id: lead.last_followup_at for lead in leads if lead.last_followup_at
        } == latest
        assert (
            session.scalar(select(func.count()).where(FollowUp.occurred_at > utcnow()))
            == 0
        )


def test_lead_columns_cover_every_column():
    # A new column must be added to the generator, or COPY would leave it NULL.
    assert sorted(LEAD_COLUMNS) == sorted(Lead.__table__.c.keys())
