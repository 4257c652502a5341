"""The few views that belong to no app's domain: the session's own."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from contactpolicy.middleware import record_activity


@require_POST
@login_required
def session_keep_alive(request: HttpRequest) -> HttpResponse:
    """ "Stay signed in" on the timeout warning: the idle clock starts again."""
    record_activity(request)
    return HttpResponse(status=204)
