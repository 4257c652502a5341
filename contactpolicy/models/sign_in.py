from django.db import models
from django_otp.models import Device, TimestampMixin


class ProviderSecondFactor(TimestampMixin, Device):
    """The organisation's identity provider's word that the person gave it a second factor.

    A django-otp device, so that `OTPMiddleware` counts a session signed in through a
    provider that asserted one as verified (`contactpolicy.identity_provider`). It accepts
    no code: nothing typed anywhere can verify a session with it, so a password sign-in
    still needs the person's authenticator app. One a person, made at their first such
    sign-in; `last_used_at` is the latest.
    """

    class Meta:
        verbose_name = "second factor given to the identity provider"
        verbose_name_plural = "second factors given to the identity provider"
        constraints = [
            models.UniqueConstraint(fields=["user"], name="one_provider_second_factor_a_person")
        ]

    def verify_token(self, token) -> bool:
        return False
