"""The grid of the contact pages (messages, inbox, building page, deliveries, appointments,
call-backs, contact history) across the portal, the kiosk and the back office.

The objects these rows need are built lazily from the world (and remembered on it), so the shared
grid conftest needs nothing more than its named people."""

import io

from .framework import LOGIN, NOT_ALLOWED, NOT_FOUND, OK, Grid, row, staff_only, to

NEEDS_SIGN_IN = {"anonymous": LOGIN, "kiosk": LOGIN}
CONTACT_STAFF = ("agent", "other_agent", "manager")
KIOSK_SIGN_IN = {"kiosk": to("kiosk:sign-in")}


def _once(w, name, build):
    """Build once per world (the grid's SimpleNamespace or the browser tests' lazy world)."""
    made = vars(w)
    if name not in made:
        made[name] = build()
    return made[name]


def _png():
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, format="PNG")
    return SimpleUploadedFile("leak.png", out.getvalue(), content_type="image/png")


def conversation(w):
    from palier.contact.conversations import start_conversation
    from palier.core.acting import Acting

    return _once(w, "_conversation", lambda: start_conversation(
        acting=Acting(user=w.tenant), person=w.tenant_person, topic="repair", body="La fenêtre ne ferme plus.",
        files=[_png()]))


def far_conversation(w):
    from palier.contact.conversations import start_conversation
    from palier.core.acting import Acting

    person = w.far_tenancy.household.persons.first()
    return _once(w, "_far_conversation", lambda: start_conversation(
        acting=Acting.system(), person=person, topic="other", body="Vraag over de huur.", files=[_png()]))


def inbox_message(w):
    from palier.core.acting import Acting
    from palier.notifications.services import queue_message

    return _once(w, "_inbox", lambda: queue_message(
        acting=Acting.system(), channel="portal", to="", subject="Bienvenue", body="Bonjour.",
        person=w.tenant_person, user=w.tenant))


def far_inbox_message(w):
    from palier.core.acting import Acting
    from palier.notifications.services import queue_message

    return _once(w, "_far_inbox", lambda: queue_message(
        acting=Acting.system(), channel="portal", to="", subject="Welkom", body="Goedendag.",
        person=w.neighbour_person, user=w.neighbour))


def sms_to(w, person, name):
    from palier.core.acting import Acting
    from palier.notifications.services import queue_message

    return _once(w, name, lambda: queue_message(
        acting=Acting.system(), channel="letter", to="", subject="Lettre", body="Bonjour.", person=person))


def batch(w):
    from palier.notifications.models import PaperBatch

    def build():
        from django.core.files.base import ContentFile
        from django.utils import timezone

        made = PaperBatch.objects.create(day=timezone.localdate(), letters=1)
        made.file.save("letters-grid.pdf", ContentFile(b"%PDF-1.7\n"), save=True)
        return made

    return _once(w, "_batch", build)


def _appointment(person, agency, hour):
    import datetime as dt

    from django.utils import timezone

    from palier.contact.appointments import book_appointment
    from palier.contact.models import AppointmentSlot
    from palier.core.acting import Acting

    start = timezone.now().replace(minute=0, second=0, microsecond=0) + dt.timedelta(days=2, hours=hour)
    slot = AppointmentSlot.objects.create(agency=agency, kind="counter", starts_at=start,
                                          ends_at=start + dt.timedelta(minutes=30))
    return book_appointment(acting=Acting.system(), person=person, slot=slot)


def appointment(w):
    return _once(w, "_appointment", lambda: _appointment(w.tenant_person, w.agency, 1))


def far_appointment(w):
    return _once(w, "_far_appointment", lambda: _appointment(w.far_tenancy.household.persons.first(),
                                                             w.other_agency, 2))


def free_time(w):
    """A free counter time at Amina's agency, the day after tomorrow."""
    import datetime as dt

    from django.utils import timezone

    from palier.contact.models import AppointmentSlot

    def build():
        start = timezone.now().replace(minute=30, second=0, microsecond=0) + dt.timedelta(days=2, hours=3)
        return AppointmentSlot.objects.create(agency=w.agency, kind="counter", starts_at=start,
                                              ends_at=start + dt.timedelta(minutes=30))

    return _once(w, "_free_time", build)


def _canned(w, name, agency, title):
    from palier.contact.models import CannedReply

    return _once(w, name, lambda: CannedReply.objects.create(agency=agency, title_fr=title, body_fr="Bonjour."))


def canned_reply(w):
    """A ready-made answer of Marolles, Marc's agency."""
    return _canned(w, "_canned", w.agency, "Réponse de Marolles")


def far_canned_reply(w):
    return _canned(w, "_far_canned", w.other_agency, "Réponse de Schaerbeek")


def conversation_file(w):
    return {"pk": conversation(w).messages.first().attachments.first().pk}


def far_conversation_file(w):
    return {"pk": far_conversation(w).messages.first().attachments.first().pk}


def own(builder):
    return lambda w: {"pk": builder(w).pk}


# Sophie acting for Amina under a valid mandate with the messages scope sees what Amina sees.
TENANT_ONLY = {"tenant": OK, "helper_in_scope": OK, "cotenant": NOT_FOUND, "neighbour": NOT_FOUND}
ALL_TENANTS = {"tenant": OK, "helper_in_scope": OK, "cotenant": OK, "neighbour": OK}

PORTAL_ROWS = [
    row("portal:messages", **NEEDS_SIGN_IN, **ALL_TENANTS, default=NOT_FOUND),
    row("portal:conversation-new", **NEEDS_SIGN_IN, **ALL_TENANTS, default=NOT_FOUND),
    row("portal:conversation", **NEEDS_SIGN_IN, **TENANT_ONLY, default=NOT_FOUND, kwargs=own(conversation)),
    row("portal:conversation", **NEEDS_SIGN_IN, default=NOT_FOUND, kwargs=own(far_conversation),
        label="another agency's conversation"),
    row("portal:conversation-file", **NEEDS_SIGN_IN, **TENANT_ONLY, default=NOT_FOUND, kwargs=conversation_file),
    row("portal:conversation-file", **NEEDS_SIGN_IN, default=NOT_FOUND, kwargs=far_conversation_file,
        label="a file of another household"),
    row("portal:inbox-message", **NEEDS_SIGN_IN, **TENANT_ONLY, default=NOT_FOUND, kwargs=own(inbox_message)),
    row("portal:inbox-message", **NEEDS_SIGN_IN, neighbour=OK, default=NOT_FOUND, kwargs=own(far_inbox_message),
        label="a neighbour's inbox message"),
    row("portal:building", **NEEDS_SIGN_IN, **ALL_TENANTS, default=NOT_FOUND),
    row("portal:appointments", **NEEDS_SIGN_IN, **ALL_TENANTS, default=NOT_FOUND),
    row("portal:appointment-book", **NEEDS_SIGN_IN, **ALL_TENANTS, default=NOT_FOUND),
    row("portal:appointment-move", **NEEDS_SIGN_IN, **TENANT_ONLY, default=NOT_FOUND, kwargs=own(appointment)),
    row("portal:appointment-move", **NEEDS_SIGN_IN, default=NOT_FOUND, kwargs=own(far_appointment),
        label="another household's appointment"),
    row("portal:appointment-cancel", **NEEDS_SIGN_IN, default=NOT_ALLOWED, kwargs=own(appointment)),
    row("portal:appointment-cancel", **NEEDS_SIGN_IN, tenant=to("portal:appointments"),
        helper_in_scope=to("portal:appointments"), default=NOT_FOUND,
        kwargs=own(appointment), method="post"),
    row("portal:appointment-cancel", **NEEDS_SIGN_IN, default=NOT_FOUND, kwargs=own(far_appointment), method="post",
        label="cancelling another household's appointment"),
    row("portal:callback-cancel", **NEEDS_SIGN_IN, default=NOT_ALLOWED),
    row("portal:callback-cancel", **NEEDS_SIGN_IN, method="post", **{p: to("portal:callback") for p in ALL_TENANTS},
        default=NOT_FOUND),
    row("portal:announcement", **NEEDS_SIGN_IN, tenant=OK, helper_in_scope=OK, cotenant=OK, neighbour=NOT_FOUND,
        default=NOT_FOUND,
        kwargs=lambda w: {"pk": w.announcement.pk}),
    row("portal:announcement", **NEEDS_SIGN_IN, default=NOT_FOUND, kwargs=lambda w: {"pk": w.far_announcement.pk},
        label="an announcement for another building"),
]


def kiosk_page(url_name, **kw):
    kw.setdefault("kiosk", to("kiosk:sign-in"))
    return row(url_name, default=NOT_FOUND, **kw)


KIOSK_ROWS = [
    kiosk_page("kiosk:callback-cancel", kiosk=NOT_ALLOWED),
    kiosk_page("kiosk:appointments"),
    kiosk_page("kiosk:appointment-book"),
    kiosk_page("kiosk:appointment-move", kwargs=own(appointment)),
    kiosk_page("kiosk:appointment-move", kwargs=own(far_appointment), label="an appointment (signed out)"),
    kiosk_page("kiosk:appointment-cancel", kwargs=own(appointment), method="post"),
    kiosk_page("kiosk:appointment-cancel", kwargs=own(far_appointment), method="post",
               label="cancelling an appointment (signed out)"),
    kiosk_page("kiosk:messages"),
    kiosk_page("kiosk:conversation-new"),
    kiosk_page("kiosk:conversation", kwargs=own(conversation)),
    kiosk_page("kiosk:conversation", kwargs=own(far_conversation), label="a conversation (signed out)"),
    kiosk_page("kiosk:conversation-file", kwargs=conversation_file),
    kiosk_page("kiosk:conversation-file", kwargs=far_conversation_file, label="a file (signed out)"),
    kiosk_page("kiosk:inbox-message", kwargs=own(inbox_message)),
    kiosk_page("kiosk:inbox-message", kwargs=own(far_inbox_message), label="a message (signed out)"),
]

BACKOFFICE_ROWS = [
    staff_only("backoffice:announcement-detail", ("agent", "manager"),
               kwargs=lambda w: {"pk": w.announcement.pk}),
    staff_only("backoffice:announcement-detail", ("other_agent",), kwargs=lambda w: {"pk": w.far_announcement.pk},
               agent=NOT_FOUND, manager=NOT_FOUND, label="an announcement of another agency"),
    staff_only("backoffice:conversation-list", CONTACT_STAFF),
    staff_only("backoffice:conversation", ("agent", "manager"), kwargs=own(conversation)),
    staff_only("backoffice:conversation", ("other_agent",), kwargs=own(far_conversation),
               label="a conversation of another agency"),
    staff_only("backoffice:conversation-close", CONTACT_STAFF, allowed=NOT_ALLOWED, kwargs=own(conversation)),
    staff_only("backoffice:conversation-close", ("agent", "manager"), allowed=to("backoffice:conversation-list"),
               kwargs=own(conversation), method="post"),
    staff_only("backoffice:conversation-close", ("other_agent",), allowed=to("backoffice:conversation-list"),
               kwargs=own(far_conversation), method="post", label="closing a conversation of another agency"),
    staff_only("backoffice:conversation-file", ("agent", "manager"), kwargs=conversation_file),
    staff_only("backoffice:conversation-file", ("other_agent",), kwargs=far_conversation_file,
               label="a file of another agency"),
    staff_only("backoffice:canned-reply-list", ("manager",)),
    staff_only("backoffice:canned-reply-create", ("manager",)),
    staff_only("backoffice:canned-reply-edit", ("manager",), kwargs=own(canned_reply)),
    staff_only("backoffice:canned-reply-edit", (), kwargs=own(far_canned_reply),
               label="a ready-made answer of another agency"),
    staff_only("backoffice:canned-reply-retire", ("manager",), allowed=NOT_ALLOWED, kwargs=own(canned_reply)),
    staff_only("backoffice:canned-reply-retire", ("manager",), allowed=to("backoffice:canned-reply-list"),
               kwargs=own(canned_reply), method="post", data=lambda w: {"version": "1", "retire": "1"}),
    staff_only("backoffice:canned-reply-retire", (), kwargs=own(far_canned_reply), method="post",
               data=lambda w: {"version": "1", "retire": "1"}, label="retiring a ready-made answer of another agency"),
    staff_only("backoffice:callback-not-reached", CONTACT_STAFF, allowed=NOT_ALLOWED,
               kwargs=lambda w: {"pk": w.callback.pk}),
    staff_only("backoffice:callback-not-reached", ("agent", "manager"), allowed=to("backoffice:callback-list"),
               kwargs=lambda w: {"pk": w.callback.pk}, method="post"),
    staff_only("backoffice:callback-not-reached", ("other_agent",), allowed=to("backoffice:callback-list"),
               kwargs=lambda w: {"pk": w.far_callback.pk}, method="post", label="a call-back of another agency"),
    staff_only("backoffice:appointment-list", CONTACT_STAFF),
    staff_only("backoffice:appointment-book", ("agent", "manager"), kwargs=lambda w: {"pk": w.tenancy.pk}),
    staff_only("backoffice:appointment-book", ("other_agent",), kwargs=lambda w: {"pk": w.far_tenancy.pk},
               label="a tenant of another agency"),
    # Moving first: the cancel rows below cancel these appointments.
    staff_only("backoffice:appointment-move", ("agent", "manager"), kwargs=own(appointment)),
    staff_only("backoffice:appointment-move", ("other_agent",), kwargs=own(far_appointment),
               label="moving an appointment of another agency"),
    staff_only("backoffice:appointment-move", ("other_agent",), kwargs=own(far_appointment), method="post",
               label="moving an appointment of another agency, posted"),
    staff_only("backoffice:appointment-cancel", CONTACT_STAFF, allowed=NOT_ALLOWED, kwargs=own(appointment)),
    staff_only("backoffice:appointment-cancel", ("agent", "manager"), allowed=to("backoffice:appointment-list"),
               kwargs=own(appointment), method="post"),
    staff_only("backoffice:appointment-cancel", ("other_agent",), allowed=to("backoffice:appointment-list"),
               kwargs=own(far_appointment), method="post", label="an appointment of another agency"),
    staff_only("backoffice:contact-history", ("agent", "manager", "accountant"), kwargs=lambda w: {"pk": w.tenancy.pk}),
    staff_only("backoffice:contact-history", ("other_agent", "accountant"), kwargs=lambda w: {"pk": w.far_tenancy.pk},
               label="the file of another agency"),
    staff_only("backoffice:delivery-list", CONTACT_STAFF),
    staff_only("backoffice:delivery-retry", CONTACT_STAFF, allowed=NOT_ALLOWED,
               kwargs=lambda w: {"pk": sms_to(w, w.tenant_person, "_letter").pk}),
    staff_only("backoffice:delivery-retry", ("agent", "manager"), allowed=to("backoffice:delivery-list"),
               kwargs=lambda w: {"pk": sms_to(w, w.tenant_person, "_letter").pk}, method="post"),
    staff_only("backoffice:delivery-retry", ("other_agent",), allowed=to("backoffice:delivery-list"),
               kwargs=lambda w: {"pk": sms_to(w, w.far_tenancy.household.persons.first(), "_far_letter").pk},
               method="post", label="a message to another agency's tenant"),
    staff_only("backoffice:letter-batch", CONTACT_STAFF, kwargs=own(batch)),
    staff_only("backoffice:letter-batch", (), kwargs=lambda w: {"pk": 999999}, label="a batch that does not exist"),
]

CONTACT = Grid("contact", (), PORTAL_ROWS + KIOSK_ROWS + BACKOFFICE_ROWS)
