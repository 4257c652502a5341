"""Queueing background work safely from a request.

Tasks are sent by name after the transaction commits, so a worker never looks for a row
that is not there yet, and a broker that is down costs the request a warning in the log,
not an error: every periodic task derives its work from the database, so the next
scheduled run catches up (DESIGN.md §10).
"""

import logging

from celery import current_app
from django.db import transaction

logger = logging.getLogger(__name__)


def send_after_commit(task_name: str, *args, app=None) -> None:
    """Queue the task `task_name` once the current transaction commits."""
    app = app or current_app

    def send() -> None:
        try:
            app.signature(task_name, args=args).apply_async()
        except Exception:  # the broker's errors vary by transport; none may fail the request
            logger.warning(
                "Could not queue %s; its next scheduled run will catch up", task_name, exc_info=True
            )

    transaction.on_commit(send)
