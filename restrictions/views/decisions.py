"""The restriction case, proposing and answering decisions, the approvals queue and the
Chief Executive's sign-off (DESIGN.md §4, §6, §12).

Thin views: each parses, calls one service and redirects. A refusal (a permission, an
incomplete proposal, a lifecycle guard) is shown on the page in the GOV.UK error summary,
never as a bare error page or a 500.
"""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from contactpolicy.access import role_required
from contactpolicy.forms import form_add_service_errors
from contactpolicy.idempotency import once_per_submission
from contactpolicy.selectors import profile_get_active
from contactpolicy.workcalendar import add_calendar_months
from restrictions import access, selectors, services
from restrictions.decision_forms import (
    AnswerForm,
    ProposalForm,
    initial_from_decision,
)
from restrictions.enforcement import describe
from restrictions.models import ApprovalOutcome, Decision, DecisionStatus, ReviewState, Stage
from restrictions.referral_selectors import agent_client_contact_due, police_reports_due
from restrictions.review_selectors import case_reviews

REVIEWABLE = (Stage.SANCTIONED, Stage.DISENGAGED)


# -- The restriction case -------------------------------------------------------------------


# Sections a higher app adds to the case page, each (template, function of the request, the
# case and the profile giving the template's `panel`): appeals list the case's appeals. They
# register themselves, so this app never imports them (ADR 0004).
CASE_PANELS: list[tuple[str, Callable]] = []


def case_panel_register(template: str, context_for: Callable) -> None:
    if (template, context_for) not in CASE_PANELS:
        CASE_PANELS.append((template, context_for))


# Sections a higher app adds to a decision's page, in the same form as the case page's: the
# notices app adds the letter as it will be issued, so that approvers read what the customer
# will receive (ADR 0010).
DECISION_PANELS: list[tuple[str, Callable]] = []


def decision_panel_register(template: str, context_for: Callable) -> None:
    if (template, context_for) not in DECISION_PANELS:
        DECISION_PANELS.append((template, context_for))


@role_required()
def case_detail(request: HttpRequest, reference: str) -> HttpResponse:
    """Where a customer's contact management stands: stage, review, sanctions, decisions."""
    case = access.restriction_case_get_for_user(request.user, reference)
    profile = profile_get_active()
    is_manager = access.may_see_decisions(request.user)
    may_review = access.may_start_review(request.user, case, profile)
    context = {
        "case": case,
        "customer": case.customer,
        "sanctions": [(s, describe(s)) for s in case.active_sanctions],
        "decisions": case.decisions.all(),
        "is_manager": is_manager,
        "options": selectors.kind_options(case, profile) if is_manager else [],
        "can_start_review": bool(may_review) and case.state in REVIEWABLE,
        # A manager the profile does not let review this restriction is told who does
        # (Natural England steps 4 and 7), rather than finding no button.
        "review_refusal": ""
        if may_review or not is_manager or case.state not in REVIEWABLE
        else may_review.reason,
        "reviews": case_reviews(case) if is_manager else [],
        "audit_events": case.audit_trail if is_manager else [],
        "profile": profile,
        "panels": [(template, panel(request, case, profile)) for template, panel in CASE_PANELS],
        # Tamworth §8: the injunction decisions on the case's exclusions, where the policy
        # provides for them.
        "exclusions": selectors.case_exclusions(case) if profile.injunction_role else [],
        "can_decide_injunction": bool(access.may_decide_injunction(request.user, profile)),
        # IPCC §4, Tamworth §9: the reports to the police the policy always makes, until
        # made or a reason is recorded, as on the customer's page.
        "police_reports_due": police_reports_due(case.customer),
        "can_record_referrals": bool(access.may_record_some_referral(request.user, profile)),
    }
    return TemplateResponse(request, "restrictions/case_detail.html", context)


@require_POST
@role_required()
def review_start(request: HttpRequest, reference: str) -> HttpResponse:
    """Open the case's review, from its page (`review_start`): the one scheduled, or one
    asked for now. A scheduled review's own page starts it by `reviews.review_begin_view`."""
    case = access.restriction_case_get_for_user(request.user, reference)
    try:
        services.review_start(case=case, actor=request.user)
    except PermissionDenied as error:
        raise PermissionDenied(str(error) or "Only a manager can start a review.") from error
    messages.success(
        request, "Review started. The restriction stays in force until a decision is made."
    )
    review = case.reviews.filter(state=ReviewState.IN_PROGRESS).first()
    if review is not None and access.may_see_reviews(request.user):
        return redirect(review)
    return redirect(case)


# -- Proposing ------------------------------------------------------------------------------


def _proposal_form(
    request: HttpRequest, customer, case, profile, options, *, editing=None
) -> ProposalForm:
    kinds = [option.kind for option in options if option.available]
    initial = {}
    if editing is not None and request.method != "POST":
        initial = initial_from_decision(editing)
    elif request.method != "POST":
        source = request.GET.get("from", "")[:30]
        if source:
            earlier = access.decision_get_for_copy(request.user, source, customer)
            if earlier is not None:
                initial = initial_from_decision(earlier)
        wanted = request.GET.get("kind")
        if wanted in kinds:
            initial["kind"] = wanted
        if initial.get("kind") not in kinds:
            initial.pop("kind", None)
        if not initial.get("correspondent") and profile.names_correspondent:
            officer = selectors.customer_officer(customer)
            initial["correspondent"] = str(officer.pk) if officer else str(request.user.pk)
        if "review_due" not in initial and profile.sanction_review_months:
            initial["review_due"] = add_calendar_months(
                timezone.localdate(), profile.sanction_review_months
            )
    return ProposalForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        profile=profile,
        kinds=kinds,
        incidents=selectors.incidents_to_cite(customer),
        staff=selectors.active_staff(),
        cases=selectors.customer_cases(customer),
        submitting=request.POST.get("action") != "draft",
        reviewing_disengagement=case.state_before_review == Stage.DISENGAGED,
    )


def _review_recorded(request: HttpRequest, customer, profile):
    """The review whose outcome this proposal records (`?review=` on the link from the
    review, a hidden field once posted), or None. Refused unless the proposer may hold it."""
    raw = (request.POST.get("review") or request.GET.get("review") or "").strip()
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 12:
        raise Http404("No review has that number.")
    review = access.review_get_for_user(request.user, int(raw))
    if review.restriction_case.customer_id != customer.pk:
        raise Http404("That review is of another customer.")
    answer = access.may_hold_review(request.user, review, profile)
    if not answer:
        raise PermissionDenied(answer.reason)
    return review


@role_required()
@once_per_submission
def decision_propose(request: HttpRequest, reference: str) -> HttpResponse:
    """One page for a whole proposal; "Submit for approval" or "Save as draft"."""
    answer = access.may_propose(request.user)
    if not answer:
        raise PermissionDenied(answer.reason)
    customer = access.customer_get_for_proposal(request.user, reference)
    profile = profile_get_active()
    case = selectors.case_for_customer(customer)
    review = _review_recorded(request, customer, profile)
    options = selectors.kind_options(case, profile)
    form = _proposal_form(request, customer, case, profile, options)
    if request.method == "POST" and form.is_valid():
        submit = form.submitting
        try:
            decision = services.decision_propose_and_submit(
                actor=request.user,
                customer=customer,
                proposal=form.proposal(),
                submit=submit,
                review=review,
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error) or "You cannot propose this decision.")
        else:
            return _saved(request, decision, profile, submit)
    context = {
        "customer": customer,
        "case": case,
        "form": form,
        "profile": profile,
        "unavailable": [option for option in options if not option.available],
        "cautions": [option for option in options if option.available and option.caution],
        "warned": case.warned_at is not None,
        "review": review,
        "agent_client_due": agent_client_contact_due(customer, profile),
    }
    status = 400 if form.errors else 200
    return TemplateResponse(request, "restrictions/decision_form.html", context, status=status)


def _saved(request, decision, profile, submit: bool) -> HttpResponse:
    if submit:
        rule = selectors.approval_rule(profile, decision.kind)
        messages.success(request, f"Decision {decision.reference} sent for approval: {rule.text}")
    else:
        messages.success(
            request, f"Draft {decision.reference} saved. It has not been sent for approval."
        )
    return redirect(decision)


@role_required()
@once_per_submission
def decision_edit(request: HttpRequest, reference: str) -> HttpResponse:
    """Change a draft, or a decision sent back, on the proposal form; then submit it."""
    decision = access.decision_get_for_revision(request.user, reference)
    customer = decision.restriction_case.customer
    profile = profile_get_active()
    case = decision.restriction_case
    options = selectors.kind_options(case, profile)
    form = _proposal_form(request, customer, case, profile, options, editing=decision)
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.decision_revise(
                decision=decision,
                actor=request.user,
                proposal=form.proposal(),
                submit=form.submitting,
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error) or "You cannot change this decision.")
        else:
            return _saved(request, decision, profile, form.submitting)
    context = {
        "customer": customer,
        "case": case,
        "form": form,
        "profile": profile,
        "editing": decision,
        "sent_back": selectors.sent_back_reason(decision),
        "unavailable": [option for option in options if not option.available],
        "cautions": [option for option in options if option.available and option.caution],
        "warned": case.warned_at is not None,
    }
    status = 400 if form.errors else 200
    return TemplateResponse(request, "restrictions/decision_form.html", context, status=status)


@role_required()
def my_proposals(request: HttpRequest) -> HttpResponse:
    """The decisions the signed-in manager proposed, newest first, with where each stands."""
    answer = access.may_propose(request.user)
    if not answer:
        raise PermissionDenied(answer.reason)
    wanted = request.GET.get("status", "")[:20]
    status = wanted if wanted in DecisionStatus.values else ""
    context = {
        "rows": selectors.proposals_of(request.user, status=status),
        "statuses": DecisionStatus.choices,
        "status": status,
        "limit": selectors.MY_PROPOSALS,
    }
    return TemplateResponse(request, "restrictions/my_proposals.html", context)


# -- One decision ---------------------------------------------------------------------------


def _decision_context(request, decision, profile, *, form=None, problems=()) -> dict:
    page = selectors.decision_page(decision, profile, request.user)
    can_answer = bool(page.answer) and not page.rule.reserved
    if form is None and can_answer:
        form = AnswerForm(decision=decision, can_approve=page.cannot_apply is None, profile=profile)
    return {
        "page": page,
        "decision": decision,
        "customer": decision.restriction_case.customer,
        "case": decision.restriction_case,
        "form": form,
        "can_answer": can_answer,
        "can_sign_off": page.rule.reserved
        and decision.status == DecisionStatus.SUBMITTED
        and access.may_sign_off(request.user),
        "actions": decision.available_actions(request.user),
        "problems": problems,
        "profile": profile,
        "panels": [
            (template, panel(request, decision, profile)) for template, panel in DECISION_PANELS
        ],
    }


@role_required()
def decision_detail(request: HttpRequest, reference: str) -> HttpResponse:
    decision = access.decision_get_for_user(request.user, reference)
    profile = profile_get_active()
    context = _decision_context(request, decision, profile)
    return TemplateResponse(request, "restrictions/decision_detail.html", context)


def _answer(request: HttpRequest, decision: Decision, profile, form: AnswerForm):
    """Call the service with a valid answer: a redirect, or an HTTP status with the form's
    errors. A lifecycle refusal is the `RefusedMiddleware`'s to show."""
    data = form.cleaned_data
    try:
        decided = services.decision_answer(
            decision=decision,
            actor=request.user,
            outcome=data["outcome"],
            reason=data["reason"],
            confirmed_checklist=data["confirmed_checklist"],
            warning_not_possible_reason=data.get("warning_not_possible_reason"),
            exception_answers=data["exception_answers"],
        )
    except PermissionDenied as error:
        form.add_error(None, str(error) or "You cannot answer this decision.")
        return 403
    except ValidationError as error:
        form_add_service_errors(form, error)
        return 400
    if decided.status == DecisionStatus.APPROVED:
        if decided.applied_at is None:
            messages.success(
                request,
                f"{decided.reference} approved: it takes effect when its notice is issued",
            )
            return redirect(decided)
        messages.success(
            request,
            f"{decided.reference} approved: the case is now "
            f"“{Stage(decided.restriction_case.state).label}”",
        )
        return redirect(decided.restriction_case)
    if decided.status == DecisionStatus.SUBMITTED:
        rule = selectors.approval_rule(profile, decided.kind)
        given = decided.approvals.filter(
            round=decided.round, outcome=ApprovalOutcome.APPROVE
        ).count()
        remaining = max(rule.needed - given, 1)
        more = selectors.NUMBERS.get(remaining, str(remaining))
        messages.success(
            request,
            f"Your approval of {decided.reference} is recorded. It needs {more} more "
            f"approval{'s' if remaining > 1 else ''}: {rule.text.lower()}.",
        )
    else:
        messages.success(request, f"{decided.reference} {decided.get_status_display().lower()}")
    return redirect(decided)


@require_POST
@role_required()
def decision_answer(request: HttpRequest, reference: str) -> HttpResponse:
    """Approve, send back or reject, from the decision's page."""
    decision = access.decision_get_for_user(request.user, reference)
    profile = profile_get_active()
    form = AnswerForm(request.POST, decision=decision, profile=profile)
    status = 400
    if form.is_valid():
        result = _answer(request, decision, profile, form)
        if isinstance(result, HttpResponse):
            return result
        status = result
    context = _decision_context(request, decision, profile, form=form)
    context["problems_anchor"] = "answer"
    return TemplateResponse(request, "restrictions/decision_detail.html", context, status=status)


@require_POST
@role_required()
def decision_submit(request: HttpRequest, reference: str) -> HttpResponse:
    """Send a draft (or a decision sent back) for approval."""
    decision = access.decision_get_for_user(request.user, reference)
    profile = profile_get_active()
    problems: list[str] = []
    status = 400
    try:
        services.decision_submit(decision=decision, actor=request.user)
    except PermissionDenied as error:
        problems, status = [str(error)], 403
    except ValidationError as error:
        problems = list(error.messages)
    else:
        rule = selectors.approval_rule(profile, decision.kind)
        messages.success(request, f"Decision {decision.reference} sent for approval: {rule.text}")
        return redirect(decision)
    context = _decision_context(request, decision, profile, problems=problems)
    return TemplateResponse(request, "restrictions/decision_detail.html", context, status=status)


# -- Queues ---------------------------------------------------------------------------------


@role_required()
def approvals(request: HttpRequest) -> HttpResponse:
    """Submitted decisions the signed-in manager may answer, oldest first."""
    if not access.may_see_decisions(request.user):
        raise PermissionDenied("Only a manager can answer decisions.")
    profile = profile_get_active()
    context = {"rows": selectors.approvals_queue(request.user, profile), "profile": profile}
    return TemplateResponse(request, "restrictions/approvals_queue.html", context)


def _require_chief_executive(user) -> None:
    if not access.may_sign_off(user):
        raise PermissionDenied("Only the Chief Executive can sign off decisions.")


@role_required()
def signoff_list(request: HttpRequest) -> HttpResponse:
    _require_chief_executive(request.user)
    profile = profile_get_active()
    context = {"rows": selectors.signoff_queue(profile), "profile": profile}
    return TemplateResponse(request, "restrictions/signoff_list.html", context)
