"""Error pages in the GOV.UK style, and 503 when the database or the file store cannot be used.

Django calls `server_error` for any exception no view handled, from a middleware or a
view, while the exception is still being handled: a database that cannot be reached or
that timed out (`OperationalError`, `InterfaceError`) is answered with 503 "Sorry, the
service is unavailable" rather than a 500 (issue 8, defect 7), as is a file store that
cannot be written (`StorageUnavailable`, issue 17). Both pages are rendered
without the request's context processors, which would read the session from the database
that has just failed.
"""

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.csrf import requires_csrf_token

from contactpolicy.context_processors import SERVICE_NAME
from contactpolicy.storage import StorageUnavailable

DATABASE_UNREACHABLE = (OperationalError, InterfaceError)
UNAVAILABLE = (*DATABASE_UNREACHABLE, StorageUnavailable)
RETRY_AFTER_SECONDS = 60


def _plain_page(request: HttpRequest, template: str) -> str:
    """A page in the base layout that reads nothing from the database."""
    context = {
        "service_name": getattr(settings, "SERVICE_NAME", SERVICE_NAME),
        "CSP_NONCE": str(getattr(request, "csp_nonce", "")),
    }
    return render_to_string(template, context)


def service_unavailable(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(_plain_page(request, "503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    if isinstance(sys.exception(), UNAVAILABLE):
        return service_unavailable(request)
    return HttpResponseServerError(_plain_page(request, "500.html"))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without its security token, or with an expired one (CSRF_FAILURE_VIEW)."""
    return render(request, "403_csrf.html", status=403)


class MethodNotAllowedPageMiddleware:
    """Give the bare 405 of `require_POST` and friends the GOV.UK page, keeping `Allow`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 405 and not response.content:
            response.content = render_to_string("405.html", request=request)
            response["Content-Type"] = "text/html; charset=utf-8"
        return response
