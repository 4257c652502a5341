"""A person's own inbox of notifications, and how their reminders are emailed."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from contactpolicy.forms import GovukForm
from contactpolicy.models import Notification, NotificationSettings
from contactpolicy.reminders import notifications_mark_read

PAGE_SIZE = 25


@require_GET
@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """The signed-in person's notifications, newest first; nobody sees another's."""
    notifications = Notification.objects.filter(recipient=request.user).order_by(
        "-created_at", "-pk"
    )
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "contactpolicy/inbox.html", {"page": page})


@require_POST
@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one of the person's notifications read and go to the record it is about."""
    notification = Notification.objects.filter(recipient=request.user, pk=pk).first()
    if notification is None:
        return redirect("notifications")
    notifications_mark_read(request.user, notification_id=notification.pk)
    return redirect(notification.url)


@require_POST
@login_required
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    count = notifications_mark_read(request.user)
    if count:
        messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked read")
    return redirect("notifications")


class NotificationSettingsForm(GovukForm):
    error_names = {"email": "how you want your reminders emailed"}
    email = forms.ChoiceField(
        label="How do you want your reminders emailed?",
        choices=[
            ("each", "One email for each reminder, as it comes"),
            ("digest", "One email a day listing them all"),
        ],
        widget=forms.RadioSelect,
    )


@login_required
def notification_settings(request: HttpRequest) -> HttpResponse:
    current = NotificationSettings.objects.filter(user=request.user).first()
    digest = bool(current and current.daily_digest)
    form = NotificationSettingsForm(
        request.POST or None, initial={"email": "digest" if digest else "each"}
    )
    if request.method == "POST" and form.is_valid():
        NotificationSettings.objects.update_or_create(
            user=request.user, defaults={"daily_digest": form.cleaned_data["email"] == "digest"}
        )
        messages.success(request, "Your email settings have been saved")
        return redirect("notifications")
    return render(request, "contactpolicy/notification_settings.html", {"form": form})
