"""The sign-in page, and the two addresses of signing in with the identity provider: the
start, which sends the browser to the provider, and the callback it comes back to. The
rules are in `contactpolicy.identity_provider`; both addresses are not found unless an
identity provider is configured."""

import requests
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.utils.decorators import method_decorator
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from contactpolicy.forms import SignInForm
from contactpolicy.identity_provider import (
    REFUSAL_ATTRIBUTE,
    SignInRefusal,
    SignInRefused,
    provider_name,
    refusal_sentences,
)

# The person's own account could not be used: 403. The sign-in itself went wrong: 400, or
# 502 when the provider did not answer.
REFUSAL_STATUS = {
    SignInRefusal.UNKNOWN_EMAIL: 403,
    SignInRefusal.SWITCHED_OFF: 403,
    SignInRefusal.SHARED_EMAIL: 403,
    SignInRefusal.NO_EMAIL: 403,
    SignInRefusal.UNVERIFIED_EMAIL: 403,
    SignInRefusal.NOT_COMPLETED: 400,
    SignInRefusal.STARTED_ELSEWHERE: 400,
    SignInRefusal.UNREACHABLE: 502,
}


@method_decorator(login_not_required, name="dispatch")
class SignInView(auth_views.LoginView):
    """Username and password, and "Sign in with <provider>" when one is configured.

    With PASSWORD_SIGN_IN off, only the provider's button is offered and the form's
    POST is not allowed.
    """

    template_name = "registration/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def dispatch(self, request, *args, **kwargs):
        if (
            request.method == "POST"
            and not settings.PASSWORD_SIGN_IN
            and not request.user.is_authenticated
        ):
            return HttpResponseNotAllowed(["GET"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["password_sign_in"] = settings.PASSWORD_SIGN_IN
        context["identity_provider"] = provider_name() if settings.OIDC_ENABLED else None
        return context


def _refused_page(request: HttpRequest, refused: SignInRefused) -> HttpResponse:
    status = REFUSAL_STATUS[refused.reason]
    heading = (
        f"You cannot sign in with {provider_name()}"
        if status == 403
        else f"Signing in with {provider_name()} did not work"
    )
    return render(
        request,
        "registration/sign_in_refused.html",
        {"heading": heading, "sentences": refusal_sentences(refused)},
        status=status,
    )


class SignInStartView(OIDCAuthenticationRequestView):
    """Send the browser to the provider, with `next` kept for the way back."""

    def __init__(self, *args, **kwargs):
        if settings.OIDC_ENABLED:
            super().__init__(*args, **kwargs)
        else:  # the library's reads settings an unconfigured service does not have
            super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)

    def get(self, request):
        if not settings.OIDC_ENABLED:
            raise Http404
        return super().get(request)


class SignInCallbackView(OIDCAuthenticationCallbackView):
    """Where the provider sends the browser back: signed in, or a page saying why not."""

    def get(self, request):
        if not settings.OIDC_ENABLED:
            raise Http404
        try:
            return super().get(request)
        except SuspiciousOperation:
            # An unknown or spent state, a token that fails its checks.
            return _refused_page(request, SignInRefused(SignInRefusal.STARTED_ELSEWHERE))
        except requests.RequestException:
            return _refused_page(request, SignInRefused(SignInRefusal.UNREACHABLE))

    def login_failure(self):
        refused = getattr(self.request, REFUSAL_ATTRIBUTE, None)
        if refused is None:
            reason = (
                SignInRefusal.NOT_COMPLETED
                if self.request.GET.get("error")
                else SignInRefusal.STARTED_ELSEWHERE
            )
            refused = SignInRefused(reason)
        return _refused_page(self.request, refused)
