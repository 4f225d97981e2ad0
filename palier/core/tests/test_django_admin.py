from palier.accounts.models import User


def test_the_django_admin_opens_for_superusers_only(client, administrator, agent):
    for staff in (administrator, agent):
        client.force_login(staff)
        assert client.get("/django-admin/").status_code == 302
    root = User.objects.create_superuser("root", "a long admin password")
    client.force_login(root)
    for url in ("/django-admin/", "/django-admin/tenancies/tenancy/", "/django-admin/audit/auditevent/",
                "/django-admin/accounts/user/", "/django-admin/estates/agency/"):
        assert client.get(url).status_code == 200, url


def test_the_audit_trail_cannot_be_edited_from_the_django_admin(client, agent):
    from palier.audit.services import record
    from palier.core.acting import Acting

    event = record(Acting(user=agent), "accounts.logged_in")
    client.force_login(User.objects.create_superuser("root", "a long admin password"))
    response = client.post(f"/django-admin/audit/auditevent/{event.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
