"""The profile editor: administrators keep their organisation's policy profile here, one
section a page (`contactpolicy.profile_sections`); and the first run, where a superuser with
no role sets the organisation up without a shell.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from contactpolicy import access, services
from contactpolicy.access import role_required
from contactpolicy.forms import form_add_service_errors
from contactpolicy.models import ClosureDay, PolicyProfile
from contactpolicy.profile_forms import (
    ClosureRangeForm,
    FirstAdministratorForm,
    ShippedCopyForm,
    inline_formset_class,
    section_form_class,
)
from contactpolicy.profile_sections import BY_SLUG, SECTIONS, Section

EDITOR = access.PROFILE_EDITOR_ROLES


def _display(profile: PolicyProfile, name: str) -> str:
    field = PolicyProfile._meta.get_field(name)
    value = getattr(profile, name)
    if field.choices and value not in (None, ""):
        return str(getattr(profile, f"get_{name}_display")())
    if value is None:
        return "Not set"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list | dict):
        return ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
    if hasattr(value, "name"):  # a file
        return "Uploaded" if value else "None"
    return str(value) or "Not set"


def _label(name: str) -> str:
    label = str(PolicyProfile._meta.get_field(name).verbose_name)
    return label[:1].upper() + label[1:]


def _summary(profile: PolicyProfile, section: Section, counts: dict) -> list[tuple[str, str]]:
    rows = [(_label(name), _display(profile, name)) for name in section.fields]
    for inline in section.inlines:
        count = counts.get(inline.relation, 0)
        rows.append((inline.title, f"{count} set" if count else "None"))
    return rows


def _profile(slug: str) -> PolicyProfile:
    return get_object_or_404(PolicyProfile, slug=slug)


@require_GET
@role_required(*EDITOR)
def profile_list(request: HttpRequest) -> HttpResponse:
    """The organisation's profiles, the active one first, and where to start a new one."""
    profiles = PolicyProfile.objects.order_by("-is_active", "name").only(
        "slug", "name", "is_active", "shipped_as"
    )
    return TemplateResponse(
        request, "contactpolicy/profile/list.html", {"profiles": profiles[:100]}
    )


@require_GET
@role_required(*EDITOR)
def profile_contents(request: HttpRequest, slug: str) -> HttpResponse:
    """Every section of one profile with its current values, each linking to its page."""
    relations = [inline.relation for section in SECTIONS for inline in section.inlines]
    profile = get_object_or_404(PolicyProfile.objects.prefetch_related(*relations), slug=slug)
    counts = {relation: len(getattr(profile, relation).all()) for relation in relations}
    sections = [
        {
            "section": section,
            "summary": _summary(profile, section, counts),
            "url": _section_url(profile, section),
        }
        for section in SECTIONS
    ]
    context = {
        "profile": profile,
        "sections": sections,
        "closure_days": ClosureDay.objects.filter(date__gte=timezone.localdate()).count(),
        "kinds_without_standard": profile.kinds_without_standard(),
        "last_change": profile.history.select_related("history_user").first(),
    }
    return TemplateResponse(request, "contactpolicy/profile/contents.html", context)


def _section_url(profile: PolicyProfile, section: Section) -> str:
    if section.elsewhere:
        # The letterhead and letters pages keep the active profile's.
        return (
            reverse(section.elsewhere)
            if profile.is_active or section.slug == "closure-days"
            else ""
        )
    return reverse("profile_section", args=[profile.slug, section.slug])


@role_required(*EDITOR)
def profile_section(request: HttpRequest, slug: str, section: str) -> HttpResponse:
    """One section's settings and rows, saved together with the reason for the change."""
    chosen = BY_SLUG.get(section)
    if chosen is None or chosen.elsewhere:
        raise Http404("No such section")
    profile = _profile(slug)
    data = request.POST if request.method == "POST" else None
    form = section_form_class(chosen)(data, instance=profile)
    formsets = [
        (inline, inline_formset_class(inline)(data, instance=profile, prefix=inline.relation))
        for inline in chosen.inlines
    ]
    status = 200
    if data is not None:
        status = 400
        # The rows are checked against the profile as this form changes it.
        form_valid = form.is_valid()
        rows_valid = [formset.is_valid() for _, formset in formsets]
        valid = form_valid and all(rows_valid)
        if valid:
            rows, deleted = [], []
            for _, formset in formsets:
                rows += formset.save(commit=False)
                deleted += formset.deleted_objects
            try:
                services.profile_section_save(
                    profile=form.instance,
                    actor=request.user,
                    reason=form.cleaned_data["change_reason"],
                    rows=rows,
                    deleted=deleted,
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, f"{chosen.title} saved")
                return redirect("profile_contents", profile.slug)
    errors = [
        (f"#{formset.prefix}", error)
        for _, formset in formsets
        for error in formset.non_form_errors()
    ]
    context = {
        "profile": profile,
        "section": chosen,
        "form": form,
        "formsets": formsets,
        "formset_errors": errors,
        "kinds_without_standard": (
            PolicyProfile.objects.prefetch_related("service_standards")
            .get(pk=profile.pk)
            .kinds_without_standard()
            if chosen.slug == "standards"
            else ()
        ),
        "row_errors": [
            (f"#{field.auto_id}" if field else f"#{row.prefix}", error)
            for _, formset in formsets
            for row in formset.forms
            for field, error in _row_errors(row)
        ],
    }
    return TemplateResponse(request, "contactpolicy/profile/section.html", context, status=status)


def _row_errors(row):
    for error in row.non_field_errors():
        yield None, error
    for field in row:
        for error in field.errors:
            yield field, error


@role_required(*EDITOR)
def closure_days(request: HttpRequest) -> HttpResponse:
    """The closure days to come, and a form to add one or a range, with what to look out for."""
    form = ClosureRangeForm(request.POST or None)
    status = 200
    warnings = []
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            region = (
                PolicyProfile.objects.filter(is_active=True)
                .values_list("bank_holiday_region", flat=True)
                .first()
                or "ENG"
            )
            days = services.closure_range_days(data["first_day"], data["last_day"])
            existing = set(ClosureDay.objects.filter(date__in=days).values_list("date", flat=True))
            warnings = services.closure_warnings(days, region, existing)
            if warnings and "confirm" not in request.POST:
                status = 200
            else:
                added = services.closure_days_add(
                    actor=request.user,
                    first=data["first_day"],
                    last=data["last_day"],
                    reason=data["reason"],
                )
                count = len(added)
                messages.success(request, f"{count} closure day{'s' if count != 1 else ''} added")
                return redirect("profile_closure_days")
    today = timezone.localdate()
    context = {
        "form": form,
        "warnings": warnings,
        "upcoming": ClosureDay.objects.filter(date__gte=today)[:200],
        "active": PolicyProfile.objects.filter(is_active=True).only("slug", "name").first(),
    }
    return TemplateResponse(
        request, "contactpolicy/profile/closure_days.html", context, status=status
    )


@require_POST
@role_required(*EDITOR)
def closure_day_delete(request: HttpRequest, pk: int) -> HttpResponse:
    closure = get_object_or_404(ClosureDay, pk=pk)
    services.closure_day_delete(actor=request.user, closure=closure)
    messages.success(request, f"{closure.date.day} {closure.date:%B %Y} is a working day again")
    return redirect("profile_closure_days")


@role_required(*EDITOR)
def profile_copy_shipped(request: HttpRequest) -> HttpResponse:
    """Start a new organisation's profile from a copy of one the service ships with."""
    form = ShippedCopyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                copy = services.profile_copy_shipped(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, f"{copy.name} set up from a shipped profile")
                return redirect("profile_contents", copy.slug)
    return TemplateResponse(
        request, "contactpolicy/profile/copy.html", {"form": form}, status=status
    )


def first_run(request: HttpRequest) -> HttpResponse:
    """The organisation's set-up for a superuser: a profile copied from a shipped one and
    made active, then the first administrator invited; then where to go next."""
    allowed = access.may_run_first_run(request.user)
    if not allowed:
        raise PermissionDenied(allowed.reason)
    active = PolicyProfile.objects.filter(is_active=True).only("slug", "name").first()
    copy_form = ShippedCopyForm(prefix="profile")
    admin_form = FirstAdministratorForm(prefix="admin")
    status = 200
    if request.method == "POST" and active is None:
        copy_form = ShippedCopyForm(request.POST, prefix="profile")
        status = 400
        if copy_form.is_valid():
            try:
                with transaction.atomic():
                    copy = services.profile_copy_shipped(
                        actor=request.user, **copy_form.cleaned_data
                    )
                    services.profile_activate(slug=copy.slug, actor=request.user)
            except ValidationError as error:
                form_add_service_errors(copy_form, error)
            else:
                messages.success(request, f"{copy.name} set up and made active")
                return redirect("first_run")
    elif request.method == "POST" and not services.setup_done():
        admin_form = FirstAdministratorForm(request.POST, prefix="admin")
        status = 400
        if admin_form.is_valid():
            try:
                user = services.first_administrator_invite(
                    actor=request.user, **admin_form.cleaned_data
                )
            except ValidationError as error:
                form_add_service_errors(admin_form, error)
            else:
                messages.success(
                    request,
                    f"{user.get_full_name()} invited: an email with a link to set their "
                    f"password was sent to {user.email}",
                )
                return redirect("first_run")
    elif request.method == "POST":
        return redirect("first_run")
    context = {
        "active": active,
        "done": active is not None and services.setup_done(),
        "form": copy_form if active is None else admin_form,
        "copy_form": copy_form,
        "admin_form": admin_form,
    }
    return TemplateResponse(request, "contactpolicy/first_run.html", context, status=status)
