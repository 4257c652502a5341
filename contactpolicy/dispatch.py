"""Queueing background work safely from a request.

Tasks are sent by name after the transaction commits, so a worker never looks for a row
that is not there yet, and a broker that is down costs the request at most a second and
one line in the log per outage, never an error: every periodic task derives its work from
the database, so the next scheduled run catches up (DESIGN.md §10).
"""

import logging
import threading

from celery import current_app
from django.db import transaction

logger = logging.getLogger(__name__)

# A web request waits this long at most for the broker to accept a connection.
PUBLISH_CONNECT_TIMEOUT = 1.0

_outage = threading.Event()  # set while this process cannot reach the broker


def broker_unreachable() -> bool:
    """True if this process's last attempt to queue a task failed."""
    return _outage.is_set()


def _publish(app, task_name: str, args: tuple) -> None:
    if app.conf.task_always_eager:
        app.signature(task_name, args=args).apply_async()
        return
    # A connection of its own, not the shared producer pool: kombu's default is to retry
    # a refused connection with back-off (seconds per attempt), and the Redis result
    # backend retries its subscription twenty times (about 20 s). Nothing here needs a
    # result: every task records its outcome in the database.
    with app.connection_for_write(
        connect_timeout=PUBLISH_CONNECT_TIMEOUT, transport_options={"max_retries": 0}
    ) as connection:
        app.send_task(task_name, args=args, connection=connection, ignore_result=True, retry=False)


def send_now(task_name: str, *args, app=None) -> bool:
    """Queue the task `task_name` now. False, after logging the first failure of an
    outage once, if the broker could not take it."""
    app = app or current_app
    try:
        _publish(app, task_name, args)
    except Exception as error:  # the broker's errors vary by transport; none may fail a request
        if not _outage.is_set():
            _outage.set()
            logger.warning(
                "Could not queue %s (%s: %s); queued work waits for the next scheduled run "
                "until the broker answers again",
                task_name,
                type(error).__name__,
                error,
            )
        return False
    if _outage.is_set():
        _outage.clear()
        logger.info("The broker takes tasks again")
    return True


def send_after_commit(task_name: str, *args, app=None) -> None:
    """Queue the task `task_name` once the current transaction commits."""
    transaction.on_commit(lambda: send_now(task_name, *args, app=app))
