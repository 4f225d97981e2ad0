import datetime as dt

import pytest
import time_machine

from palier import testing as t
from palier.core.acting import Acting


@pytest.fixture
def debit_batch(tenant, tenant_person, tenancy, neighbour, neighbour_person, neighbour_tenancy, accountant):
    """Amina and Jan signed direct-debit mandates; the accountant prepared the December batch."""
    from palier.rent import direct_debit as debits

    with time_machine.travel(dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC), tick=False):
        debits.sign_mandate(acting=Acting(user=tenant), tenancy=tenancy, account_holder="Amina Benali",
                            iban="BE68539007547034", secret=t.PASSWORD, signatory=tenant_person)
        debits.sign_mandate(acting=Acting(user=neighbour), tenancy=neighbour_tenancy, account_holder="Jan Peeters",
                            iban="NL91ABNA0417164300", secret=t.PASSWORD, signatory=neighbour_person)
        yield debits.prepare_batch(acting=Acting(user=accountant), due_on=dt.date(2026, 12, 1))
