"""Reports to the police or legal team, information sharing, and approaches to third
parties (DESIGN.md §8)."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from cases.models import Customer, Incident


class ReferralKind(models.TextChoices):
    POLICE = "police", "Report to the police"
    LEGAL = "legal", "Referral to the legal team"
    LEGAL_ADVICE = "legal_advice", "Advice sought from the legal team"
    INFORMATION_SHARING = "sharing", "Multi-agency information sharing"
    AGENT_CLIENT = "agent_client", "Contact with an agent's client"
    AGENT_EMPLOYER = "agent_employer", "Contact with an agent's employer"
    PROFESSIONAL_BODY = "professional_body", "Complaint to a professional body"


class Referral(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="referrals")
    kind = models.CharField(max_length=20, choices=ReferralKind)
    incidents = models.ManyToManyField(Incident, blank=True, related_name="referrals")
    made_on = models.DateField()
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recipient = models.CharField(max_length=300, help_text="Who it went to: force, team, body.")
    external_reference = models.CharField(max_length=100, blank=True)
    what_was_shared = models.TextField(blank=True)
    basis = models.TextField(
        blank=True, help_text="The lawful basis or protocol (e.g. the Staffordshire ISP)."
    )
    notes = models.TextField(blank=True)
    # Tamworth §9: "after consultation with the Head of Service/Head of Customer Services":
    # where the profile requires it (`police_consultation_role`), a report to the police
    # records who was consulted, when, and what they said.
    consulted = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    consulted_on = models.DateField(null=True, blank=True)
    consultation_advice = models.TextField(blank=True)
    # Reported without warning the customer: they must be told afterwards (NE: "as soon as
    # appropriate"), which becomes a dated task.
    without_warning = models.BooleanField(default=False)
    inform_customer_by = models.DateField(null=True, blank=True)
    customer_informed_on = models.DateField(null=True, blank=True)
    # When the maker was last emailed to tell the customer. A worker claims a referral by
    # setting it with a conditional UPDATE, so concurrent runs email once a day.
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-made_on", "-pk"]
        indexes = [models.Index(fields=["inform_customer_by"], name="referral_inform_due")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(without_warning=False)
                | models.Q(inform_customer_by__isnull=False),
                name="referral_without_warning_has_inform_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.made_on}"
