"""Who took which export, when and how many rows: the list and its filters."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet

from contactpolicy.forms import GovukForm
from contactpolicy.models import Export, User

# The kinds of export the product makes, as people name them; a kind not listed here (a
# newer one) is shown as recorded.
KIND_LABELS = {
    "mail_log": "Mail and media log",
    "terminated_calls_log": "Terminated calls log",
    "hate_incidents_log": "Hate and inequality incidents",
    "register": "Sanctions register",
    "report": "Report",
    "audit_log": "Audit log",
    "audit_log_read": "Audit log, read on screen",
}


def exports_taken(*, user_id: int | None = None, kind: str = "") -> QuerySet:
    """Exports newest first, with the person who took each (one row each)."""
    taken = Export.objects.select_related("user")
    if user_id:
        taken = taken.filter(user_id=user_id)
    if kind:
        taken = taken.filter(kind=kind)
    return taken.order_by("-started_at", "-pk")


class ExportFilterForm(GovukForm):
    person = forms.ChoiceField(label="Who took it", choices=[], required=False)
    kind = forms.ChoiceField(label="What was exported", choices=[], required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the people who have taken an export, and the kinds taken (two queries).
        people = User.objects.filter(pk__in=Export.objects.values("user_id")).order_by(
            "first_name", "last_name", "username"
        )
        self.fields["person"].choices = [
            ("", "Anyone"),
            *[(str(person.pk), str(person)) for person in people],
        ]
        kinds = set(Export.objects.order_by().values_list("kind", flat=True).distinct())
        self.fields["kind"].choices = [
            ("", "Any export"),
            *sorted(((kind, KIND_LABELS.get(kind, kind)) for kind in kinds), key=lambda c: c[1]),
        ]

    def chosen(self) -> dict | None:
        """The filters to apply, or None while the form has errors."""
        if not self.is_valid():
            return None
        person = self.cleaned_data["person"]
        return {"user_id": int(person) if person else None, "kind": self.cleaned_data["kind"]}
