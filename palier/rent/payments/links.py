"""The kiosk's "pay on your phone" link: signed, short-lived, naming only the tenancy. Whoever
opens it may pay that tenancy's rent (paying is harmless); it shows no name and no address."""

from django.core import signing

SALT = "palier.rent.pay-link"
MAX_AGE_SECONDS = 15 * 60


def pay_link_token(*, tenancy_id: int, person_id: int | None) -> str:
    return signing.dumps({"t": tenancy_id, "p": person_id}, salt=SALT, compress=True)


def read_pay_link(token: str) -> dict | None:
    """{"t": tenancy id, "p": person id} for a valid, fresh token; None otherwise."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("t"), int):
        return None
    return data
