"""Sign-in lockout with two limits: per username and address, and per username.

django-axes counts failed sign-ins under each entry of `AXES_LOCKOUT_PARAMETERS` (here
username with address, then username alone) and locks when the largest count reaches one
`AXES_FAILURE_LIMIT`. One limit does not fit both: five wrong passwords from one address are
enough, but a real user mistyping on a phone and a laptop should not lock themselves out
everywhere at five. This handler gives the per-username count its own, higher limit,
`SIGN_IN_FAILURES_PER_USERNAME`, so that someone with many addresses still runs out of
guesses at one account. Both locks end after `AXES_COOLOFF_TIME`.
"""

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum


class TwoLimitLockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        """Failures on axes's single scale: at `AXES_FAILURE_LIMIT` when either limit is met."""
        from_this_address, from_anywhere = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        # Shift the per-username count so it meets AXES_FAILURE_LIMIT exactly when it meets
        # its own limit; axes then compares one number with one limit, as it expects.
        shift = settings.SIGN_IN_FAILURES_PER_USERNAME - settings.AXES_FAILURE_LIMIT
        return max(from_this_address, from_anywhere - shift)
