"""Appeals through their services: recorded, acknowledged, investigated and decided by the
people each profile names, changing the restriction only through an approved decision."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from appeals import services
from appeals.models import AppealOutcome, AppealState
from contactpolicy.choices import DecisionKind
from contactpolicy.refusals import Refused
from contactpolicy.roles import Role
from notices.models import NoticeKind
from notices.services import notice_draft_for_decision, notice_html, notice_issue
from restrictions.models import DecisionStatus, SanctionStatus, Stage
from tests.appeals.factories import profile_set, record, restricted
from tests.restrictions.factories import (
    approve,
    approve_all,
    person,
    propose_and_submit,
    sanction_of,
)

pytestmark = pytest.mark.django_db


def _investigated(appeal, manager):
    appeal = services.appeal_acknowledge(actor=manager, appeal=appeal)
    investigator = person(Role.HEAD_OF_SERVICE, job_title="Head of Customer Services")
    appeal = services.appeal_assign(actor=investigator, appeal=appeal, investigator=investigator)
    return services.appeal_record_findings(
        actor=investigator, appeal=appeal, findings="The recording shows no abuse."
    )


def test_tamworth_an_upheld_appeal_lifts_the_exclusion_when_its_outcome_notice_is_issued(
    activate_profile,
):
    activate_profile("tamworth")
    decision = restricted()
    case = decision.restriction_case
    assert case.state == Stage.SANCTIONED
    appeal = record(decision)
    today = timezone.localdate()
    assert appeal.decision_due == today + timedelta(weeks=6)
    assert appeal.deadline is not None and not appeal.is_late
    manager = person(Role.LINE_MANAGER)
    appeal = _investigated(appeal, manager)
    assert appeal.state == AppealState.UNDER_INVESTIGATION
    ack = appeal.acknowledgement_notice
    assert ack.kind == NoticeKind.APPEAL_ACKNOWLEDGEMENT
    received = f"{appeal.received_on.day} {appeal.received_on:%B %Y}"
    assert f"On {received} we received your appeal" in notice_html(ack)

    cmt = person(Role.CHIEF_EXECUTIVE)
    appeal = services.appeal_decide(
        actor=cmt, appeal=appeal, outcome=AppealOutcome.UPHELD, reasons="No abuse took place."
    )
    # The member of CMT's determination is the decision: the lift is approved by it, and
    # its outcome notice is drafted at once (tests/appeals/test_appeal_posts.py).
    lift = appeal.resulting_decision
    assert (lift.kind, lift.status) == (DecisionKind.LIFT, DecisionStatus.APPROVED)
    case.refresh_from_db()
    assert case.state == Stage.SANCTIONED  # nothing changes until the notice is issued
    html = notice_html(appeal.outcome_notice)
    assert "We have upheld your appeal" in html and "No abuse took place." in html
    notice_issue(notice=appeal.outcome_notice, actor=manager)
    case.refresh_from_db()
    assert case.state == Stage.LIFTED
    assert not case.sanctions.filter(status=SanctionStatus.ACTIVE).exists()


def test_the_lift_an_appeal_proposed_is_told_as_the_appeals_outcome_from_either_page(
    activate_profile,
):
    activate_profile("tamworth")
    profile_set(appeal_outcome_binding=False)  # the lift goes for approval
    appeal = _investigated(record(restricted()), person(Role.LINE_MANAGER))
    manager = person(Role.LINE_MANAGER)
    appeal = services.appeal_decide(
        actor=person(Role.CHIEF_EXECUTIVE),
        appeal=appeal,
        outcome=AppealOutcome.UPHELD,
        reasons="No abuse took place.",
    )
    lift = appeal.resulting_decision
    approve(lift, person(Role.HEAD_OF_SERVICE), issue=False)

    # Drafted first from the lift's own page: it is the appeal's outcome, with its words.
    from_decision = notice_draft_for_decision(decision=lift, actor=manager)
    assert from_decision.kind == NoticeKind.APPEAL_OUTCOME
    assert "We have upheld your appeal" in notice_html(from_decision)
    appeal = services.appeal_outcome_notice(actor=manager, appeal=appeal)
    assert appeal.outcome_notice == from_decision
    assert lift.notices.count() == 1


def test_tamworth_the_appeal_is_decided_by_a_member_of_cmt_who_did_not_make_the_decision(
    activate_profile,
):
    activate_profile("tamworth")
    chief = person(Role.CHIEF_EXECUTIVE)
    decision = restricted(approvers=[person(Role.HEAD_OF_SERVICE), chief])
    appeal = _investigated(record(decision), person(Role.LINE_MANAGER))
    with pytest.raises(PermissionDenied, match="a chief executive decides this appeal"):
        services.appeal_decide(
            actor=person(Role.HEAD_OF_SERVICE),
            appeal=appeal,
            outcome=AppealOutcome.NOT_UPHELD,
            reasons="x",
        )
    proposer = decision.proposed_by
    proposer.groups.add(*person(Role.CHIEF_EXECUTIVE).groups.all())
    with pytest.raises(PermissionDenied, match="You took part in"):
        services.appeal_decide(
            actor=proposer, appeal=appeal, outcome=AppealOutcome.NOT_UPHELD, reasons="x"
        )


def test_an_appeal_not_upheld_keeps_the_restriction_and_says_so(activate_profile):
    activate_profile("tamworth")
    decision = restricted()
    appeal = _investigated(record(decision), person(Role.LINE_MANAGER))
    appeal = services.appeal_decide(
        actor=person(Role.CHIEF_EXECUTIVE),
        appeal=appeal,
        outcome=AppealOutcome.NOT_UPHELD,
        reasons="The recordings confirm the abuse.",
    )
    assert appeal.resulting_decision is None
    html = notice_html(appeal.outcome_notice)
    assert "We have not upheld your appeal" in html and "Marmion House" in html
    notice_issue(notice=appeal.outcome_notice, actor=person(Role.LINE_MANAGER))
    decision.restriction_case.refresh_from_db()
    assert decision.restriction_case.state == Stage.SANCTIONED


def test_a_late_appeal_waits_for_acceptance_and_a_refusal_keeps_the_reason(activate_profile):
    activate_profile("tamworth")
    decision = restricted()
    appeal = record(decision)
    # Received two months after the notice: late under "one calendar month".
    appeal.received_on = appeal.notice_date + timedelta(days=62)
    appeal.is_late = True
    appeal.save()
    with pytest.raises(Refused, match="accept it as late"):
        services.appeal_acknowledge(actor=person(Role.LINE_MANAGER), appeal=appeal)
    with pytest.raises(PermissionDenied, match="accepts or refuses a late appeal"):
        services.appeal_decide_late(
            actor=person(Role.HEAD_OF_SERVICE), appeal=appeal, accept=True, reason="Ill"
        )
    appeal = services.appeal_decide_late(
        actor=person(Role.CHIEF_EXECUTIVE), appeal=appeal, accept=False, reason="No good cause"
    )
    assert appeal.state == AppealState.REFUSED
    assert "after the deadline" in appeal.refused_reason
    assert appeal.refused_reason.endswith("No good cause")


def test_a_late_appeal_accepted_goes_on_to_be_acknowledged(activate_profile):
    activate_profile("tamworth")
    appeal = record(restricted())
    appeal.is_late = True
    appeal.save()
    appeal = services.appeal_decide_late(
        actor=person(Role.CHIEF_EXECUTIVE), appeal=appeal, accept=True, reason="In hospital"
    )
    appeal = services.appeal_acknowledge(actor=person(Role.LINE_MANAGER), appeal=appeal)
    assert appeal.state == AppealState.ACKNOWLEDGED


def test_natural_england_allows_one_appeal_at_the_sanctions_stage(activate_profile):
    activate_profile("natural-england")
    their_head = person(Role.HEAD_OF_SERVICE)
    decision = restricted(
        "one_method",
        approvers=[their_head, person(Role.CHIEF_EXECUTIVE)],
        proposer=person(Role.LINE_MANAGER, line_manager=their_head),
    )
    first = record(decision)
    assert first.state == AppealState.RECEIVED
    with pytest.raises(ValidationError) as unconfirmed:
        record(decision)
    assert unconfirmed.value.message_dict["refusal_confirmed"][0].startswith(
        "Confirm that this appeal will be recorded as refused: The Natural England policy"
    )
    second = record(decision, refusal_confirmed=True)
    assert second.state == AppealState.REFUSED
    assert second.refused_reason == (
        "The Natural England policy allows a customer to appeal only once at the “Sanctions in "
        f"place” stage, and they already have ({first.reference} received "
        f"{first.received_on:%-d %B %Y})."
    )


@pytest.mark.parametrize("slug", ["btpa", "opcc"])
def test_a_profile_without_an_appeal_route_records_no_appeal(activate_profile, slug):
    activate_profile(slug)
    decision = restricted("one_method", approvers=[person(Role.CHIEF_EXECUTIVE)])
    with pytest.raises(PermissionDenied, match="complain instead"):
        record(decision)


def test_documents_are_kept_and_bounded(activate_profile):
    activate_profile("tamworth")
    decision = restricted()
    good = SimpleUploadedFile("letter.pdf", b"%PDF-1.4 the letter", "application/pdf")
    appeal = record(decision, documents=[good])
    document = appeal.documents.get()
    assert (document.original_name, document.size) == ("letter.pdf", 19)
    assert document.file.read() == b"%PDF-1.4 the letter"
    fake = SimpleUploadedFile("photo.png", b"not a png", "image/png")
    with pytest.raises(ValidationError) as info:
        record(decision, documents=[fake])
    assert info.value.message_dict["documents"] == [
        "photo.png is not the kind of file its name says it is"
    ]
    exe = SimpleUploadedFile("run.exe", b"MZ", "application/octet-stream")
    with pytest.raises(ValidationError) as info:
        record(decision, documents=[exe])
    assert "must be a PDF, JPG, PNG, DOCX or TXT file" in info.value.messages[0]


def test_an_appeal_with_documents_is_not_recorded_while_files_cannot_be_stored(
    activate_profile, settings, tmp_path
):
    """An unwritable file store is an outage (the 503 page), not a half-recorded appeal."""
    from appeals.models import Appeal
    from contactpolicy.storage import StorageUnavailable

    activate_profile("tamworth")
    decision = restricted()
    (tmp_path / "file_not_dir").write_text("")
    settings.MEDIA_ROOT = tmp_path / "file_not_dir" / "media"
    letter = SimpleUploadedFile("letter.pdf", b"%PDF-1.4 the letter", "application/pdf")

    with pytest.raises(StorageUnavailable):
        record(decision, documents=[letter])

    assert not Appeal.objects.exists()


def test_a_partly_upheld_appeal_varies_by_keeping_only_the_sanctions_chosen(activate_profile):
    activate_profile("tamworth")
    profile = profile_set(appeal_outcome_binding=False)  # the variation goes for approval
    decision = restricted("one_method", channel="letter")
    case = decision.restriction_case
    # A second sanction in force beside the first, through its own approved decision.
    more = propose_and_submit(
        decision.proposed_by,
        case.customer,
        "vary",
        incidents=list(decision.incidents.all()),
        sanctions=[
            sanction_of(profile, "one_method", channel="letter"),
            sanction_of(profile, "building_exclusion", buildings="Marmion House"),
        ],
    )
    approve_all(more, [person(Role.HEAD_OF_SERVICE)])
    in_force = list(case.sanctions.filter(status=SanctionStatus.ACTIVE))
    assert len(in_force) == 2
    letter_only = next(s for s in in_force if s.kind == "one_method")
    appeal = _investigated(record(more), person(Role.LINE_MANAGER))
    with pytest.raises(ValidationError) as info:
        services.appeal_decide(
            actor=person(Role.CHIEF_EXECUTIVE),
            appeal=appeal,
            outcome=AppealOutcome.PARTLY_UPHELD,
            reasons="The exclusion went too far.",
            effect="vary",
            keep=in_force,
        )
    assert info.value.message_dict["keep"] == [
        "Leave out at least one sanction, or choose not upheld"
    ]
    appeal = services.appeal_decide(
        actor=person(Role.CHIEF_EXECUTIVE),
        appeal=appeal,
        outcome=AppealOutcome.PARTLY_UPHELD,
        reasons="The exclusion went too far; writing by letter stays.",
        effect="vary",
        keep=[letter_only],
    )
    vary = appeal.resulting_decision
    assert (vary.kind, vary.status) == (DecisionKind.VARY, DecisionStatus.SUBMITTED)
    assert [(s.kind, s.channel) for s in vary.sanctions.all()] == [("one_method", "letter")]
    approve(vary, person(Role.HEAD_OF_SERVICE), issue=False)
    appeal = services.appeal_outcome_notice(actor=person(Role.LINE_MANAGER), appeal=appeal)
    html = notice_html(appeal.outcome_notice)
    assert "We have upheld part of your appeal" in html
    notice_issue(notice=appeal.outcome_notice, actor=person(Role.LINE_MANAGER))
    left = list(case.sanctions.filter(status=SanctionStatus.ACTIVE))
    assert [(s.kind, s.decision_id) for s in left] == [("one_method", vary.pk)]
