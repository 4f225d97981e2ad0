"""Figures of the outbox for `manage.py bench` (printed, never pass/fail): an urgent announcement
to every household, the outbox's throughput to a real local SMTP server, and the daily paper
batch. Each runs inside a transaction that is rolled back, so the data set is left as it was."""

import socket
import time

from django.db import connection, transaction
from django.db.models import Count
from django.test.utils import CaptureQueriesContext, override_settings

from palier.accounts.models import Role, User
from palier.core.acting import Acting
from palier.tenancies.models import Person, Tenancy


class _RollBack(Exception):
    pass


def _checks_now() -> None:
    """Run the deferred foreign-key checks row by row, as a commit would, so that a rolled-back
    figure still pays for them."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def urgent_announcement_figure() -> str:
    """Queue an urgent announcement to every household (target: all tenants) on every channel
    each adult chose, count the SQL queries and time it, then roll everything back."""
    from palier.contact.services import publish_announcement
    from palier.notifications.models import Message

    manager = User.objects.filter(role=Role.MANAGER, is_active=True).order_by("pk").first()
    if manager is None:
        return "Urgent announcement to all households: skipped (no manager in this database)"
    try:
        with transaction.atomic():
            _checks_now()
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as captured:
                announcement = publish_announcement(
                    acting=Acting(user=manager), target="all", urgent=True,
                    texts={"fr": ("Coupure d'eau demain", "L'eau sera coupée demain de 8 h à 12 h."),
                           "nl": ("Waterafsluiting morgen", "Morgen is er geen water van 8 tot 12 uur.")})
            elapsed = time.perf_counter() - started
            by_channel = dict(Message.objects.filter(topic=f"announcement:{announcement.pk}").order_by()
                              .values_list("channel").annotate(n=Count("pk")))
            raise _RollBack
    except _RollBack:
        pass
    households = Tenancy.objects.current().values("household_id").distinct().count()
    channels = ", ".join(f"{channel} {n:,}" for channel, n in sorted(by_channel.items()))
    return (f"Urgent announcement to all households: {sum(by_channel.values()):,} messages ({channels}) for "
            f"{households:,} households queued in {elapsed:.1f} s with {len(captured.captured_queries):,} SQL "
            f"queries (target ≤ 60 s; rolled back)")


def smtp_outbox_figure(emails: int = 1000, one_by_one: int = 200) -> str:
    """Queue `emails` emails and send them through the outbox worker (claim, lease, send, record
    each one) and Django's SMTP backend to a real SMTP server listening on this machine: emails
    per second. For comparison, `one_by_one` more go through the per-message task (a connection
    per email). Rolled back afterwards."""
    import logging

    from aiosmtpd.controller import Controller

    from palier.notifications.models import Message
    from palier.notifications.services import deliver, deliver_due, queue_many

    class Sink:
        received = 0

        async def handle_DATA(self, server, session, envelope):  # noqa: N802 - the aiosmtpd API
            Sink.received += 1
            return "250 OK"

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every SMTP line
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Sink(), hostname="127.0.0.1", port=port)
    controller.start()
    mailers = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                           "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 10}}}

    def queue(topic, n):
        queue_many(acting=Acting.system(), messages=(
            {"channel": "email", "to": f"{topic}{i}@example.org", "subject": "Coupure d'eau demain",
             "body": "L'eau sera coupée demain de 8 h à 12 h.", "language": "fr", "topic": f"bench:{topic}",
             "idempotency_key": f"bench-{topic}-{i}"} for i in range(n)))
        return Message.objects.filter(topic=f"bench:{topic}")

    try:
        with override_settings(MAILERS=mailers), transaction.atomic():
            batched = queue("smtp", emails)
            started = time.perf_counter()
            deliver_due(among=batched, rounds=emails)
            elapsed = time.perf_counter() - started
            sent = batched.filter(state="sent").count()
            single = queue("smtp-single", one_by_one)
            started = time.perf_counter()
            for pk in list(single.values_list("pk", flat=True)):
                deliver(message_id=pk)
            single_elapsed = time.perf_counter() - started
            single_sent = single.filter(state="sent").count()
            raise _RollBack
    except _RollBack:
        pass
    finally:
        controller.stop()
    return (f"Outbox to a local SMTP server: {sent:,} emails sent through the worker in {elapsed:.1f} s: "
            f"{sent / elapsed:,.0f} emails/s (one connection per batch of 200); one task per email: "
            f"{single_sent:,} in {single_elapsed:.1f} s, {single_sent / single_elapsed:,.0f} emails/s; "
            f"{Sink.received:,} received by the server (rolled back)")


def paper_batch_figure(letters: int = 1000) -> str:
    """Render `letters` queued letters into the print room's PDF; rolled back, the file removed."""
    from palier.notifications.models import Message
    from palier.notifications.paper import print_daily_letters

    persons = list(Person.objects.filter(household__tenancies__in=Tenancy.objects.current())
                   .order_by("pk").values_list("pk", "language")[:letters])
    if not persons:
        return "Paper batch: skipped (no tenants in this database)"
    try:
        with transaction.atomic():
            # Only the bench's letters: letters already waiting are left for the real batch.
            Message.objects.filter(channel="letter", state="queued").update(state="sending")
            Message.objects.bulk_create([
                Message(channel="letter", person_id=pk, language=language, subject="Coupure d'eau",
                        body="L'eau sera coupée demain de 8 h à 12 h.\nMerci de prévoir de l'eau.",
                        idempotency_key=f"bench-letter-{pk}")
                for pk, language in persons])
            started, cpu = time.perf_counter(), time.process_time()
            batch = print_daily_letters(acting=Acting.system())
            elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
            printed = batch.letters if batch else 0
            size = batch.file.size if batch else 0
            if batch is not None:
                batch.file.delete(save=False)
            raise _RollBack
    except _RollBack:
        pass
    # CPU time too: on a busy machine the wall-clock time mostly says how busy it is.
    return (f"Paper batch: {printed:,} letters rendered to one PDF ({size / 1e6:.1f} MB) in {elapsed:.1f} s "
            f"({cpu:.1f} s of CPU; {printed / elapsed if elapsed else 0:.1f} letters/s; rolled back)")


FIGURES = [urgent_announcement_figure, smtp_outbox_figure, paper_batch_figure]
