"""Reads for the notices screens, each a fixed number of queries."""

from dataclasses import dataclass, replace

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils import timezone

from notices import access
from notices.letter import (
    Facts,
    body_html,
    decision_notice_kind,
    facts_of,
    language_for,
    merge_values,
    signatory_for,
    signatory_role,
    subject_text,
    template_for,
)
from notices.merge_fields import template_errors
from notices.models import (
    DECISION_KINDS,
    Notice,
    NoticeKind,
    NoticeLanguage,
    NoticeState,
    NoticeTemplate,
    PostBatch,
    PostBatchNotice,
    PostReprint,
)
from notices.shipped import texts
from restrictions.models import Decision, DecisionStatus


@dataclass(frozen=True)
class Preview:
    subject: str
    body: str  # safe HTML: built from escaped parts
    language: str
    awaiting_translation_check: bool
    problems: tuple[str, ...] = ()


def _preview(facts: Facts, template, *, subject=None, body=None, values=None) -> Preview:
    values = values if values is not None else merge_values(facts)
    subject = subject if subject is not None else template.subject
    body = body if body is not None else template.body
    return Preview(
        subject=subject_text(subject, values),
        body=body_html(body, values),
        language=facts.language,
        awaiting_translation_check=bool(template and template.awaiting_translation_check),
        problems=tuple(
            message
            for messages in template_errors(
                subject=subject, body=body, kind=facts.kind, profile=facts.profile
            ).values()
            for message in messages
        ),
    )


def letter_preview(facts: Facts, template, *, values: dict, subject=None, body=None) -> Preview:
    """A letter's preview from merge values worked out elsewhere (the letters gallery's
    sample), in the template's words or in `subject` and `body` being edited."""
    return _preview(facts, template, subject=subject, body=body, values=values)


def notice_signatory(notice: Notice, issuer):
    """Who signs `notice` if `issuer` issues it now: the issuer, unless the kind of notice
    has its own signatory (an appeal's outcome is signed by the person who decided it)."""
    return signatory_for(
        kind=notice.kind, decision=notice.decision, notice_id=notice.pk, actor=issuer
    )


def notice_preview(notice: Notice, signatory=None) -> Preview | None:
    """A draft as it would be issued today, signed by `signatory` where given (who signs
    if the person viewing it issues it), else as `draft_facts` says."""
    template = template_for(notice.profile, notice.kind, notice.language)
    if template is None:
        return None
    # As issued today, whatever date the draft already carries.
    facts = replace(draft_facts(notice), notice_date=timezone.localdate())
    if signatory is not None:
        facts = replace(
            facts,
            signatory_name=signatory.get_full_name() or signatory.username,
            signatory_role=signatory_role(signatory),
        )
    return _preview(facts, template)


# Who signs a decision's notice is known only when it is issued.
UNSIGNED = {
    NoticeLanguage.ENGLISH: ("[The name of whoever issues it]", "[Their job title]"),
    NoticeLanguage.WELSH: ("[Enw'r sawl sy'n ei gyhoeddi]", "[Teitl eu swydd]"),
}


def draft_facts(notice: Notice, *, on=None):
    """A draft's facts for its preview. Whoever issues a notice signs it; a draft names
    the person who drafted it, and keeps that signature only if they may issue it. Where
    the policy names someone else to write to the customer (the Chief Executive, or the
    Head of Service under Tamworth §9), the preview says the signature is theirs to come."""
    facts = facts_of(notice, on=on)
    if not notice.is_draft or notice.decision_id is None:
        return facts
    if access.may_issue(notice.signatory, notice, notice.profile):
        return facts
    name, role = UNSIGNED[notice.language]
    return replace(facts, signatory_name=name, signatory_role=role)


def decision_notice_preview(decision: Decision, signatory, profile) -> Preview | None:
    """The notice a decision would have if it were issued today by `signatory`, or by
    someone not yet known when `signatory` is None."""
    kind = decision_notice_kind(decision)
    customer = decision.restriction_case.customer
    language = language_for(customer, profile)
    template = template_for(profile, kind, language)
    if template is None:
        return None
    signatory = signatory_for(kind=kind, decision=decision, notice_id=None, actor=signatory)
    if signatory is None:
        name, role = UNSIGNED[language]
    else:
        name, role = signatory.get_full_name() or signatory.username, signatory_role(signatory)
    facts = Facts(
        kind=kind,
        profile=profile,
        customer=customer,
        language=language,
        notice_date=timezone.localdate(),
        reference="given when it is issued" if language == "en" else "a roddir wrth ei gyhoeddi",
        signatory_name=name,
        signatory_role=role,
        decision=decision,
    )
    return _preview(facts, template)


@dataclass(frozen=True)
class DecisionLetter:
    notice: Notice | None
    preview: Preview | None


def decision_letter(decision: Decision, viewer, profile) -> DecisionLetter:
    """The letter a decision's page shows: its notice once drafted (as it was issued, once
    issued), and until then the notice as it would be issued today, signed by `viewer` if
    they may issue it. The same template, merge values and language as the PDF."""
    notice = (
        decision.notices.exclude(state=NoticeState.WITHDRAWN)
        .select_related("customer", "profile")
        .order_by("-pk")
        .first()
    )
    if notice is None:
        signatory = viewer if access.may_issue(viewer, Notice(decision=decision), profile) else None
        return DecisionLetter(None, decision_notice_preview(decision, signatory, profile))
    notice.decision = decision
    if notice.is_draft:
        return DecisionLetter(notice, notice_preview(notice))
    facts = facts_of(notice)
    return DecisionLetter(
        notice, _preview(facts, None, subject=notice.subject_line, body=notice.body_used)
    )


def case_notices(case) -> list[Notice]:
    return list(
        Notice.objects.filter(decision__restriction_case=case)
        .select_related("decision")
        .order_by("-created_at", "-pk")
    )


def awaiting_post() -> list[Notice]:
    """Issued notices not yet sent, oldest first: the print queue (never one issued to a
    customer with no postal address, which is emailed or handed over). Each carries the batch of
    today's post holding it, if any (`in_batch`, `in_batch_day`), and whether it is to be
    printed again (`reprint_waiting`). One query."""
    holder = PostBatchNotice.objects.filter(notice=OuterRef("pk"), held=True).order_by("-batch_id")
    return list(
        Notice.objects.awaiting_post()
        .annotate(
            in_batch=Subquery(holder.values("batch_id")[:1]),
            in_batch_day=Subquery(holder.values("batch__day")[:1]),
            reprint_waiting=Exists(_reprints_waiting().filter(notice=OuterRef("pk"))),
        )
        .select_related("customer")
        .order_by("issued_at", "pk")
    )


def _reprints_waiting():
    held = PostBatchNotice.objects.filter(reprint=OuterRef("pk"), held=True)
    return PostReprint.objects.filter(
        notice__state=NoticeState.ISSUED, notice__postable=True
    ).exclude(Exists(held))


def post_batch_candidates() -> list[tuple[int, int | None]]:
    """What the next batch of today's post would hold, as (notice, reprint or None) pairs:
    each notice waiting to be posted that no batch holds, and each reprint asked for and
    not yet in a batch. Two queries."""
    held = PostBatchNotice.objects.filter(notice=OuterRef("pk"), held=True, reprint__isnull=True)
    chosen: dict[int, int | None] = dict(
        _reprints_waiting().values_list("notice_id", "pk").order_by("pk")
    )
    for notice in Notice.objects.awaiting_post().exclude(Exists(held)).values_list("pk", flat=True):
        chosen[notice] = None
    return sorted(chosen.items(), key=lambda item: item[0])


def post_batches_open() -> QuerySet[PostBatch]:
    """Batches of today's post, newest first, that hold a notice still waiting to be posted
    (those not failed)."""
    waiting = PostBatchNotice.objects.filter(
        batch=OuterRef("pk"), held=True, notice__state=NoticeState.ISSUED
    )
    return PostBatch.objects.filter(failed_reason="").filter(Exists(waiting))


@dataclass(frozen=True)
class Printing:
    """Where a notice waiting to be posted has been printed, and its reprints."""

    batches: list[PostBatch]  # those holding it, oldest first
    reprints: list[PostReprint]  # newest first, each with `in_batch` (or None)

    @property
    def printed(self) -> bool:
        return any(batch.is_ready for batch in self.batches)

    @property
    def reprint_waiting(self) -> PostReprint | None:
        return next((r for r in self.reprints if r.in_batch is None), None)


def notice_printing(notice: Notice) -> Printing | None:
    """For a notice waiting to be posted: the batches of today's post holding it and the
    reprints asked for. Two queries; None (no query) for any other notice."""
    if notice.state != NoticeState.ISSUED or not notice.postable:
        return None
    batches = list(
        PostBatch.objects.filter(rows__notice=notice, rows__held=True).order_by("created_at", "pk")
    )
    holder = PostBatchNotice.objects.filter(reprint=OuterRef("pk"), held=True)
    reprints = list(
        notice.reprints.select_related("requested_by").annotate(
            in_batch=Subquery(holder.values("batch_id")[:1])
        )
    )
    return Printing(batches=batches, reprints=reprints)


@dataclass(frozen=True)
class IssuingCounts:
    awaiting_issue: int
    awaiting_post: int


def issuing_counts() -> IssuingCounts:
    """For the dashboard of whoever issues notices: decisions approved and waiting for their
    notice, and notices issued and waiting to be posted. Two queries."""
    waiting = Decision.objects.filter(
        status=DecisionStatus.APPROVED, applied_at__isnull=True
    ).count()
    posting = Notice.objects.awaiting_post().count()
    return IssuingCounts(waiting, posting)


def awaiting_issue() -> list[Decision]:
    return list(
        Decision.objects.filter(status=DecisionStatus.APPROVED, applied_at__isnull=True)
        .select_related("restriction_case__customer")
        .order_by("decided_at", "pk")
    )


@dataclass(frozen=True)
class TemplateRow:
    kind: NoticeKind
    language: NoticeLanguage
    edited: NoticeTemplate | None
    shipped: bool
    awaiting_translation_check: bool


def template_rows(profile) -> list[TemplateRow]:
    edited = {(t.kind, t.language): t for t in NoticeTemplate.objects.filter(profile=profile)}
    rows = []
    for kind in NoticeKind:
        for language in NoticeLanguage:
            own = edited.get((kind.value, language.value))
            shipped = texts(profile.shipped_as, kind, language) is not None
            if own is None and not shipped and language != NoticeLanguage.ENGLISH:
                continue
            rows.append(
                TemplateRow(
                    kind=kind,
                    language=language,
                    edited=own,
                    shipped=shipped,
                    awaiting_translation_check=(
                        own.awaiting_translation_check if own else language != "en" and shipped
                    ),
                )
            )
    return rows


def template_current(profile, kind: str, language: str):
    return template_for(profile, kind, language)


def recent_decisions(limit: int = 20) -> list[Decision]:
    """Approved or submitted decisions to preview a template against."""
    return list(
        Decision.objects.filter(status__in=[DecisionStatus.APPROVED, DecisionStatus.SUBMITTED])
        .select_related("restriction_case__customer")
        .order_by("-created_at", "-pk")[:limit]
    )


def template_preview(profile, kind, language, subject, body, reference, user):
    """(Preview, problem): the edited text filled in from a real decision."""
    if kind not in DECISION_KINDS:
        return None, "Only notices about decisions can be previewed against a decision"
    reference = (reference or "").strip().upper()
    decision = (
        Decision.objects.select_related("restriction_case__customer")
        .filter(reference=reference)
        .first()
    )
    if decision is None:
        return None, "Enter the reference of a decision, for example DEC-2026-000012"
    facts = Facts(
        kind=kind,
        profile=profile,
        customer=decision.restriction_case.customer,
        language=language,
        notice_date=timezone.localdate(),
        reference="given when it is issued",
        signatory_name=user.get_full_name() or user.username,
        signatory_role=signatory_role(user),
        decision=decision,
    )
    return _preview(facts, None, subject=subject, body=body), ""
