"""The subject access screens: a customer's exports, one export's progress, review and
downloads. Every view asks `cases.access` who may take exports (the profile's role)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET, require_POST

from cases import access
from cases.models import RedactionDecision, SubjectAccessExport
from contactpolicy.idempotency import once_per_submission
from contactpolicy.selectors import profile_get_active
from screens.subject_access import services

REASON_MAX = 1000
# How often a page showing a build in progress asks again, without JavaScript.
REFRESH_SECONDS = 3


def _allowed(user, profile) -> None:
    answer = access.may_take_subject_access_export(user, profile)
    if not answer:
        raise PermissionDenied(answer.reason)


@once_per_submission
def customer_exports(request: HttpRequest, reference: str) -> HttpResponse:
    """A customer's subject access exports, and starting a new one."""
    profile = profile_get_active()
    customer = access.customer_get_for_user(request.user, reference)
    _allowed(request.user, profile)
    if request.method == "POST":
        export = services.export_request(customer=customer, actor=request.user, profile=profile)
        messages.success(request, "The subject access export has started")
        return redirect(export)
    exports = list(
        SubjectAccessExport.objects.filter(customer=customer).select_related("requested_by")[:50]
    )
    sar = (
        customer.contacts.filter(kind="sar")
        .order_by("-received_at", "-pk")
        .only("reference", "received_at", "respond_due_at", "responded_at", "customer_id")
        .first()
    )
    context = {"customer": customer, "exports": exports, "sar": sar}
    return TemplateResponse(request, "screens/subject_access/customer_exports.html", context)


def _parse_marks(post, items) -> tuple[dict, list[tuple[str, str]]]:
    marks, errors = {}, []
    choices = {choice.value for choice in RedactionDecision}
    for item in items:
        decision = post.get(f"decision-{item.pk}", item.decision)
        reason = post.get(f"reason-{item.pk}", item.reason).strip()
        if decision not in choices:
            errors.append((f"decision-{item.pk}", f"Choose keep or redact for “{item.value}”"))
            continue
        if len(reason) > REASON_MAX:
            errors.append(
                (
                    f"reason-{item.pk}",
                    f"The reason for “{item.value}” must be 1000 characters or fewer",
                )
            )
            continue
        if decision and not reason:
            errors.append(
                (f"reason-{item.pk}", f"Give a reason for keeping or redacting “{item.value}”")
            )
            continue
        marks[item.pk] = (decision, reason if decision else "")
    return marks, errors


def export_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One export: its progress, the redaction review and its downloads."""
    profile = profile_get_active()
    export = access.subject_access_export_get_for_user(request.user, profile, pk)
    items = list(export.redaction_items.select_related("decided_by"))
    errors, posted = [], {}
    if request.method == "POST":
        marks, errors = _parse_marks(request.POST, items)
        if not errors:
            changed = services.redaction_mark(
                export=export, actor=request.user, profile=profile, marks=marks
            )
            messages.success(
                request,
                f"{changed} mark{'' if changed == 1 else 's'} saved"
                if changed
                else "No marks changed",
            )
            return redirect(export)
        posted = {
            item.pk: (
                request.POST.get(f"decision-{item.pk}", item.decision),
                request.POST.get(f"reason-{item.pk}", item.reason)[:REASON_MAX],
            )
            for item in items
        }
    for item in items:
        item.shown_decision, item.shown_reason = posted.get(item.pk, (item.decision, item.reason))
        item.error = next((m for anchor, m in errors if anchor.endswith(f"-{item.pk}")), "")
    undecided = sum(1 for item in items if not item.decision)
    last_mark = max((item.decided_at for item in items if item.decided_at), default=None)
    context = {
        "export": export,
        "customer": export.customer,
        "items": items,
        "errors": errors,
        "undecided": undecided,
        "release_refusal": services.release_refusal(export, undecided),
        "release_stale": bool(
            export.release_ready and last_mark and last_mark > export.release_built_at
        ),
        "refresh": REFRESH_SECONDS if export.is_working else None,
    }
    return TemplateResponse(
        request, "screens/subject_access/export_detail.html", context, status=400 if errors else 200
    )


@require_POST
def export_release(request: HttpRequest, pk: int) -> HttpResponse:
    """Build the release copy, with the marked redactions applied."""
    profile = profile_get_active()
    export = access.subject_access_export_get_for_user(request.user, profile, pk)
    try:
        services.release_request(export=export, actor=request.user, profile=profile)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, "The release copy is being built")
    return redirect(export)


def _download(request: HttpRequest, pk: int, *, release: bool) -> FileResponse:
    profile = profile_get_active()
    export = access.subject_access_export_get_for_user(request.user, profile, pk)
    ready = export.release_ready if release else export.is_ready
    field_file = export.release_file if release else export.file
    if not ready or not field_file.name:
        raise Http404("This copy is not ready yet.")
    services.export_download_record(export=export, actor=request.user, release=release)
    suffix = "-release" if release else "-full"
    return FileResponse(
        field_file.open("rb"),
        as_attachment=True,
        filename=f"subject-access-{export.customer.reference}-{export.pk}{suffix}.zip",
        content_type="application/zip",
    )


@require_GET
def export_download(request: HttpRequest, pk: int) -> FileResponse:
    """The full copy, for the organisation (not for release: it holds third parties' data)."""
    return _download(request, pk, release=False)


@require_GET
def export_release_download(request: HttpRequest, pk: int) -> FileResponse:
    """The release copy, for the customer."""
    return _download(request, pk, release=True)
