"""A household adds words or a photo to its repair request on the portal."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from palier.audit.models import AuditEvent
from palier.repairs.models import EventKind
from palier.repairs.tests.helpers import jpeg_bytes, report


def add(client, repair, data, **kw):
    return client.post(reverse("portal:repair-add", args=[repair.pk]), data, **kw)


def test_amina_adds_a_few_words_and_reads_them_on_her_request(client, tenant, tenant_person, tenancy):
    repair = report(tenant_person, "door-lock")
    client.force_login(tenant)
    response = add(client, repair, {"text": "La clé tourne dans le vide."}, follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("portal:repair-detail", args=[repair.pk])
    assert "Merci. Nous l&#x27;avons ajouté à votre demande." in page
    assert "La clé tourne dans le vide." in page
    assert repair.events.filter(kind=EventKind.INFO, text="La clé tourne dans le vide.").exists()
    assert AuditEvent.objects.filter(action="repairs.information_added").exists()


def test_her_co_tenant_adds_a_photo_to_the_households_request(client, cotenant, tenant_person, tenancy):
    repair = report(tenant_person, "door-lock")
    client.force_login(cotenant)
    photo = SimpleUploadedFile("serrure.jpg", jpeg_bytes(), content_type="image/jpeg")
    response = add(client, repair, {"text": "", "photo": photo})
    assert response.status_code == 302
    assert repair.photos.count() == 1
    assert repair.events.get(kind=EventKind.INFO).data["photos"] == 1
    shown = client.get(reverse("portal:repair-detail", args=[repair.pk])).content.decode()
    assert reverse("portal:repair-photo", args=[repair.photos.get().pk]) in shown


def test_nothing_to_add_is_explained_on_the_page(client, tenant, tenant_person, tenancy):
    repair = report(tenant_person, "door-lock")
    client.force_login(tenant)
    response = add(client, repair, {"text": "  "})
    assert response.status_code == 400
    assert "Écrivez quelque chose ou ajoutez une photo." in response.content.decode()
    assert not repair.events.filter(kind=EventKind.INFO).exists()


def test_a_file_that_is_not_a_photo_is_refused_and_nothing_is_added(client, tenant, tenant_person, tenancy):
    repair = report(tenant_person, "door-lock")
    client.force_login(tenant)
    response = add(client, repair, {"text": "Voici la serrure",
                                    "photo": SimpleUploadedFile("serrure.jpg", b"%PDF-1.7", content_type="image/jpeg")})
    assert response.status_code == 400
    assert "Ce fichier n&#x27;est pas une photo." in response.content.decode()
    assert not repair.events.filter(kind=EventKind.INFO).exists() and not repair.photos.exists()


def test_a_file_name_with_dots_of_a_path_is_refused_with_a_clear_message(client, tenant, tenant_person, tenancy):
    repair = report(tenant_person, "door-lock")
    client.force_login(tenant)
    response = add(client, repair, {"photo": SimpleUploadedFile("..serrure.jpg", jpeg_bytes(),
                                                                content_type="image/jpeg")})
    assert response.status_code == 400
    assert "Le nom de ce fichier n&#x27;est pas accepté." in response.content.decode()
    assert not repair.photos.exists()


def test_a_neighbour_cannot_add_to_another_households_request(client, neighbour, tenant_person, tenancy):
    repair = report(tenant_person, "door-lock")
    client.force_login(neighbour)
    assert add(client, repair, {"text": "Bonjour"}).status_code == 404
    assert not repair.events.filter(kind=EventKind.INFO).exists()
