"""Keep NUL characters away from the views.

PostgreSQL cannot store or compare text containing NUL, so a `%00` in a URL would
otherwise end in a server error wherever a view looks something up by it: a path or a
query string holding one is refused with the 400 page. A submitted form is not thrown
away for one: the NUL is taken out of the values before any view reads them, and the
fields it was typed in are named (`SubmittedData.refused`), so every form built on
`contactpolicy.forms.GovukFormMixin` shows the form again with an error on each of them
and everything else as typed.
"""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponseBadRequest, HttpResponseRedirect, QueryDict
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve, reverse
from django.utils.cache import patch_cache_control
from django_htmx.http import HttpResponseClientRedirect

NUL = "\x00"


class SubmittedData(QueryDict):
    """A submitted form's values with NUL taken out, and the names of the fields that
    held one. Copies keep the names, as forms are often given `request.POST.copy()`."""

    refused: frozenset[str] = frozenset()

    def copy(self):
        copied = super().copy()
        copied.refused = self.refused
        return copied

    def __deepcopy__(self, memo):
        copied = super().__deepcopy__(memo)
        copied.refused = self.refused
        return copied


def _without_nul(data: QueryDict) -> SubmittedData:
    cleaned = SubmittedData(mutable=True, encoding=data.encoding)
    refused = set()
    for key, values in data.lists():
        if any(NUL in value for value in values):
            refused.add(key)
        cleaned.setlist(key, [value.replace(NUL, "") for value in values])
    cleaned.refused = frozenset(refused)
    cleaned._mutable = False
    return cleaned


def _has_nul(request: HttpRequest) -> bool:
    """NUL where no form can answer for it: in the path, the query string, or a name."""
    if NUL in request.path:
        return True
    for key, values in request.GET.lists():
        if NUL in key or any(NUL in value for value in values):
            return True
    return request.method == "POST" and any(NUL in key for key in request.POST)


class RejectNullCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if _has_nul(request):
            return HttpResponseBadRequest(render_to_string("400.html", request=request))
        if request.method == "POST" and any(
            NUL in value for _, values in request.POST.lists() for value in values
        ):
            request.POST = _without_nul(request.POST)
        return self.get_response(request)


# -- Sessions and caching (issue 8, defect 8) --------------------------------------------

LAST_ACTIVITY = "last_activity"
# Writing the session on every request costs a database write; a minute's precision is enough.
ACTIVITY_RESOLUTION_SECONDS = 60

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    )
)


def record_activity(request: HttpRequest) -> None:
    request.session[LAST_ACTIVITY] = int(time.time())


def idle_seconds_left(request: HttpRequest) -> int:
    """How long the signed-in person may stay idle from now before being signed out."""
    session = getattr(request, "session", None)
    last = session.get(LAST_ACTIVITY, int(time.time())) if session is not None else None
    if last is None:
        return settings.SESSION_IDLE_TIMEOUT
    return max(0, settings.SESSION_IDLE_TIMEOUT - (int(time.time()) - last))


class IdleSessionTimeoutMiddleware:
    """Sign out anyone idle for SESSION_IDLE_TIMEOUT seconds, judged on the server.

    The page warns two minutes before (static/app/session-timeout.js, GOV.UK's timeout
    warning pattern) and "Stay signed in" posts to the keep-alive address. Sits after the
    authentication middleware and before LoginRequiredMiddleware, which then sends the
    signed-out request to the sign-in page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get(LAST_ACTIVITY)
            if last is not None and now - last > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
            elif last is None or now - last >= ACTIVITY_RESOLUTION_SECONDS:
                request.session[LAST_ACTIVITY] = now
        return self.get_response(request)


class PrivateResponseHeadersMiddleware:
    """No signed-in page is kept in the browser's cache; no page may use device features.

    Notes, personal data and register.csv must not be reopened from the cache, where no
    viewing is logged (issue 8, defect 8).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
            response.headers.pop("Expires", None)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


# -- The second factor (issue 17) ---------------------------------------------------------

# What a signed-in person who still owes their second factor may reach.
BEFORE_SECOND_FACTOR = frozenset(
    {
        "second_factor_verify",
        "second_factor_enrol",
        "logout",
        "login",
        "session_keep_alive",
        "health",
    }
)


def second_factor_owed(request: HttpRequest) -> str | None:
    """Where a signed-in person must go before anything else: the page asking for their
    code, the page setting up their app, or None when they owe nothing."""
    from contactpolicy.second_factor import has_second_factor, second_factor_required

    user = request.user
    if not user.is_authenticated or user.is_verified():
        return None
    if has_second_factor(user):
        return "second_factor_verify"
    if second_factor_required(user):
        return "second_factor_enrol"
    return None


class SecondFactorMiddleware:
    """Hold a signed-in person at the second factor until they have given it.

    Whoever has set up an authenticator app, or must have one
    (`contactpolicy.second_factor.second_factor_required`), reaches only the pages that
    ask for the code or set the app up, signing out, the health check and static files
    until this session is verified. Everything else, the admin site and POSTs included, is
    sent there; an htmx request is told to load that page in full. Sits after
    OTPMiddleware, which reads the verification from the session.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if not request.path.startswith(settings.STATIC_URL) and request.path != "/favicon.ico":
            target = second_factor_owed(request)
            if target is not None and self._url_name(request) not in BEFORE_SECOND_FACTOR:
                return self._send_to(request, target)
        return self.get_response(request)

    @staticmethod
    def _url_name(request: HttpRequest) -> str | None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
        return match.view_name

    @staticmethod
    def _send_to(request: HttpRequest, target: str):
        url = reverse(target)
        if request.method == "GET":
            url = f"{url}?{urlencode({'next': request.get_full_path()})}"
        if request.headers.get("HX-Request") == "true":
            return HttpResponseClientRedirect(url)
        return HttpResponseRedirect(url)
