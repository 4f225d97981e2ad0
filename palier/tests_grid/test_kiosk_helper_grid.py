"""The kiosk as each helper persona of the grid: signed in at the kiosk with their password and
second factor, choosing Amina, then opening the pages of each scope. Only a valid mandate lets a
helper act for her, and only its granted scopes open; everything else is a 404."""

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from palier import testing as t

from .framework import NOT_FOUND, OK, outcome, to

HELPER_HOME = to("kiosk:helper-home")

# persona → (choosing Amina, {kiosk URL name: expected})
EXPECTED = {
    # Sophie has only a request waiting for Amina's code: nothing opens.
    "helper": (NOT_FOUND, {"kiosk:rent": NOT_FOUND, "kiosk:messages": NOT_FOUND, "kiosk:workshops": NOT_FOUND,
                           "kiosk:documents": NOT_FOUND}),
    # Karim: rent and messages.
    "helper_in_scope": (HELPER_HOME, {"kiosk:rent": OK, "kiosk:messages": OK, "kiosk:appointments": OK,
                                      "kiosk:repairs": NOT_FOUND, "kiosk:workshops": NOT_FOUND,
                                      "kiosk:spaces": NOT_FOUND, "kiosk:documents": NOT_FOUND}),
    # Lucie: documents only: My documents opens, every other page here is a 404.
    "helper_out_of_scope": (HELPER_HOME, {"kiosk:rent": NOT_FOUND, "kiosk:messages": NOT_FOUND,
                                          "kiosk:repairs": NOT_FOUND, "kiosk:workshops": NOT_FOUND,
                                          "kiosk:documents": OK}),
    # Omar's mandate ended yesterday; Eva's was stopped.
    "helper_expired": (NOT_FOUND, {"kiosk:rent": NOT_FOUND, "kiosk:workshops": NOT_FOUND}),
    "helper_revoked": (NOT_FOUND, {"kiosk:rent": NOT_FOUND, "kiosk:workshops": NOT_FOUND}),
}
# Nobody but the tenant herself opens these, whatever the mandate.
TENANT_ONLY = ("kiosk:mandates", "kiosk:mandate-journal", "kiosk:self-assessment")


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_each_helper_at_the_kiosk_gets_what_their_mandate_grants(persona, request, world, kiosk_client):
    helper = getattr(world, persona)
    device = TOTPDevice.objects.create(user=helper, name="authenticator", confirmed=True)
    kiosk_client.post(reverse("kiosk:helper-sign-in"), {"identifier": helper.email, "password": t.PASSWORD})
    code = f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"
    assert outcome(kiosk_client.post(reverse("kiosk:helper-code"), {"code": code})) == HELPER_HOME
    assert outcome(kiosk_client.get(reverse("kiosk:helper-home"))) == OK
    choosing, pages = EXPECTED[persona]
    problems = []
    got = outcome(kiosk_client.post(reverse("kiosk:helper-act-for"), {"person": world.tenant_person.pk}))
    if got != choosing:
        problems.append(f"choosing Amina: expected {choosing}, got {got}")
    for name, want in {**pages, **dict.fromkeys(TENANT_ONLY, NOT_FOUND)}.items():
        got = outcome(kiosk_client.get(reverse(name)))
        if got != want:
            problems.append(f"{name}: expected {want}, got {got}")
    # Amina's neighbour: no helper here has a mandate from him.
    got = outcome(kiosk_client.post(reverse("kiosk:helper-act-for"), {"person": world.neighbour_person.pk}))
    if got != NOT_FOUND:
        problems.append(f"choosing Jan: expected 404, got {got}")
    assert not problems, f"{persona} at the kiosk:\n" + "\n".join(problems)
