from django.tasks import task


@task()
def apply_retention() -> int:
    """The nightly retention run (schedule it once a day: `manage.py apply_retention` from cron, or
    enqueue this task). Returns the number of items deleted or redacted."""
    from palier.core.acting import Acting

    from . import services

    return services.apply_retention(acting=Acting.system()).total
