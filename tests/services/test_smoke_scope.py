import pytest

from services.customers import CustomerFilter, get_customer, list_customers
from services.errors import NotFound
from tests.factories import make_customer


def test_rep_cannot_read_other_reps_customer(org):
    rep_a1, rep_b1 = org.actor("rep_a1"), org.actor("rep_b1")
    customer = make_customer(org.session, rep_b1, "Acme B")
    with pytest.raises(NotFound):
        get_customer(org.session, rep_a1, customer.id)
    assert list_customers(org.session, rep_a1, CustomerFilter()).total == 0
    assert list_customers(org.session, org.actor("admin"), CustomerFilter()).total == 1
