"""Posting a form twice saves once (a double click, a resubmission after going back).

A form that creates something renders `{% submission_token %}`: a fresh one-time token in
a hidden field. `once_per_submission` wraps its view: the first post carrying a token
claims it before the view runs; when the view answers with a redirect (it saved), the
claim keeps where it led. A later post with the same token is sent there too, with a
message, and saves nothing; one that arrives while the first is still saving is told to
wait. A post the view refused (the form had errors) gives the token back, so correcting
the form and posting again works. Claims are kept for a day.
"""

import uuid
from datetime import timedelta
from functools import wraps

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone

from contactpolicy.logs import refusal_reason
from contactpolicy.models import FormSubmission

FIELD = "submission_token"
KEPT_FOR = timedelta(days=1)


def new_token() -> str:
    return str(uuid.uuid4())


def _token(request) -> uuid.UUID | None:
    try:
        return uuid.UUID(request.POST.get(FIELD, "")[:36])
    except ValueError:
        return None


def submission_claim(*, token: uuid.UUID, user) -> FormSubmission | None:
    """Claim `token` for `user`; None when it was claimed already."""
    try:
        with transaction.atomic():
            return FormSubmission.objects.create(token=token, user=user)
    except IntegrityError:
        return None


def submissions_forget_old(*, now=None) -> int:
    """Remove the claims older than a day; returns how many."""
    cutoff = (now or timezone.now()) - KEPT_FOR
    deleted, _ = FormSubmission.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def once_per_submission(view):
    """View decorator: a POST is carried out once per form rendering (see the module)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        token = _token(request) if request.method == "POST" else None
        if token is None:
            return view(request, *args, **kwargs)
        claim = submission_claim(token=token, user=request.user)
        if claim is None:
            earlier = FormSubmission.objects.filter(token=token, user=request.user).first()
            if earlier is not None and earlier.result_url:
                messages.info(request, "This was already saved: here it is")
                return redirect(earlier.result_url)
            refusal_reason(request, "the same form is already being saved")
            return TemplateResponse(
                request, "submission_in_progress.html", {"retry": request.path}, status=409
            )
        try:
            response = view(request, *args, **kwargs)
        except BaseException:
            FormSubmission.objects.filter(pk=claim.pk).delete()
            raise
        if isinstance(response, HttpResponseRedirect):
            FormSubmission.objects.filter(pk=claim.pk).update(result_url=response.url[:500])
        else:
            FormSubmission.objects.filter(pk=claim.pk).delete()
        return response

    return wrapped
