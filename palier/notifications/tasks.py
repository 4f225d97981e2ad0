from django.tasks import task

from . import services


@task()
def deliver_message(message_id: int) -> str:
    """Send one outbox message. Safe to run twice: only one run can claim the row."""
    return services.deliver(message_id=message_id)


@task()
def deliver_outbox() -> int:
    """Send every due message, in claimed batches. Safe to run in several workers at once."""
    return services.deliver_due()


@task()
def sweep_outbox() -> int:
    """The periodic sweep (every five minutes): take back dead workers' leases, then send."""
    services.requeue_stuck_messages()
    return services.deliver_due()


@task()
def print_letters() -> int:
    """The daily paper batch (once a day, before the print room collects it)."""
    from palier.core.acting import Acting

    from .paper import print_daily_letters

    batch = print_daily_letters(acting=Acting.system())
    return batch.letters if batch else 0
