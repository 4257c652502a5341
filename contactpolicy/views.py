"""The few views that belong to no app's domain: the session's own, the site icon, the
health of the services behind the application, the accessibility statement and the admin
site's way in."""

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required, login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from contactpolicy import access
from contactpolicy.health import health_checks
from contactpolicy.middleware import record_activity
from contactpolicy.roles import Role
from contactpolicy.selectors import NoActiveProfile, profile_get_active


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


@require_GET
@login_not_required
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    """The accessibility statement a public body must publish for its service (the Public
    Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations
    2018), in the organisation's name. Open to anyone: it says how to report a problem."""
    try:
        profile = profile_get_active()
    except NoActiveProfile:
        profile = None
    return TemplateResponse(request, "contactpolicy/accessibility.html", {"profile": profile})


@login_not_required
def admin_sign_in(request: HttpRequest) -> HttpResponse:
    """Where the admin site sends anyone it does not let in, in place of its own sign-in
    form: a signed-out visitor signs in to the service and comes back; someone signed in
    without administration rights meets the service's "You cannot see this page"."""
    target = request.GET.get("next", "")
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("admin:index")
    if not request.user.is_authenticated:
        return redirect_to_login(target)
    if admin.site.has_permission(request):
        return HttpResponseRedirect(target)
    raise PermissionDenied
