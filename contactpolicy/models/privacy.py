from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class LawfulBasis(models.Model):
    """The organisation's lawful basis for one kind of personal data it holds
    (`contactpolicy.privacy.KINDS`), and for special category data its condition, as an
    administrator set and confirmed it, for its records of processing (UK GDPR Art. 30).

    A kind without a row shows the product's starting point, not yet confirmed.
    """

    kind = models.CharField(max_length=40, unique=True)
    basis = models.TextField()
    condition = models.TextField(blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind"]

    def __str__(self) -> str:
        return f"Lawful basis for {self.kind}"
