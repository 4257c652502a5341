"""The letterhead page: administrators keep the active profile's postal address, phone
number, email and web addresses, logo and policy PDF, which every letter prints or encloses.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from contactpolicy import access, services
from contactpolicy.access import role_required
from contactpolicy.forms import LetterheadForm, form_add_service_errors
from contactpolicy.letterhead import missing_in_words
from contactpolicy.models import PolicyProfile
from contactpolicy.selectors import profile_get_active


def _initial(profile: PolicyProfile) -> dict:
    return {name: getattr(profile, name) for name in services.LETTERHEAD_TEXT_FIELDS}


@role_required(*access.LETTERHEAD_EDITOR_ROLES)
def letterhead(request: HttpRequest) -> HttpResponse:
    """The letterhead as it stands, each missing part "To be completed", and the form to
    change it. Issuing a letter is refused until the four contact details are there."""
    profile = profile_get_active()
    form = LetterheadForm(initial=_initial(profile))
    status = 200
    if request.method == "POST":
        form = LetterheadForm(request.POST, request.FILES)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.profile_letterhead_change(
                    profile=profile,
                    actor=request.user,
                    address=data["address"],
                    telephone=data["telephone"],
                    email=data["email"],
                    web_address=data["web_address"],
                    logo=data["logo"] or None,
                    remove_logo=data["remove_logo"],
                    policy_pdf=data["policy_pdf"] or None,
                    remove_policy_pdf=data["remove_policy_pdf"],
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, "Letterhead saved")
                return redirect("letterhead")
    context = {
        "profile": profile,
        "form": form,
        "missing": missing_in_words(profile),
        "last_change": profile.history.select_related("history_user").first(),
        "parts": [
            ("Postal address", profile.address.splitlines()),
            ("Phone number", [profile.telephone] if profile.telephone else []),
            ("Email address", [profile.email] if profile.email else []),
            ("Web address", [profile.web_address] if profile.web_address else []),
        ],
    }
    return TemplateResponse(request, "contactpolicy/letterhead.html", context, status=status)


@role_required(*access.LETTERHEAD_EDITOR_ROLES)
def letterhead_logo(request: HttpRequest) -> HttpResponse:
    """The active profile's logo as stored, for the letterhead page to show back."""
    profile = profile_get_active()
    if not profile.letter_logo:
        raise Http404("No logo")
    kind = "image/png" if profile.letter_logo.name.endswith(".png") else "image/jpeg"
    response = FileResponse(profile.letter_logo.open("rb"), content_type=kind)
    response["Cache-Control"] = "private, no-store"
    return response
