from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cases.forms import DashboardFilterForm
from cases.selectors import contact_rows, open_contacts, team_of
from contactpolicy.access import STAFF_ROLES
from contactpolicy.dashboard import greeting_for
from contactpolicy.middleware import record_activity
from contactpolicy.selectors import NoActiveProfile, profile_calendar, profile_get_active

DASHBOARD_PAGE_SIZE = 25


def dashboard(request: HttpRequest) -> HttpResponse:
    """The signed-in person's start page: a greeting by role and the contacts due."""
    user = request.user
    try:
        profile = profile_get_active()
    except NoActiveProfile:
        profile = None
    context = {"greeting": greeting_for(user), "profile": profile}
    if profile is not None and user.has_role(*STAFF_ROLES):
        filters = DashboardFilterForm(request.GET or None)
        wanted = filters.cleaned_data if filters.is_valid() else {}
        channel, state = wanted.get("channel", ""), wanted.get("state", "")
        calendar = profile_calendar(profile)
        now = timezone.now()
        sections = [("mine", "Your contacts", [user], "page")]
        if user.is_manager:
            sections.append(("team", "Your team's contacts", team_of(user), "team_page"))
        context["filters"] = filters
        context["query_string"] = request.GET.urlencode()
        context["sections"] = []
        for key, title, officers, page_param in sections:
            contacts = open_contacts(
                officers=officers, calendar=calendar, now=now, channel=channel, state=state
            )
            page = Paginator(contacts, DASHBOARD_PAGE_SIZE).get_page(request.GET.get(page_param))
            context["sections"].append(
                {
                    "key": key,
                    "title": title,
                    "page": page,
                    "page_param": page_param,
                    "rows": contact_rows(page.object_list, calendar, now),
                }
            )
    return TemplateResponse(request, "contactpolicy/dashboard.html", context)


@require_POST
def session_keep_alive(request: HttpRequest) -> HttpResponse:
    """ "Stay signed in" on the timeout warning: the idle clock starts again."""
    record_activity(request)
    return HttpResponse(status=204)
