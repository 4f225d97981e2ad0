"""The Django admin shows no encrypted field: reading an IBAN, a national register number or an
income document goes through the back-office pages, which record who saw it."""

from django.contrib import admin
from django.test import RequestFactory

from palier.core.crypto import EncryptedTextField


def test_no_admin_form_or_list_shows_an_encrypted_field(db, administrator):
    request = RequestFactory().get("/")
    request.user = administrator
    shown = []
    for model, model_admin in admin.site._registry.items():
        encrypted = {f.name for f in model._meta.get_fields() if isinstance(f, EncryptedTextField)}
        if not encrypted:
            continue
        in_form = set(model_admin.get_form(request).base_fields)
        listed = set(model_admin.get_list_display(request)) | set(model_admin.get_readonly_fields(request))
        shown += [f"{model._meta.label}.{name}" for name in sorted(encrypted & (in_form | listed))]
    assert not shown, "Encrypted fields shown in the Django admin: " + ", ".join(shown)
