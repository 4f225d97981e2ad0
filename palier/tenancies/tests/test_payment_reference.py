from stdnum.be import ogm_vcs

from palier.tenancies.models import payment_reference_for


def test_a_tenancy_gets_a_valid_and_stable_structured_communication(tenancy):
    assert tenancy.payment_reference == payment_reference_for("2601234")
    assert tenancy.payment_reference.startswith("+++") and tenancy.payment_reference.endswith("+++")
    assert ogm_vcs.is_valid(tenancy.payment_reference)
    tenancy.rent += 10
    tenancy.save()
    tenancy.refresh_from_db()
    assert tenancy.payment_reference == payment_reference_for("2601234")


def test_a_base_divisible_by_97_gets_check_digits_97():
    assert payment_reference_for("97") == "+++000/0000/09797+++"
