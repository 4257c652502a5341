from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from cases.models.contacts import Contact
from cases.models.customers import Customer
from contactpolicy.choices import Channel


class Severity(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class ReportedTo(models.TextChoices):
    NOT_REPORTED = "", "Not reported"
    POLICE = "police", "Police"
    LEGAL = "legal", "Legal team"


class Incident(models.Model):
    """Behaviour that caused concern: the evidence a decision cites (DESIGN.md §3)."""

    reference = models.CharField(max_length=20, unique=True, editable=False)
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="incidents")
    category = models.ForeignKey(
        "contactpolicy.BehaviourCategory", on_delete=models.PROTECT, related_name="+"
    )
    occurred_at = models.DateTimeField()
    channel = models.CharField(max_length=16, choices=Channel)
    description = models.TextField(help_text="What happened, in the words of the people involved.")
    staff_affected = models.CharField(max_length=300, blank=True)
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="incidents"
    )
    severity = models.CharField(max_length=8, choices=Severity, default=Severity.MEDIUM)
    extreme = models.BooleanField(
        default=False,
        help_text="Staff judged this behaviour extreme in itself: “an immediate threat to the "
        "safety and welfare of staff or others” (Natural England, “Extreme behaviour”).",
    )
    hate_incident = models.BooleanField(
        default=False, help_text="Tamworth §4: hate incidents are recorded and reported."
    )
    # The profile's `police_always_reported` question, answered yes: the policy always
    # reports such behaviour to the police (IPCC §4, Tamworth §9), so the report is due
    # until a police referral cites the incident or a reason for not making it is recorded.
    police_report_required = models.BooleanField(default=False)
    police_report_not_made_reason = models.TextField(blank=True)
    police_report_not_made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    police_report_not_made_at = models.DateTimeField(null=True, blank=True)
    reported_to = models.CharField(max_length=8, choices=ReportedTo, blank=True)
    reported_at = models.DateTimeField(null=True, blank=True)
    report_reference = models.CharField(max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    service = models.ForeignKey(
        "contactpolicy.Service",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The service or function where it happened.",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-occurred_at"]
        indexes = [
            models.Index(fields=["customer", "-occurred_at"], name="incident_timeline"),
            # The report's incidents of a period.
            models.Index(fields=["occurred_at"], name="incident_occurred"),
            # The hate and inequality incidents log, newest first.
            models.Index(
                fields=["occurred_at", "id"],
                name="incident_hate",
                condition=models.Q(hate_incident=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.category}"

    def get_absolute_url(self) -> str:
        return reverse("screens:incident", kwargs={"reference": self.reference})

    @property
    def is_extreme(self) -> bool:
        """Extreme by its category (BTPA A and B), or marked so by staff: under Natural
        England no category is extreme in itself (PROFILES.md, Annex A)."""
        return self.extreme or self.category.is_extreme
