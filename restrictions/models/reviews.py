"""Reviews of a restriction (DESIGN.md §7): scheduled when a restricting stage begins, held,
and concluded by a decision through the ordinary approval path.

A review is a record with its own state machine. It is scheduled by the decision that
began (or continued) the restriction, on that decision's review date capped by the
profile's interval, with its reviewer; it can be brought forward at the customer's or a
manager's request; it is started (the case goes under review), and concluded when the
decision it led to takes effect. Another decision that takes effect first (a breach, an
appeal) supersedes it. A review whose date passes unheld escalates or lapses as the
profile's `overdue_review_action` says (`restrictions.review_services.reviews_overdue_apply`).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from contactpolicy.choices import Channel
from restrictions.models.lifecycle import RestrictionCase, Stage


class ReviewState(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    IN_PROGRESS = "in_progress", "In progress"
    CONCLUDED = "concluded", "Concluded"
    SUPERSEDED = "superseded", "Superseded"
    ESCALATED = "escalated", "Overdue: escalated"
    LAPSED = "lapsed", "Lapsed at its date"

    @property
    def tag_class(self) -> str:
        return REVIEW_STATE_TAGS[self]


# The words are always shown beside the colour (WCAG 1.4.1).
REVIEW_STATE_TAGS = {
    ReviewState.SCHEDULED: "govuk-tag--blue",
    ReviewState.IN_PROGRESS: "",
    ReviewState.CONCLUDED: "govuk-tag--green",
    ReviewState.SUPERSEDED: "govuk-tag--grey",
    ReviewState.ESCALATED: "govuk-tag--red",
    ReviewState.LAPSED: "govuk-tag--orange",
}

# A review still to be held: it counts in the queues.
OPEN_REVIEW_STATES = (ReviewState.SCHEDULED, ReviewState.ESCALATED, ReviewState.IN_PROGRESS)
# A review not yet started, which can be brought forward, escalated or lapse.
WAITING_REVIEW_STATES = (ReviewState.SCHEDULED, ReviewState.ESCALATED)


class RequestedBy(models.TextChoices):
    CUSTOMER = "customer", "The customer"
    MANAGER = "manager", "A manager"


# The steps a review's page may offer (`Review.available_actions`).
REVIEW_STEPS = ("begin", "representation", "outcome", "bring_forward")


class Review(ConcurrentTransitionMixin, models.Model):
    """One review of a restriction case's sanctions or disengagement."""

    restriction_case = models.ForeignKey(
        RestrictionCase, on_delete=models.PROTECT, related_name="reviews"
    )
    scheduled_by = models.ForeignKey(
        "restrictions.Decision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviews_scheduled",
        help_text="The decision whose taking effect scheduled this review.",
    )
    reviewing = models.CharField(
        max_length=16, choices=Stage, help_text="What is reviewed: sanctions or disengagement."
    )
    state = FSMField(default=ReviewState.SCHEDULED, choices=ReviewState.choices, protected=True)
    due_on = models.DateField()
    first_due_on = models.DateField(help_text="The date set when the review was scheduled.")
    since = models.DateTimeField(help_text="The evidence the review weighs runs from here.")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviews_to_hold",
    )
    requested_by = models.CharField(max_length=12, choices=RequestedBy, blank=True)
    request_reason = models.TextField(blank=True)
    request_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    request_recorded_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    escalated_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["state", "due_on"], name="review_queue"),
            # The list of open reviews, soonest first, a page at a time: without it the
            # database sorts every open review joined to its customer.
            models.Index(
                fields=["due_on", "id"],
                condition=models.Q(state__in=OPEN_REVIEW_STATES),
                name="open_review_order",
            ),
        ]

    def __str__(self) -> str:
        return f"Review of {self.restriction_case.reference} due {self.due_on:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("restrictions:review", kwargs={"pk": self.pk})

    @property
    def state_tag(self) -> str:
        return ReviewState(self.state).tag_class

    @property
    def reviewing_label(self) -> str:
        """What is reviewed, in words: "Sanctions" or "Disengagement"."""
        return "Disengagement" if self.reviewing == Stage.DISENGAGED else "Sanctions"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_REVIEW_STATES

    @property
    def is_waiting(self) -> bool:
        return self.state in WAITING_REVIEW_STATES

    @property
    def is_in_progress(self) -> bool:
        return self.state == ReviewState.IN_PROGRESS

    @property
    def was_brought_forward(self) -> bool:
        return bool(self.requested_by)

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_on < timezone.localdate()

    def available_actions(self, user, profile) -> dict:
        """Each of `REVIEW_STEPS`: None when this review's state does not offer it now,
        else whether `user` may take it (`restrictions.access`: an `Answer`, and why not).
        What its page offers, never decided from a state in a view or template (ADR 0009)."""
        from restrictions import access  # access reads these models

        offered = {}
        if self.is_waiting:
            offered["begin"] = lambda: access.may_hold_review(user, self, profile)
            offered["bring_forward"] = lambda: access.may_bring_forward(user, profile)
        if self.is_open:
            offered["representation"] = lambda: access.may_hold_review(user, self, profile)
        if self.is_in_progress:
            offered["outcome"] = lambda: access.may_hold_review(user, self, profile)
        return {step: offered[step]() if step in offered else None for step in REVIEW_STEPS}

    # Transitions: each changes only this row; the services save and record them.

    @transition(
        field=state,
        source=[ReviewState.SCHEDULED, ReviewState.ESCALATED],
        target=ReviewState.IN_PROGRESS,
        custom={"label": "Start the review"},
    )
    def start(self) -> None:
        """The reviewer begins: the case goes under review, the restriction stays in force."""

    @transition(
        field=state,
        source=[ReviewState.SCHEDULED, ReviewState.ESCALATED],
        target=ReviewState.SCHEDULED,
        custom={"label": "Bring forward"},
    )
    def bring_forward(self) -> None:
        """Held earlier, at the customer's or a manager's request."""

    @transition(
        field=state,
        source=ReviewState.IN_PROGRESS,
        target=ReviewState.CONCLUDED,
        custom={"label": "Conclude"},
    )
    def conclude(self) -> None:
        """The decision the review led to took effect."""

    @transition(
        field=state,
        source=list(OPEN_REVIEW_STATES),
        target=ReviewState.SUPERSEDED,
        custom={"label": "Supersede"},
    )
    def supersede(self) -> None:
        """Another decision changed the restriction first; it schedules its own review."""

    @transition(
        field=state,
        source=ReviewState.SCHEDULED,
        target=ReviewState.ESCALATED,
        custom={"label": "Escalate"},
    )
    def escalate(self) -> None:
        """Its date passed unheld, and the profile escalates to the reviewer's manager."""

    @transition(
        field=state,
        source=list(WAITING_REVIEW_STATES),
        target=ReviewState.LAPSED,
        custom={"label": "Lapse"},
    )
    def lapse(self) -> None:
        """Its date passed unheld, and under the profile the restriction lapses with it."""


class Representation(models.Model):
    """What the customer said for the review, in their words or summarised, and when."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="representations")
    received_on = models.DateField()
    channel = models.CharField(max_length=16, choices=Channel)
    summary = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["received_on", "pk"]

    def __str__(self) -> str:
        return f"Representation received {self.received_on:%-d %B %Y}"
