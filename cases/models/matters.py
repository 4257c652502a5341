from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from cases.models.customers import Customer


class CaseStatus(models.TextChoices):
    OPEN = "open", "Open"
    OUTCOME_REACHED = "outcome", "Outcome reached"
    CLOSED = "closed", "Closed"


class Case(models.Model):
    """A matter, complaint, enquiry or request. Restrictions may be scoped to cases."""

    reference = models.CharField(max_length=20, unique=True, editable=False)
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="cases")
    subject = models.CharField(max_length=300)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
        help_text="The handling officer.",
    )
    service = models.ForeignKey(
        "contactpolicy.Service",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The service or function the matter belongs to.",
    )
    status = models.CharField(max_length=16, choices=CaseStatus, default=CaseStatus.OPEN)
    outcome = models.TextField(blank=True, help_text="What was decided or done.")
    outcome_date = models.DateField(null=True, blank=True)
    opened_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        return f"{self.reference}: {self.subject}"

    def get_absolute_url(self) -> str:
        return reverse("cases:case", kwargs={"reference": self.reference})

    @property
    def is_open(self) -> bool:
        return self.status == CaseStatus.OPEN

    @property
    def is_closed(self) -> bool:
        return self.status == CaseStatus.CLOSED
