"""Signing in with a second factor: the code page, setting up an authenticator app, the
recovery codes, and the person's own sign-in security page. The rules are in
`contactpolicy.second_factor`; `contactpolicy.middleware.SecondFactorMiddleware` sends
people here."""

from urllib.parse import urlencode

import django_otp
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from contactpolicy import second_factor
from contactpolicy.forms import GovukForm

RECOVERY_CODES_SESSION_KEY = "second_factor_recovery_codes"


def _next_url(request: HttpRequest) -> str:
    """Where to go once done: the page first asked for, if it is one of ours."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    # A path on this site only: "0" or "dashboard" would be read as a view's name.
    if (
        wanted.startswith("/")
        and len(wanted) <= 2000
        and url_has_allowed_host_and_scheme(
            wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return wanted
    return reverse("screens:dashboard")


def _normalise(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


class CodeForm(GovukForm):
    """A six-digit code from the app or, at sign-in, a recovery code."""

    code = forms.CharField(
        label="Code",
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "class": "govuk-input--width-10",
                "autocomplete": "one-time-code",
                "spellcheck": "false",
                "autocapitalize": "none",
            }
        ),
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
    )

    def __init__(self, *args, recovery_allowed: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.recovery_allowed = recovery_allowed
        self.fields["code"].error_messages["max_length"] = (
            "Enter the 6-digit code from your authenticator app"
            + (", or a recovery code" if recovery_allowed else "")
        )
        if recovery_allowed:
            self.fields["code"].help_text = "Or enter one of your recovery codes."
        else:
            self.fields["code"].widget.attrs["inputmode"] = "numeric"

    def clean_code(self) -> str:
        code = _normalise(self.cleaned_data["code"])
        if second_factor.SIX_DIGITS.match(code):
            return code
        if self.recovery_allowed and second_factor.RECOVERY_CODE.match(code):
            return code
        if self.recovery_allowed:
            raise ValidationError(
                "Enter the 6-digit code from your authenticator app, or a recovery code of "
                "8 letters and numbers"
            )
        raise ValidationError("The code must be 6 numbers, like 123456")


def _signed_in_with(request: HttpRequest, device) -> None:
    """Mark this session verified by `device`, under a new session key."""
    request.session.cycle_key()
    django_otp.login(request, device)


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """ "Enter the 6-digit code from your authenticator app", after the password."""
    user = request.user
    if user.is_verified():
        return HttpResponseRedirect(_next_url(request))
    if not second_factor.has_second_factor(user):
        return redirect("second_factor_enrol")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check = second_factor.second_factor_check(user=user, code=form.cleaned_data["code"])
        if check.device is None:
            form.add_error("code", check.refusal)
        else:
            _signed_in_with(request, check.device)
            if second_factor.RECOVERY_CODE.match(form.cleaned_data["code"]):
                left = second_factor.recovery_codes_left(user)
                messages.warning(
                    request,
                    f"You used a recovery code. You have {left} left: get new ones from "
                    "Sign-in security once you have your authenticator app again.",
                )
            return HttpResponseRedirect(_next_url(request))
    return render(
        request,
        "registration/second_factor_verify.html",
        {"form": form, "next": _next_url(request)},
    )


@login_required
def enrol(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code or type the key, then confirm with a
    first code. Someone who has one already must have given its code this session."""
    user = request.user
    if second_factor.has_second_factor(user) and not user.is_verified():
        return redirect("second_factor_verify")
    device = second_factor.second_factor_enrolment_start(user=user)
    form = CodeForm(request.POST or None, recovery_allowed=False)
    if request.method == "POST" and form.is_valid():
        check, codes = second_factor.second_factor_confirm(
            user=user, device_id=device.pk, code=form.cleaned_data["code"]
        )
        if check.device is None:
            form.add_error("code", check.refusal)
        else:
            _signed_in_with(request, check.device)
            request.session[RECOVERY_CODES_SESSION_KEY] = codes
            next_url = urlencode({"next": _next_url(request)})
            return redirect(f"{reverse('second_factor_recovery_codes')}?{next_url}")
    context = {
        "form": form,
        "qr_code": second_factor.qr_code_svg(device),
        "secret": second_factor.secret_for_display(device),
        "required": second_factor.second_factor_required(user),
        "replacing": second_factor.has_second_factor(user),
        "next": _next_url(request),
    }
    return render(request, "registration/second_factor_enrol.html", context)


@require_GET
@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """The new recovery codes, shown once: reloading the page does not show them again."""
    codes = request.session.pop(RECOVERY_CODES_SESSION_KEY, None)
    if not codes:
        return redirect("second_factor_settings")
    return render(
        request,
        "registration/second_factor_recovery_codes.html",
        {"codes": codes, "next": _next_url(request)},
    )


@require_GET
@login_required
def security(request: HttpRequest) -> HttpResponse:
    """The person's own sign-in security: whether an app is set up, recovery codes left."""
    user = request.user
    context = {
        "has_app": second_factor.has_second_factor(user),
        "required": second_factor.second_factor_required(user),
        "codes_left": second_factor.recovery_codes_left(user),
    }
    return render(request, "registration/second_factor_settings.html", context)


@require_POST
@login_required
def new_recovery_codes(request: HttpRequest) -> HttpResponse:
    """Replace the recovery codes; the old ones stop working at once."""
    if not second_factor.has_second_factor(request.user):
        return redirect("second_factor_settings")
    request.session[RECOVERY_CODES_SESSION_KEY] = second_factor.recovery_codes_replace(
        user=request.user
    )
    return redirect("second_factor_recovery_codes")
