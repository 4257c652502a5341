"""The few views that belong to no app's domain: the session's own, and the site icon."""

from django.contrib.auth.decorators import login_not_required, login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.views.decorators.http import require_GET, require_POST

from contactpolicy.middleware import record_activity


@require_POST
@login_required
def session_keep_alive(request: HttpRequest) -> HttpResponse:
    """ "Stay signed in" on the timeout warning: the idle clock starts again."""
    record_activity(request)
    return HttpResponse(status=204)


@require_GET
@login_not_required
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on pages that name no icon (a file, a bare error)."""
    return redirect(static("vendor/govuk/assets/images/favicon.ico"))
