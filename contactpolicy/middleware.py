"""Refuse requests carrying NUL characters before they reach a view.

PostgreSQL cannot store or compare text containing NUL, so a `%00` in a URL or a form
would otherwise end in a server error wherever a view looks something up by it. Forms
refuse them field by field; this covers the path and the query string and any form alike.
"""

from django.http import HttpRequest, HttpResponseBadRequest
from django.template.loader import render_to_string

NUL = "\x00"


def _has_nul(request: HttpRequest) -> bool:
    if NUL in request.path:
        return True
    sources = [request.GET, request.POST] if request.method == "POST" else [request.GET]
    for data in sources:
        for key, values in data.lists():
            if NUL in key or any(NUL in value for value in values):
                return True
    return False


class RejectNullCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if _has_nul(request):
            return HttpResponseBadRequest(render_to_string("400.html", request=request))
        return self.get_response(request)
