"""Issuing is the moment of effect (DESIGN.md §4, §9): the notice is frozen, rendered once,
stored with its checksum, and the decision applied in the same transaction. The stored
bytes are what every download and reprint returns, and a mismatch is never served."""

import hashlib
import logging

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cases.models import AccessibilityFormat, Language
from contactpolicy.refusals import Refused
from notices.merge_fields import template_errors
from notices.models import (
    IssuedNoticeError,
    Notice,
    NoticeKind,
    NoticeState,
    PrintFormat,
    SendMethod,
)
from notices.services import (
    ChecksumMismatch,
    notice_bytes,
    notice_draft_for_decision,
    notice_issue,
    notice_mark_sent,
    notice_send_by_email,
    notice_withdraw,
    notices_mark_posted,
    post_batch_pdf,
    template_save,
)
from restrictions.models import DecisionStatus, SanctionStatus, Stage
from tests.notices.factories import (
    addressed_customer,
    approved_sanctions,
    flat,
    pdf_text,
    staff,
)
from tests.restrictions.factories import approve, incident, propose_and_submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def people(db):
    return staff()


def test_approval_waits_for_the_notice_and_issuing_applies_it(activate_profile, people):
    profile = activate_profile("btpa")
    decision = approved_sanctions(profile, people)
    case = decision.restriction_case
    case.refresh_from_db()
    assert decision.status == DecisionStatus.APPROVED
    assert decision.applied_at is None
    assert case.state == Stage.WARNED
    assert decision.sanctions.get().status == SanctionStatus.PROPOSED

    notice = notice_draft_for_decision(decision=decision, actor=people["chief"])
    assert notice.kind == NoticeKind.SANCTIONS_IMPOSED
    assert notice.state == NoticeState.DRAFT
    case.refresh_from_db()
    assert case.state == Stage.WARNED  # a draft changes nothing

    notice = notice_issue(notice=notice, actor=people["chief"])
    case.refresh_from_db()
    decision.refresh_from_db()
    assert case.state == Stage.SANCTIONED
    assert decision.applied_at is not None
    assert decision.sanctions.get().status == SanctionStatus.ACTIVE
    assert notice.state == NoticeState.ISSUED
    assert notice.signatory_name == "Sam Okafor"
    assert notice.signatory_role == "Chief Executive"
    with notice.file.open("rb") as stored:
        data = stored.read()
    assert hashlib.sha256(data).hexdigest() == notice.sha256
    assert "telephone us on Tuesday and Thursday" in flat(pdf_text(data))


def test_a_refused_transition_issues_nothing(activate_profile, people, settings, tmp_path):
    profile = activate_profile("btpa")
    decision = approved_sanctions(profile, people)
    notice = notice_draft_for_decision(decision=decision, actor=people["chief"])
    # Someone else's notice moved the case on first: this decision no longer fits its stage.
    decision.restriction_case.__class__.objects.filter(pk=decision.restriction_case_id).update(
        state=Stage.DISENGAGED
    )
    with pytest.raises(Refused):
        notice_issue(notice=notice, actor=people["chief"])
    notice.refresh_from_db()
    assert notice.state == NoticeState.DRAFT
    assert notice.sha256 == ""
    assert not list(tmp_path.rglob(f"{notice.reference}*.pdf"))


def test_only_the_chief_executive_issues_a_reserved_decision(activate_profile, people):
    profile = activate_profile("btpa")
    decision = approved_sanctions(profile, people)
    notice = notice_draft_for_decision(decision=decision, actor=people["manager"])
    with pytest.raises(PermissionDenied, match="Chief Executive issues its notice"):
        notice_issue(notice=notice, actor=people["head"])
    notice_issue(notice=notice, actor=people["chief"])


def test_download_and_reprint_return_the_stored_bytes(activate_profile, people, client):
    profile = activate_profile("tamworth")
    decision = approved_sanctions(profile, people)
    notice = notice_issue(
        notice=notice_draft_for_decision(decision=decision, actor=people["head"]),
        actor=people["head"],
    )
    client.force_login(people["caseworker"])
    download = client.get(reverse("notices:download", kwargs={"reference": notice.reference}))
    reprint = client.get(reverse("notices:pdf", kwargs={"reference": notice.reference}))
    assert download.status_code == reprint.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    assert download.content == reprint.content == notice_bytes(notice)
    # Another render of the same notice is not the same file: the stored one is served.
    assert hashlib.sha256(download.content).hexdigest() == notice.sha256


def test_a_checksum_mismatch_is_reported_and_never_served(activate_profile, people, client, caplog):
    profile = activate_profile("opcc")
    decision = approved_sanctions(profile, people)
    notice = notice_issue(
        notice=notice_draft_for_decision(decision=decision, actor=people["chief"]),
        actor=people["chief"],
    )
    with open(notice.file.path, "ab") as stored:
        stored.write(b"%% altered")
    with pytest.raises(ChecksumMismatch):
        notice_bytes(notice)
    client.force_login(people["caseworker"])
    with caplog.at_level(logging.ERROR, logger="notices.services"):
        response = client.get(reverse("notices:download", kwargs={"reference": notice.reference}))
    assert response.status_code == 409
    assert response["Content-Type"].startswith("text/html")
    assert b"%PDF" not in response.content
    assert "cannot be served" in response.content.decode()
    assert any("does not match its checksum" in r.getMessage() for r in caplog.records)


def test_an_issued_notice_is_never_edited_or_deleted(activate_profile, people):
    profile = activate_profile("ipcc")
    decision = approved_sanctions(profile, people)
    notice = notice_issue(
        notice=notice_draft_for_decision(decision=decision, actor=people["head"]),
        actor=people["head"],
    )
    notice = Notice.objects.get(pk=notice.pk)
    notice.signatory_name = "Someone else"
    with pytest.raises(IssuedNoticeError):
        notice.save()
    with pytest.raises(IssuedNoticeError):
        notice.delete()
    with pytest.raises(IssuedNoticeError):
        Notice.objects.filter(pk=notice.pk).delete()
    with pytest.raises(IssuedNoticeError):
        Notice.objects.filter(pk=notice.pk).update(body_used="changed")
    with pytest.raises(Refused):
        notice_withdraw(notice=notice, actor=people["head"], reason="Wrong address")
    with pytest.raises(Refused):
        notice_issue(notice=notice, actor=people["head"])


def test_sending_is_recorded_and_a_batch_is_posted_once(activate_profile, people):
    profile = activate_profile("natural-england")
    first = approved_sanctions(profile, people)
    second = approved_sanctions(profile, people)
    notices = [
        notice_issue(
            notice=notice_draft_for_decision(decision=d, actor=people["head"]),
            actor=people["head"],
        )
        for d in (first, second)
    ]
    batch = post_batch_pdf(notices)
    text = pdf_text(batch)
    assert all(n.reference in text for n in notices)
    from io import BytesIO

    from pypdf import PdfReader

    # Each notice starts on a fresh sheet: an even number of pages before each one.
    assert len(PdfReader(BytesIO(batch)).pages) % 2 == 0
    notices_mark_posted(notices=notices, actor=people["caseworker"])
    for notice in notices:
        notice.refresh_from_db()
        assert (notice.state, notice.sent_method, notice.sent_by) == (
            NoticeState.SENT,
            SendMethod.POST,
            people["caseworker"],
        )
    with pytest.raises(Refused, match="only an issued notice"):
        notice_mark_sent(notice=notices[0], actor=people["caseworker"], method=SendMethod.POST)


def test_emailing_attaches_the_pdf_after_commit(
    activate_profile, people, django_capture_on_commit_callbacks
):
    profile = activate_profile("btpa")
    decision = approved_sanctions(profile, people)
    notice = notice_issue(
        notice=notice_draft_for_decision(decision=decision, actor=people["chief"]),
        actor=people["chief"],
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notice_send_by_email(notice=notice, actor=people["caseworker"])
    assert mail.outbox == []  # nothing leaves before the transaction commits
    for callback in callbacks:
        callback()
    (message,) = mail.outbox
    assert message.to == ["customer@example.org"]
    (name, content, mimetype) = message.attachments[0]
    assert (name, mimetype) == (f"{notice.reference}.pdf", "application/pdf")
    assert content == notice_bytes(notice)
    notice.refresh_from_db()
    assert (notice.state, notice.sent_method) == (NoticeState.SENT, SendMethod.EMAIL)


def test_natural_england_extreme_behaviour_takes_effect_before_its_notice(activate_profile, people):
    profile = activate_profile("natural-england")
    assert profile.effect_before_notice_when_extreme
    customer = addressed_customer(name="Morgan Ellis")
    extreme = incident(customer, people["caseworker"], extreme=True, days_ago=1)
    from tests.notices.factories import approvers, telephone_sanction

    decision = propose_and_submit(
        people["manager"],
        customer,
        "sanction",
        incidents=[extreme],
        sanctions=[telephone_sanction(profile)],
    )
    for approver in approvers(people):
        decision = approve(decision, approver, issue=False)
        if decision.status != DecisionStatus.SUBMITTED:
            break
    case = decision.restriction_case
    case.refresh_from_db()
    assert decision.applied_at is not None
    assert case.state == Stage.SANCTIONED
    # The notice follows "as soon as appropriate"; issuing it does not apply it twice.
    notice = notice_issue(
        notice=notice_draft_for_decision(decision=decision, actor=people["head"]),
        actor=people["head"],
    )
    assert notice.state == NoticeState.ISSUED
    case.refresh_from_db()
    assert case.state == Stage.SANCTIONED


def test_btpa_extreme_behaviour_still_waits_for_its_notice(activate_profile, people):
    profile = activate_profile("btpa")
    assert not profile.effect_before_notice_when_extreme
    customer = addressed_customer(name="Morgan Ellis")
    extreme = incident(customer, people["caseworker"], extreme=True, days_ago=1)
    from tests.notices.factories import telephone_sanction

    decision = propose_and_submit(
        people["manager"],
        customer,
        "sanction",
        incidents=[extreme],
        sanctions=[telephone_sanction(profile)],
    )
    decision = approve(decision, people["chief"], issue=False)
    assert decision.status == DecisionStatus.APPROVED
    assert decision.applied_at is None


def test_language_and_print_come_from_the_customer_record(activate_profile, people):
    profile = activate_profile("btpa")
    customer = addressed_customer(
        name="Gwenllian Rhys",
        preferred_language=Language.WELSH,
        accessibility_formats=[AccessibilityFormat.LARGE_PRINT],
    )
    decision = approved_sanctions(profile, people, customer)
    notice = notice_draft_for_decision(decision=decision, actor=people["chief"])
    assert (notice.language, notice.print_format, notice.format_overridden) == (
        "cy",
        PrintFormat.LARGE_PRINT,
        False,
    )
    notice = notice_issue(notice=notice, actor=people["chief"])
    text = flat(pdf_text(notice_bytes(notice)))
    assert "Annwyl Gwenllian Rhys" in text
    assert "Ein cyfeirnod" in text


def test_a_customer_who_needs_no_welsh_reply_gets_english(activate_profile, people):
    profile = activate_profile("btpa")
    customer = addressed_customer(
        name="Gwenllian Rhys", preferred_language=Language.WELSH, no_welsh_reply_needed=True
    )
    decision = approved_sanctions(profile, people, customer)
    assert notice_draft_for_decision(decision=decision, actor=people["chief"]).language == "en"


# -- Templates ----------------------------------------------------------------------------


def test_a_template_with_an_unknown_or_missing_field_is_refused(activate_profile, people):
    profile = activate_profile("tamworth")
    admin = staff_admin()
    body = (
        "Dear {{ customer_name }},\n\n{{ behaviour }}\n\nSee {{ favourite_colour }}.\n\n"
        "{{ signatory_name }}\n{{ signatory_role }}"
    )
    with pytest.raises(ValidationError) as refused:
        template_save(
            profile=profile,
            kind=NoticeKind.SANCTIONS_IMPOSED,
            language="en",
            subject="How we will manage your contact",
            body=body,
            actor=admin,
        )
    errors = refused.value.message_dict["body"]
    assert "“{{ favourite_colour }}” is not a merge field" in errors
    assert any("{{ arrangements }}" in e for e in errors)
    assert any("{{ how_long }}" in e for e in errors)
    # Tamworth's appeal has a time limit, so its restriction notices must give the date.
    assert any("{{ appeal_deadline }}" in e for e in errors)


def test_template_code_is_not_a_merge_field(activate_profile):
    profile = activate_profile("btpa")
    errors = template_errors(
        subject="A warning",
        body="Dear {{ customer_name }}, {% load static %}{{ signatory_name }} {{ signatory_role }}",
        kind=NoticeKind.WARNING,
        profile=profile,
    )
    assert any("stray" in e for e in errors["body"])
    assert template_errors(
        subject="A warning",
        body="Dear {{ customer_name|upper }}\n\n{{ behaviour }}\n\n{{ signatory_name }} {{ signatory_role }}",
        kind=NoticeKind.WARNING,
        profile=profile,
    ) == {
        "body": [
            "“{{ customer_name|upper }}” is not a merge field",
            "A warning notice must use “{{ salutation }}” (the greeting to the customer)",
        ]
    }


def test_a_list_field_stands_on_its_own_line(activate_profile):
    profile = activate_profile("btpa")
    errors = template_errors(
        subject="A warning",
        body="Dear {{ customer_name }}\n\nWe found: {{ behaviour }}\n\n{{ signatory_name }} {{ signatory_role }}",
        kind=NoticeKind.WARNING,
        profile=profile,
    )
    assert errors == {"body": ["Put “{{ behaviour }}” on a line of its own: it is a list"]}


def test_every_shipped_template_passes_its_own_check(activate_profile):
    from notices.shipped import texts

    for slug in ["btpa", "opcc", "ipcc", "tamworth", "natural-england"]:
        profile = activate_profile(slug)
        for kind in NoticeKind.values:
            for language in ["en", "cy"]:
                found = texts(slug, kind, language)
                if found is None:
                    continue
                subject, body = found[0], found[1]
                assert (
                    template_errors(subject=subject, body=body, kind=kind, profile=profile) == {}
                ), (slug, kind)


def test_an_edited_template_is_used_for_the_next_notice(activate_profile, people):
    profile = activate_profile("opcc")
    template_save(
        profile=profile,
        kind=NoticeKind.SANCTIONS_IMPOSED,
        language="en",
        subject="Managing your contact with the OPCC",
        body=(
            "Dear {{ customer_name }},\n\n{{ behaviour }}\n\nWhat applies:\n\n{{ arrangements }}"
            "\n\nReview by {{ review_date }}.\n\n{{ signatory_name }}\n{{ signatory_role }}"
        ),
        actor=staff_admin(),
    )
    decision = approved_sanctions(profile, people)
    notice = notice_issue(
        notice=notice_draft_for_decision(decision=decision, actor=people["chief"]),
        actor=people["chief"],
    )
    text = flat(pdf_text(notice_bytes(notice)))
    assert "Managing your contact with the OPCC" in text
    assert "What applies:" in text


def staff_admin():
    from contactpolicy.roles import Role
    from tests.restrictions.factories import person

    return person(Role.ADMINISTRATOR)


def test_a_draft_is_withdrawn_with_its_reason_and_a_new_one_can_follow(activate_profile, people):
    profile = activate_profile("btpa")
    decision = approved_sanctions(profile, people)
    draft = notice_draft_for_decision(decision=decision, actor=people["chief"])
    with pytest.raises(ValidationError):
        notice_withdraw(notice=draft, actor=people["chief"], reason="  ")
    withdrawn = notice_withdraw(notice=draft, actor=people["chief"], reason="Wrong address used")
    assert (withdrawn.state, withdrawn.withdrawn_reason) == (
        NoticeState.WITHDRAWN,
        "Wrong address used",
    )
    again = notice_draft_for_decision(decision=decision, actor=people["chief"])
    assert again.pk != draft.pk
    assert again.state == NoticeState.DRAFT


def test_todays_post_is_joined_in_the_background_with_its_progress(
    activate_profile, people, django_capture_on_commit_callbacks
):
    from notices.models import PostBatch
    from notices.services import post_batch_build, post_batch_start

    profile = activate_profile("tamworth")
    issued = [
        notice_issue(
            notice=notice_draft_for_decision(decision=d, actor=people["head"]),
            actor=people["head"],
        )
        for d in (approved_sanctions(profile, people), approved_sanctions(profile, people))
    ]
    waiting = list(Notice.objects.filter(state=NoticeState.ISSUED).order_by("issued_at", "pk"))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        batch = post_batch_start(actor=people["caseworker"])
    assert (batch.done, batch.total, batch.is_ready) == (0, len(waiting), False)
    for callback in callbacks:  # the task, run as the worker would after the commit
        callback()
    batch = PostBatch.objects.get(pk=batch.pk)
    assert batch.is_ready and batch.done == batch.total
    with batch.file.open("rb") as stored:
        text = pdf_text(stored.read())
    assert all(n.reference in text for n in issued)
    assert post_batch_build(batch.pk) is False  # run twice, built once


def test_a_batch_with_an_altered_notice_fails_and_lets_its_notices_go(
    activate_profile, people, django_capture_on_commit_callbacks
):
    from notices.services import post_batch_start

    profile = activate_profile("tamworth")
    issued = notice_issue(
        notice=notice_draft_for_decision(
            decision=approved_sanctions(profile, people), actor=people["head"]
        ),
        actor=people["head"],
    )
    with open(issued.file.path, "ab") as stored:
        stored.write(b"%% altered")
    with django_capture_on_commit_callbacks(execute=True):
        broken = post_batch_start(actor=people["caseworker"])
    broken.refresh_from_db()
    assert not broken.is_ready
    assert issued.reference in broken.failed_reason
    assert not broken.rows.filter(held=True).exists()  # nothing printed: nothing held

    with django_capture_on_commit_callbacks(execute=True):
        again = post_batch_start(actor=people["caseworker"])
    assert again.pk != broken.pk  # tried again (and failed again, the file still altered)


def test_no_notices_waiting_means_no_batch(people):
    from notices.services import post_batch_start

    with pytest.raises(ValidationError, match="no notices waiting"):
        post_batch_start(actor=people["caseworker"])
