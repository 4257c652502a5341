"""Who may draft, issue, send and read notices, and edit their templates.

A notice about a decision is issued by a manager; where the profile reserves the decision to
the Chief Executive, by the Chief Executive, who signs it. An appeal's acknowledgement, and
its outcome where the profile makes that binding, are the appeal's letters, issued by a
manager. Where the profile says so (`notice_issued_by_approver`), a decision's notice is
issued by someone who may approve the decision. Any member of staff acknowledges
a contact, reads a customer's notices, and posts what has been issued. Administrators edit
the templates. Every notices view and service asks these.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from contactpolicy.access import STAFF_ROLES, Answer, require_role
from contactpolicy.roles import MANAGER_ROLES, Role
from notices.models import (
    DECISION_KINDS,
    Notice,
    NoticeCopy,
    NoticeKind,
    PostBatch,
    ProductionRequest,
)
from restrictions.permissions import (
    NOBODY_NAMED,
    approver_roles,
    corporate_title_refusal,
    service_refusal,
)


def may_issue(user, notice: Notice, profile) -> Answer:
    if not user.is_authenticated:
        return Answer(False, "Sign in to issue notices.")
    if notice.contact_id:
        if user.has_role(*STAFF_ROLES):
            return Answer(True)
        return Answer(False, "Only a member of staff can issue an acknowledgement.")
    rule = profile.rule_for(notice.decision.kind) if profile is not None else None
    if _the_appeals_own(notice, profile):
        rule = None
    if rule is not None and rule.reserved_to_chief_executive:
        if user.has_role(Role.CHIEF_EXECUTIVE):
            return Answer(True)
        return Answer(
            False,
            f"Under the {profile.short_name} policy this decision is the Chief Executive's, "
            "so the Chief Executive issues its notice.",
        )
    # The decision's own letter; an appeal's letters are signed by whom the appeal names.
    if profile is not None and profile.notice_issued_by_approver and notice.kind in DECISION_KINDS:
        return _approver_issues(user, notice, profile)
    if user.has_role(*MANAGER_ROLES):
        return Answer(True)
    return Answer(False, "Only a line manager or someone more senior can issue this notice.")


def _the_appeals_own(notice: Notice, profile) -> bool:
    """Whether the notice is an appeal's letter rather than the decision's own: its
    acknowledgement (routine, whoever made the decision), or an outcome the profile makes
    binding (signed by the appeal's decider). Neither waits for the Chief Executive the
    decision was reserved to, who may be the one whose decision is appealed."""
    if notice.kind == NoticeKind.APPEAL_ACKNOWLEDGEMENT:
        return True
    return (
        notice.kind == NoticeKind.APPEAL_OUTCOME
        and profile is not None
        and profile.appeal_outcome_binding
    )


def _approver_issues(user, notice: Notice, profile) -> Answer:
    """Where the profile says so, a decision's notice is written by whom the policy names
    to decide it: the rule's approver, or for a corporate case the corporate-case approver
    (Tamworth §9: "the Head of Service or if a corporate approach is required, the Head of
    Customer Services will write to tell the customer"), and where heads of service approve
    within their own service, the head of the service the incidents happened in. More
    senior people may too."""
    decision = notice.decision
    roles, _, _, _ = approver_roles(profile, decision.kind, corporate=decision.corporate)
    if not roles:
        return Answer(False, NOBODY_NAMED)
    if not user.roles & roles:
        names = " or ".join(sorted(role.label.lower() for role in roles))
        return Answer(
            False,
            f"Under the {profile.short_name} policy a {names} writes to the customer about "
            "this decision, so they issue and sign its notice.",
        )
    if corporate_title_refusal(profile, decision, user):
        title = profile.rule_for(decision.kind).alternative_approver_title.strip()
        return Answer(
            False,
            f"Under the {profile.short_name} policy the {title} writes to the customer in a "
            "corporate case, so they issue and sign its notice.",
        )
    if service_refusal(profile, decision, user):
        return Answer(
            False,
            f"Under the {profile.short_name} policy the head of the service the incidents "
            "happened in writes to the customer about this decision, so they issue and sign "
            "its notice.",
        )
    return Answer(True)


def may_draft(user, notice_or_subject=None) -> Answer:
    if user.is_authenticated and user.has_role(*MANAGER_ROLES):
        return Answer(True)
    return Answer(False, "Only a line manager or someone more senior can draft a notice.")


def may_send(user) -> Answer:
    if user.is_authenticated and user.has_role(*STAFF_ROLES):
        return Answer(True)
    return Answer(False, "Only a member of staff can record that a notice was sent.")


def may_copy(user) -> Answer:
    """Any member of staff may have an issued notice made in another print format, as they
    may post or reprint it: a customer asks whoever answers the phone."""
    if user.is_authenticated and user.has_role(*STAFF_ROLES):
        return Answer(True)
    return Answer(False, "Only a member of staff can ask for a notice in another format.")


def may_complete_production(user) -> Answer:
    """Whoever may ask for a Braille, easy-read or translated version records the one made."""
    if may_draft(user):
        return Answer(True)
    return Answer(
        False, "Only a line manager or someone more senior can record a version produced."
    )


TEMPLATE_EDITOR_ROLES = (Role.ADMINISTRATOR,)


def may_edit_templates(user) -> bool:
    return user.is_authenticated and user.has_role(*TEMPLATE_EDITOR_ROLES)


def may_see_issuing_counts(user) -> bool:
    """Whoever issues notices sees how many wait to be issued and posted."""
    return user.is_authenticated and user.has_role(*MANAGER_ROLES)


def require_template_editor(user) -> None:
    if not may_edit_templates(user):
        raise PermissionDenied("Only an administrator can edit notice templates.")


def notice_get_for_user(user, reference: str) -> Notice:
    """Any member of staff may read a notice; the customer's page shows them all."""
    require_role(user, *STAFF_ROLES)
    notice = (
        Notice.objects.select_related(
            "customer", "profile", "decision__restriction_case", "contact", "signatory"
        )
        .filter(reference=reference)
        .first()
    )
    if notice is None:
        raise Http404("No notice has that reference.")
    return notice


def post_batch_get_for_user(user, pk: int) -> PostBatch:
    """Any member of staff prepares and prints the post."""
    require_role(user, *STAFF_ROLES)
    batch = PostBatch.objects.filter(pk=pk).first()
    if batch is None:
        raise Http404("No post batch has that number.")
    return batch


def notice_copy_get_for_user(user, reference: str, print_format: str) -> NoticeCopy:
    """A copy of a notice in another format: for whoever may read the notice."""
    require_role(user, *STAFF_ROLES)
    copy = (
        NoticeCopy.objects.select_related("notice")
        .filter(notice__reference=reference, print_format=print_format)
        .first()
    )
    if copy is None:
        raise Http404("That notice has no copy in that format.")
    return copy


def production_get_for_user(user, reference: str, pk: int) -> ProductionRequest:
    """A version requested of a notice: for whoever may read the notice."""
    require_role(user, *STAFF_ROLES)
    production = (
        ProductionRequest.objects.select_related("notice")
        .filter(notice__reference=reference, pk=pk)
        .first()
    )
    if production is None:
        raise Http404("That notice has no such version requested.")
    return production
