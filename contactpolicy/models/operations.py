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
