"""Whether to seek a court injunction to support a building exclusion (DESIGN.md §5).

Tamworth §8: "The Council may seek a court injunction to support the original (and, where
relevant, the extended) exclusion, the delegated authority for this decision lies with the
Head of Customer Services." It is a decision of its own, taken by the post the profile
names (`PolicyProfile.injunction_role` and `injunction_title`), after the exclusion and
perhaps after a breach, not a detail of the exclusion's proposal. Each decision is a row,
written with its audit event; a later one (the court's outcome, a decision to seek one
after a breach) is another row.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from restrictions.models.sanctions import Sanction


class InjunctionDecision(models.Model):
    sanction = models.ForeignKey(
        Sanction, on_delete=models.PROTECT, related_name="injunction_decisions"
    )
    seek = models.BooleanField(help_text="Whether to seek a court injunction.")
    reason = models.TextField(blank=True)
    # Empty only for a decision recorded on the exclusion before decisions had their own
    # record: who took it was not kept.
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)
    court = models.CharField(max_length=200, blank=True)
    applied_on = models.DateField(null=True, blank=True)
    court_outcome = models.CharField(max_length=300, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return "Seek an injunction" if self.seek else "Not to seek an injunction"
