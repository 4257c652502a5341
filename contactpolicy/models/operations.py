from django.db import models


class TaskSuccess(models.Model):
    """When each background task last finished without error, recorded by the worker.

    Celery beat's own `last_run_at` says when a task was sent, not whether a worker ran it;
    the health page judges the periodic tasks by this.
    """

    task = models.CharField(max_length=200, unique=True)
    succeeded_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.task} succeeded at {self.succeeded_at:%Y-%m-%d %H:%M}"


class RetentionRun(models.Model):
    """One run of the retention sweep (`screens.retention.sweep`): when, whether it was a dry
    run, and how many records of each kind it anonymised, or would have. Counts and kinds
    only: never a name, reference or anything else about the people forgotten."""

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    dry_run = models.BooleanField(default=False)
    counts = models.JSONField(
        default=dict, blank=True, help_text="Record kind → how many rows were anonymised."
    )
    files_deleted = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        what = "Dry run" if self.dry_run else "Run"
        return f"{what} of the retention sweep at {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def total(self) -> int:
        return sum(self.counts.values())
