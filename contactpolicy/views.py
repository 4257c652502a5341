"""The few views that belong to no app's domain: the session's own, the site icon, and
the health of the services behind the application."""

from django.contrib.auth.decorators import login_not_required, login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.views.decorators.http import require_GET, require_POST

from contactpolicy import access
from contactpolicy.health import health_checks
from contactpolicy.middleware import record_activity
from contactpolicy.roles import Role


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


@require_GET
@access.role_required(Role.ADMINISTRATOR)
def health(request: HttpRequest) -> HttpResponse:
    """The database, the broker, each worker and each periodic task: green or red."""
    checks = health_checks()
    groups: dict[str, list] = {}
    for check in checks:
        groups.setdefault(check.group, []).append(check)
    context = {"groups": groups, "all_ok": all(check.ok for check in checks)}
    return TemplateResponse(request, "contactpolicy/health.html", context)
