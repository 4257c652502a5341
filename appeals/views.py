"""Appeals on screen: the list with its filters, recording an appeal from a restriction
case, one appeal's page with the step it is at, and a button or form for each step.

Thin views: each reads through `appeals.access`, calls one service and redirects; a refusal
is shown in the GOV.UK error summary, never as a bare error page.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from appeals import access, rules, selectors, services
from appeals.forms import (
    AppealFilterForm,
    AppealRecordForm,
    AssignForm,
    DecideForm,
    FindingsForm,
    LateForm,
    WithdrawForm,
)
from appeals.models import AppealState
from contactpolicy.access import role_required
from contactpolicy.forms import form_add_service_errors
from contactpolicy.idempotency import once_per_submission
from contactpolicy.selectors import profile_get_active
from restrictions import access as restriction_access

PAGE_SIZE = 25


def case_panel(request, case, profile) -> dict:
    """The restriction case page's list of the case's appeals: one query, none where the
    policy gives no appeal."""
    has_route = rules.has_appeal_route(profile)
    return {
        "term": rules.term(profile),
        "has_route": has_route,
        "appeals": selectors.case_appeals(case) if has_route else [],
        "may_record": bool(access.may_record(request.user, profile)),
    }


@role_required()
def appeal_list(request: HttpRequest) -> HttpResponse:
    profile = profile_get_active()
    filters = AppealFilterForm(request.GET or None, profile=profile)
    wanted = filters.cleaned_data if filters.is_valid() else {}
    today = timezone.localdate()
    appeals = selectors.appeals_queue(
        user=request.user,
        show=wanted.get("show") or "open",
        state=wanted.get("state", ""),
        today=today,
        profile=profile,
    )
    page = Paginator(appeals, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return TemplateResponse(
        request,
        "appeals/appeal_list.html",
        {
            "profile": profile,
            "term": rules.term(profile),
            "has_route": rules.has_appeal_route(profile),
            "filters": filters,
            "show": wanted.get("show") or "open",
            "page": page,
            "today": today,
            "query_string": query.urlencode(),
        },
    )


@role_required()
@once_per_submission
def appeal_record(request: HttpRequest, reference: str) -> HttpResponse:
    """Record an appeal against one of the case's decisions; where the policy has no
    appeal, say how to complain instead."""
    case = restriction_access.restriction_case_get_for_user(request.user, reference)
    profile = profile_get_active()
    context = {"case": case, "customer": case.customer, "profile": profile}
    answer = access.may_record(request.user, profile)
    if not rules.has_appeal_route(profile):
        return TemplateResponse(request, "appeals/no_appeal_route.html", context)
    access.require(answer)
    decisions = selectors.appealable_decisions(case)
    refusals = services.limit_refusals(case, decisions, profile)
    term = rules.term(profile)
    form = AppealRecordForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        decisions=decisions,
        refusals=refusals,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            appeal = services.appeal_record(
                actor=request.user,
                decision=data["decision"],
                received_on=data["received_on"],
                received_via=data["received_via"],
                grounds=data["grounds"],
                documents=data["documents"],
                refusal_confirmed=data.get("refusal_confirmed", False),
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            if appeal.state == AppealState.REFUSED:
                messages.error(
                    request, f"{appeal.reference} recorded and refused: {appeal.refused_reason}"
                )
            elif appeal.is_late:
                messages.warning(
                    request,
                    f"{appeal.reference} recorded. It arrived after the deadline of "
                    f"{appeal.deadline:%-d %B %Y}, so it must be accepted or refused as late.",
                )
            else:
                messages.success(request, f"{appeal.reference} recorded")
            return redirect(appeal)
    context.update(
        {
            "form": form,
            "decisions": decisions,
            "term": term,
            "refusals": [(d, refusals[d.pk]) for d in decisions if d.pk in refusals],
        }
    )
    return TemplateResponse(request, "appeals/appeal_record.html", context, status=200)


def _detail_context(request, appeal, **forms) -> dict:
    profile = profile_get_active()
    actions = appeal.available_actions(request.user, profile)
    sanctions = (
        selectors.sanctions_in_force(appeal.restriction_case) if actions.get("decide") else []
    )
    people = (
        selectors.staff_holding(
            *access.investigators(profile, appeal),
            excluding=access.original_decision_makers(appeal),
        )
        if actions.get("assign")
        else []
    )
    context = {
        "appeal": appeal,
        "customer": appeal.customer,
        "profile": profile,
        "term": appeal.term,
        "actions": actions,
        "late_form": LateForm(),
        "assign_form": AssignForm(people=people),
        "findings_form": FindingsForm(initial={"findings": appeal.findings}),
        "decide_form": DecideForm(sanctions=sanctions, binding=profile.appeal_outcome_binding),
        "withdraw_form": WithdrawForm(),
        "who_decides": access.who_decides(profile, appeal),
        "who_investigates": access.who_investigates(profile, appeal),
    }
    context.update(forms)
    return context


@role_required()
def appeal_detail(request: HttpRequest, reference: str) -> HttpResponse:
    appeal = access.appeal_get_for_user(request.user, reference)
    return TemplateResponse(request, "appeals/appeal_detail.html", _detail_context(request, appeal))


def _post_action(request, reference, act, form_class, form_name, form_kwargs=None):
    """Read the form, call the service through `act`, redirect with its message; a
    refusal is shown on the appeal's page, on the form that asked."""
    appeal = access.appeal_get_for_user(request.user, reference)
    form = form_class(request.POST, **(form_kwargs(appeal) if form_kwargs else {}))
    if form.is_valid():
        try:
            message = act(appeal, form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, message)
            return redirect(appeal)
    context = _detail_context(request, appeal, **{form_name: form})
    return TemplateResponse(request, "appeals/appeal_detail.html", context, status=200)


def _button(request, reference, act):
    appeal = access.appeal_get_for_user(request.user, reference)
    try:
        message = act(appeal)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, message)
    return redirect(appeal)


@require_POST
@role_required()
def appeal_late(request: HttpRequest, reference: str) -> HttpResponse:
    def decide(appeal, data):
        appeal = services.appeal_decide_late(
            actor=request.user, appeal=appeal, accept=data["accept"] == "yes", reason=data["reason"]
        )
        if appeal.state == AppealState.REFUSED:
            return f"{appeal.reference} refused as late"
        return f"{appeal.reference} accepted although late"

    return _post_action(request, reference, decide, LateForm, "late_form")


@require_POST
@role_required()
def appeal_acknowledge(request: HttpRequest, reference: str) -> HttpResponse:
    def acknowledge(appeal):
        appeal = services.appeal_acknowledge(actor=request.user, appeal=appeal)
        return (
            f"{appeal.reference} acknowledged: issue and send the acknowledgement, "
            f"{appeal.acknowledgement_notice.reference}"
        )

    return _button(request, reference, acknowledge)


@require_POST
@role_required()
def appeal_assign(request: HttpRequest, reference: str) -> HttpResponse:
    profile = profile_get_active()

    def assign(appeal, data):
        appeal = services.appeal_assign(
            actor=request.user, appeal=appeal, investigator=data["investigator"]
        )
        return f"{appeal.investigator} is investigating {appeal.reference}"

    return _post_action(
        request,
        reference,
        assign,
        AssignForm,
        "assign_form",
        form_kwargs=lambda a: {
            "people": selectors.staff_holding(
                *access.investigators(profile, a), excluding=access.original_decision_makers(a)
            )
        },
    )


@require_POST
@role_required()
def appeal_findings(request: HttpRequest, reference: str) -> HttpResponse:
    def record(appeal, data):
        services.appeal_record_findings(
            actor=request.user, appeal=appeal, findings=data["findings"]
        )
        return "Findings recorded"

    return _post_action(request, reference, record, FindingsForm, "findings_form")


@require_POST
@role_required()
def appeal_decide(request: HttpRequest, reference: str) -> HttpResponse:
    def decide(appeal, data):
        appeal = services.appeal_decide(
            actor=request.user,
            appeal=appeal,
            outcome=data["outcome"],
            reasons=data["reasons"],
            effect=data.get("effect", ""),
            keep=data.get("keep", []),
        )
        if appeal.resulting_decision is not None and appeal.outcome_notice_id is not None:
            return (
                f"{appeal.reference} {appeal.get_outcome_display().lower()}: issue the outcome "
                f"notice, and {appeal.resulting_decision.reference} takes effect with it"
            )
        if appeal.resulting_decision is not None:
            return (
                f"{appeal.reference} {appeal.get_outcome_display().lower()}: "
                f"{appeal.resulting_decision.reference} goes for approval, and takes effect "
                "with the outcome notice"
            )
        return f"{appeal.reference} not upheld: issue and send the outcome notice"

    return _post_action(
        request,
        reference,
        decide,
        DecideForm,
        "decide_form",
        form_kwargs=lambda a: {
            "sanctions": selectors.sanctions_in_force(a.restriction_case),
            "binding": profile_get_active().appeal_outcome_binding,
        },
    )


@require_POST
@role_required()
def appeal_outcome_notice(request: HttpRequest, reference: str) -> HttpResponse:
    def draft(appeal):
        appeal = services.appeal_outcome_notice(actor=request.user, appeal=appeal)
        return f"Outcome notice {appeal.outcome_notice.reference} drafted: issue it to take effect"

    return _button(request, reference, draft)


@require_POST
@role_required()
def appeal_withdraw(request: HttpRequest, reference: str) -> HttpResponse:
    def withdraw(appeal, data):
        services.appeal_withdraw(actor=request.user, appeal=appeal, reason=data["reason"])
        return f"{appeal.reference} withdrawn"

    return _post_action(request, reference, withdraw, WithdrawForm, "withdraw_form")


@role_required()
def appeal_document(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    appeal = access.appeal_get_for_user(request.user, reference)
    document = next((d for d in appeal.documents.all() if d.pk == pk), None)
    if document is None:
        raise Http404("The appeal has no such document.")
    try:
        with document.file.open("rb") as stored:
            data = stored.read()
    except FileNotFoundError as error:
        raise Http404("The stored document is missing.") from error
    response = HttpResponse(data, content_type=document.content_type)
    response["Content-Disposition"] = content_disposition_header(True, document.original_name)
    return response
