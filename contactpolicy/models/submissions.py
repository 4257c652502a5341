from django.conf import settings
from django.db import models


class FormSubmission(models.Model):
    """A form's one-time token, claimed by the first post that carries it.

    Each rendering of a form that creates something carries a fresh token. The first
    post claims it and, once it has saved, records where it led; a second post of the
    same rendering (a double click, a resubmission after going back) finds the claim and
    is sent where the first went, so nothing is saved twice.
    """

    token = models.UUIDField(unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    result_url = models.CharField(max_length=500, blank=True)

    def __str__(self) -> str:
        return str(self.token)
