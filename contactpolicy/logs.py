"""Console logging: a refused request is one line; a server error keeps its traceback.

Django logs every 4xx answer (a form refused, a page forbidden, a conflict) through
`django.request` or `django.security.*`, and those raised as exceptions carry the whole
traceback. They are the service working as intended, not faults: on the console they
become a single line saying who asked for which path and why it was refused. So does a 503
for a file store that cannot be written: its cause is in its message, not in our code.
"""

import logging

from contactpolicy.storage import StorageUnavailable

ANONYMOUS = "anonymous"
REASON_ATTRIBUTE = "refusal_reason"


def refusal_reason(request, reason: str) -> None:
    """Say why a view answers with a 4xx of its own, for the one line the console shows."""
    setattr(request, REASON_ATTRIBUTE, reason)


def request_user(request) -> str:
    """Who made the request, without reading the session when no middleware has yet."""
    user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    return user.get_username()


class ClientErrorsOnOneLine(logging.Filter):
    """Rewrite a 4xx record (or a `django.security` one, or a file store outage) as
    `status user method path: reason`."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        exception = record.exc_info[1] if record.exc_info else None
        security = record.name.startswith("django.security")
        refused = record.name == "django.request" and status is not None and 400 <= status < 500
        outage = record.name == "django.request" and isinstance(exception, StorageUnavailable)
        if not (security or refused or outage):
            return True
        request = getattr(record, "request", None)
        if request is None and not security:
            return True
        reason = getattr(request, REASON_ATTRIBUTE, "") or (
            str(exception) if exception is not None else record.getMessage()
        )
        if request is not None:
            method = getattr(request, "method", "") or ""
            path = getattr(request, "path", "") or ""
            reason = reason.removesuffix(f": {path}")
            record.msg = "%s %s %s %s: %s"
            record.args = (status or 400, request_user(request), method, path, reason)
        else:
            record.msg, record.args = "%s", (reason,)
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        return True
