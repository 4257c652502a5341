from django.conf import settings

from contactpolicy.middleware import idle_seconds_left
from contactpolicy.navigation import navigation_for
from contactpolicy.reminders import unread_count

SERVICE_NAME = "Contact policy case management"


def service(request) -> dict:
    """The service name and the navigation shown on every page."""
    context = {"service_name": getattr(settings, "SERVICE_NAME", SERVICE_NAME)}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        # Called by the header only, once: one COUNT on an index of the unread rows.
        context["unread_notifications"] = lambda: unread_count(user)
        context["session_timeout"] = settings.SESSION_IDLE_TIMEOUT
        context["session_timeout_warning"] = settings.SESSION_TIMEOUT_WARNING
        context["session_timeout_remaining"] = idle_seconds_left(request)
        match = request.resolver_match
        context["navigation"] = navigation_for(
            user,
            match.url_name if match else None,
            match.namespace if match else None,
        )
    return context
