"""The synthetic data generator (benchmarks/synthetic.py), at a small size."""

import hashlib
import re
from datetime import UTC, datetime

import pytest

from benchmarks import synthetic
from benchmarks.generate_synthetic import main as generate_synthetic
from cases import normalise
from cases.clocks import compute_clocks
from cases.models import (
    Contact,
    Customer,
    CustomerIdentifier,
    CustomerKind,
    IdentifierKind,
    ReferenceSequence,
    next_reference,
)
from contactpolicy.roles import Role
from contactpolicy.selectors import profile_calendar, profile_get_active

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 27, 11, 30, tzinfo=UTC)
SIZE = {"customers": 50, "contacts": 400, "officers": 9, "batch_size": 64, "now": NOW}
REFERENCE = re.compile(r"^(CUS|CON)-(\d{4})-(\d{6})$")


def _generate(seed: int = 7, **overrides) -> synthetic.GenerationResult:
    return synthetic.generate(**{**SIZE, "seed": seed, **overrides})


def _digest() -> str:
    """Everything that identifies the data set: customers, identifiers and contacts."""
    digest = hashlib.sha256()
    for row in Customer.objects.order_by("reference").values_list(
        "reference", "kind", "name", "preferred_language", "created_at"
    ):
        digest.update(repr(row).encode())
    for row in CustomerIdentifier.objects.order_by(
        "customer__reference", "kind", "value"
    ).values_list("customer__reference", "kind", "value", "postcode", "normalised"):
        digest.update(repr(row).encode())
    for row in Contact.objects.order_by("reference").values_list(
        "reference",
        "customer__reference",
        "officer__username",
        "channel",
        "kind",
        "received_at",
        "summary",
        "next_due_at",
        "responded_at",
    ):
        digest.update(repr(row).encode())
    return digest.hexdigest()


def _delete_everything() -> None:
    from appeals.models import Appeal
    from cases.models import Case, Incident
    from restrictions.models import (
        Approval,
        AuditEvent,
        Decision,
        Referral,
        RestrictionCase,
        Review,
        Sanction,
    )

    Review.objects.update(scheduled_by=None)  # reviews and decisions name each other
    for model in (
        AuditEvent,
        Approval,
        Appeal,
        Sanction,
        Referral,
        Decision,
        Review,
        RestrictionCase,
        Incident,
        Contact,
        Case,
        Customer,
        ReferenceSequence,
    ):
        model.objects.all().delete()


@pytest.fixture
def generated(btpa_active):
    return _generate()


def test_it_writes_the_sizes_asked_for(generated):
    assert (generated.customers, generated.contacts) == (50, 400)
    assert Customer.objects.count() == 50
    assert Contact.objects.count() == 400
    assert CustomerIdentifier.objects.count() == generated.identifiers
    per_customer = [c.identifiers.count() for c in Customer.objects.all()]
    assert min(per_customer) >= 1 and max(per_customer) <= 3
    assert not Contact.objects.filter(officer__isnull=True).exists()
    assert not Contact.objects.filter(customer__isnull=True).exists()
    assert Customer.objects.filter(kind=CustomerKind.INDIVIDUAL).count() > 25


def test_officers_are_caseworkers_in_teams_under_line_managers(generated):
    from contactpolicy.models import User

    caseworkers = User.objects.filter(username__startswith="officer")
    managers = User.objects.filter(username__startswith="teamlead")
    assert caseworkers.count() == 9 and managers.count() == 2
    assert all(u.roles == {Role.CASEWORKER} for u in caseworkers)
    assert all(u.roles == {Role.LINE_MANAGER} for u in managers)
    assert not caseworkers.filter(line_manager__isnull=True).exists()
    assert all(not u.has_usable_password() for u in caseworkers)


def test_the_same_seed_gives_the_same_data_and_another_seed_does_not(btpa_active):
    _generate(seed=7)
    first = _digest()
    _delete_everything()
    _generate(seed=7)
    assert _digest() == first
    _delete_everything()
    _generate(seed=8)
    assert _digest() != first


def test_identifiers_are_stored_normalised_as_the_app_does(generated):
    for identifier in CustomerIdentifier.objects.all():
        match identifier.kind:
            case IdentifierKind.PHONE:
                assert identifier.normalised == normalise.phone(identifier.value)
                assert re.fullmatch(r"0[127]\d{9}", identifier.normalised), identifier.value
            case IdentifierKind.EMAIL:
                assert identifier.normalised == normalise.email(identifier.value)
            case IdentifierKind.ADDRESS:
                assert identifier.normalised == normalise.postcode(identifier.postcode)
                assert normalise.looks_like_postcode(identifier.postcode)
            case IdentifierKind.SOCIAL:
                assert identifier.normalised == normalise.handle(identifier.value)
    for customer in Customer.objects.all():
        assert customer.normalised_name == normalise.name(customer.name)


@pytest.mark.parametrize("written", ["+44 7700 900123", "0044 7700 900 123", "(07700) 900123"])
def test_every_written_phone_style_normalises_to_the_national_number(written):
    import random

    rng = random.Random(1)
    for national in ["07700900123", "02079460123", "01614960123", "01792123456"]:
        for _ in range(40):
            assert normalise.phone(synthetic.written_phone(rng, national)) == national
    assert normalise.phone(written) == "07700900123"


def test_references_are_unique_and_later_ones_do_not_collide(generated):
    customers = list(Customer.objects.values_list("reference", flat=True))
    contacts = list(Contact.objects.values_list("reference", flat=True))
    assert len(set(customers)) == len(customers) and len(set(contacts)) == len(contacts)
    assert all(REFERENCE.match(r) for r in customers + contacts)
    for prefix, existing in (("CUS", set(customers)), ("CON", set(contacts))):
        years = {int(REFERENCE.match(r).group(2)) for r in existing}
        for year in years:
            assert next_reference(prefix, year) not in existing


def test_contacts_are_numbered_in_the_order_they_arrived(generated):
    ordered = list(
        Contact.objects.order_by("received_at", "pk").values_list("reference", flat=True)
    )
    by_year: dict[str, list[int]] = {}
    for reference in ordered:
        _, year, number = reference.split("-")
        by_year.setdefault(year, []).append(int(number))
    for numbers in by_year.values():
        assert numbers == sorted(numbers) == list(range(numbers[0], numbers[0] + len(numbers)))


def test_clocks_follow_the_active_profile_and_next_due_is_the_earliest_pending(generated):
    profile = profile_get_active()
    calendar = profile_calendar(profile)
    open_contacts = 0
    for contact in Contact.objects.all():
        if contact.direction == "in":
            clocks = compute_clocks(
                profile=profile,
                calendar=calendar,
                channel=contact.channel,
                kind=contact.kind,
                received_at=contact.received_at,
                copied_for_information=contact.copied_for_information,
                no_reply_reason=contact.no_reply_reason,
            )
            assert (contact.acknowledge_due_at, contact.respond_due_at) == (
                clocks.acknowledge_due_at,
                clocks.respond_due_at,
            )
        stored = contact.next_due_at
        contact.refresh_next_due()
        assert stored == contact.next_due_at
        if stored is not None:
            pending = [
                due
                for due, done in (
                    (contact.acknowledge_due_at, contact.acknowledged_at),
                    (contact.respond_due_at, contact.responded_at),
                )
                if due and not done
            ]
            assert stored == min(pending)
        if contact.is_open:
            open_contacts += 1
        for done in (contact.acknowledged_at, contact.responded_at):
            assert done is None or contact.received_at <= done <= NOW
    assert open_contacts == generated.open_contacts
    assert 4 <= open_contacts <= 12  # about 2% of 400


def test_some_customers_are_much_heavier_than_most(generated):
    counts = sorted(
        (c.contacts.count() for c in Customer.objects.all()),
        reverse=True,
    )
    assert counts[0] >= 50
    assert counts[len(counts) // 2] <= 8


def test_no_history_rows_are_written(generated):
    assert not Customer.history.exists()
    assert not Contact.history.exists()


def test_the_command_refuses_a_database_with_customers_unless_appending(generated, capsys):
    assert generate_synthetic(["--customers", "5", "--contacts", "20"]) == 2
    assert "--append" in capsys.readouterr().err
    assert (
        generate_synthetic(
            ["--customers=5", "--contacts=20", "--officers=9", "--append", "--seed=9"]
        )
        == 0
    )
    assert Customer.objects.count() == 55 and Contact.objects.count() == 420
    assert Contact.objects.values("reference").distinct().count() == 420


def test_the_command_needs_an_active_profile(db, capsys):
    assert generate_synthetic(["--customers", "5", "--contacts", "20"]) == 2
    assert "setup_demo" in capsys.readouterr().err


def test_about_one_customer_in_a_hundred_is_restricted_with_yearly_reviews(btpa_active):
    from restrictions.models import (
        OPEN_REVIEW_STATES,
        RESTRICTING_STATES,
        RestrictionCase,
        Review,
        ReviewState,
        Stage,
    )

    result = _generate(customers=1500, contacts=1500)
    assert result.restriction_cases == RestrictionCase.objects.count()
    assert 5 <= RestrictionCase.objects.exclude(state=Stage.WARNED).count() <= 30
    assert result.reviews == Review.objects.count()
    # A restriction in force has exactly one review still to hold, and the held (or
    # superseded) ones before it; a lifted one has none left to hold.
    for case in RestrictionCase.objects.prefetch_related("reviews"):
        reviews = sorted(case.reviews.all(), key=lambda r: r.due_on)
        still_to_hold = [r.state in OPEN_REVIEW_STATES for r in reviews].count(True)
        if case.state in RESTRICTING_STATES:
            assert still_to_hold == 1
            assert reviews[-1].due_on == case.review_due
            reviews = reviews[:-1]
        else:
            assert still_to_hold == 0 and case.review_due is None
        assert all(r.state in (ReviewState.CONCLUDED, ReviewState.SUPERSEDED) for r in reviews)
    today = NOW.date()
    open_reviews = Review.objects.filter(state__in=OPEN_REVIEW_STATES)
    assert open_reviews.filter(due_on__gte=today).exists()
    assert not open_reviews.filter(due_on__gt=today.replace(year=today.year + 1)).exists()
    assert not Review.objects.filter(reviewer__isnull=True).exists()


def test_the_reviews_are_the_same_for_the_same_seed(btpa_active):
    from restrictions.models import RestrictionCase, Review

    def shape():
        return (
            list(
                RestrictionCase.objects.order_by("reference").values_list(
                    "reference", "customer__reference", "state", "review_due"
                )
            ),
            list(
                Review.objects.order_by("restriction_case__reference", "due_on").values_list(
                    "restriction_case__reference", "state", "due_on", "reviewer__username"
                )
            ),
        )

    _generate(customers=800, contacts=800)
    first = shape()
    _delete_everything()
    _generate(customers=800, contacts=800)
    assert shape() == first
