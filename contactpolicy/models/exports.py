from django.conf import settings
from django.db import models


class Export(models.Model):
    """One download of records that leave the product: who took it, when, and what it held.

    A report, a log or the register leaves the building as a file; this is the record that
    it did. The filters are kept as the screen had them, so the same export can be retaken.
    `rows` is written when the last row has been sent: an export whose download was cut off
    keeps it empty.
    """

    kind = models.CharField(max_length=40)  # what was exported: "register", "report", …
    description = models.CharField(max_length=300)  # in words, as a person would say it
    file_format = models.CharField(max_length=8)  # "csv", "pdf", "zip"
    filters = models.JSONField(default=dict, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(auto_now_add=True)
    rows = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [
            models.Index(fields=["-started_at"], name="export_recent"),
            # The exports page, filtered by what was exported.
            models.Index(fields=["kind", "-started_at"], name="export_kind_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.description} ({self.file_format}) by {self.user} at {self.started_at:%Y-%m-%d %H:%M}"
