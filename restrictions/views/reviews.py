"""Reviews (DESIGN.md §7): the queue, one review with what it weighs, starting it, bringing
it forward and recording the customer's representations. Its outcome is a decision, proposed
on the ordinary form with the review named.

Thin views: each parses, calls one service and redirects; a refusal is shown on the page.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from contactpolicy.access import role_required
from contactpolicy.forms import form_add_service_errors
from contactpolicy.idempotency import once_per_submission
from contactpolicy.roles import MANAGER_ROLES
from contactpolicy.selectors import profile_get_active
from restrictions import access, review_selectors, selectors
from restrictions.review_forms import BringForwardForm, RepresentationForm, ReviewFilterForm
from restrictions.review_services import (
    representation_record,
    review_begin,
    review_bring_forward,
)

REVIEWS_PAGE_SIZE = 25


@role_required(*MANAGER_ROLES)
def review_list(request: HttpRequest) -> HttpResponse:
    if not access.may_see_reviews(request.user):
        raise PermissionDenied("Only a manager can see reviews.")
    profile = profile_get_active()
    form = ReviewFilterForm(request.GET or None, profile=profile)
    queue = form.queue()
    today = timezone.localdate()
    rows = review_selectors.reviews_in(
        queue, user=request.user, today=today, profile=profile, reviewing=form.reviewing_value()
    )
    page = Paginator(rows, REVIEWS_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "queue": queue,
        "queue_label": dict(form.fields["show"].choices)[queue],
        "page": page,
        "profile": profile,
    }
    return TemplateResponse(request, "restrictions/reviews.html", context)


def _review_context(request, review, profile, **forms) -> dict:
    case = review.restriction_case
    actions = review.available_actions(request.user, profile)
    evidence = review_selectors.review_evidence(review, profile)
    outcomes = []
    if actions["outcome"]:
        outcomes = review_selectors.review_outcomes(
            selectors.kind_options(case, profile), evidence, profile
        )
    return {
        "review": review,
        "case": case,
        "customer": case.customer,
        "profile": profile,
        "evidence": evidence,
        "actions": actions,
        "outcomes": outcomes,
        "outcome_decisions": list(review.outcome_decisions.select_related("proposed_by")),
        **forms,
    }


@role_required(*MANAGER_ROLES)
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One review: what it weighs since the last decision, and what can be done now."""
    review = access.review_get_for_user(request.user, pk)
    context = _review_context(request, review, profile_get_active())
    return TemplateResponse(request, "restrictions/review_detail.html", context)


@require_POST
@role_required(*MANAGER_ROLES)
def review_begin_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Start this scheduled review, from its page (`review_begin`). A review from the case's
    page, scheduled or not, is started by `decisions.review_start`."""
    review = access.review_get_for_user(request.user, pk)
    review_begin(review=review, actor=request.user)
    messages.success(
        request, "Review started. The restriction stays in force until a decision is made."
    )
    return redirect(review)


def _review_form_page(request, pk: int, form_class, template: str, submit) -> HttpResponse:
    """A form about one review: on a valid POST, `submit(review, data)` calls the service
    and returns the success message; a refusal is shown on the form (400)."""
    review = access.review_get_for_user(request.user, pk)
    form = form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            message = submit(review, form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, message)
            return redirect(review)
    context = {"review": review, "customer": review.restriction_case.customer, "form": form}
    status = 400 if form.errors else 200
    return TemplateResponse(request, template, context, status=status)


@role_required(*MANAGER_ROLES)
@once_per_submission
def review_bring_forward_view(request: HttpRequest, pk: int) -> HttpResponse:
    def bring_forward(review, data) -> str:
        review_bring_forward(
            review=review,
            actor=request.user,
            due_on=data["due_on"],
            requested_by=data["requested_by"],
            reason=data["reason"],
        )
        return f"Review brought forward to {data['due_on']:%-d %B %Y}"

    return _review_form_page(
        request, pk, BringForwardForm, "restrictions/review_bring_forward.html", bring_forward
    )


@role_required(*MANAGER_ROLES)
@once_per_submission
def review_representation(request: HttpRequest, pk: int) -> HttpResponse:
    def record(review, data) -> str:
        representation_record(
            review=review,
            actor=request.user,
            received_on=data["received_on"],
            channel=data["channel"],
            summary=data["summary"],
        )
        return "The customer's representations are recorded"

    return _review_form_page(
        request, pk, RepresentationForm, "restrictions/review_representation.html", record
    )
