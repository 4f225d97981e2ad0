from django.tasks import task

from . import services


@task()
def deliver_message(message_id: int) -> str:
    """Send one outbox message. Safe to run twice: only one run can claim the row."""
    return services.deliver(message_id=message_id)
