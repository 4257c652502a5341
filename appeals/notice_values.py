"""The appeal merge fields of the acknowledgement and outcome notices (ADR 0004).

`notices.letter` asks every registered provider for its values; this one answers for the
notices an appeal produced, found by the appeal's own foreign keys to them.
"""

from django.db.models import Q

from appeals import rules
from appeals.models import Appeal, AppealEffect, AppealOutcome, AppealState
from appeals.services import stage_of
from contactpolicy.wording import long_date
from notices.models import DECISION_KINDS, NoticeKind
from notices.wording import arrangement
from restrictions.models import SanctionStatus

APPEAL_NOTICE_KINDS = (NoticeKind.APPEAL_ACKNOWLEDGEMENT, NoticeKind.APPEAL_OUTCOME)


def outcome_lines(appeal: Appeal, language: str) -> tuple[str, list[str]]:
    """The outcome and what it does to the arrangements, and each arrangement in force
    afterwards (none when lifted)."""
    term = appeal.term
    if appeal.outcome == AppealOutcome.NOT_UPHELD:
        sanctions = appeal.restriction_case.sanctions.filter(status=SanctionStatus.ACTIVE)
        head = (
            f"We have not upheld your {term}. The arrangements for your contact with us "
            "still apply:"
        )
    else:
        part = "" if appeal.outcome == AppealOutcome.UPHELD else "part of "
        if appeal.effect == AppealEffect.LIFT:
            return (
                f"We have upheld {part}your {term}. The arrangements for your contact with us "
                "are lifted from the date of this letter, and you can contact us in the usual "
                "way.",
                [],
            )
        sanctions = appeal.resulting_decision.sanctions.all()
        head = (
            f"We have upheld {part}your {term}. From the date of this letter the arrangements "
            "for your contact with us are changed to these:"
        )
    return head, [arrangement(s, language) for s in sanctions.select_related("sanction_type")]


# Whether a challenge is still open at the decision's stage, where the profile allows only
# so many at each (Natural England, "Appeals": "only once at stages 2 and 5").
LIMIT_WORDS = {
    "en": {
        "once": "You can do this once at this stage.",
        "times": "You can do this {} times at this stage.",
        "used": "However, you have already challenged a decision at this stage, and our policy "
        "allows this only {}, so a further challenge would not be considered.",
        "stage": "However, our policy allows a challenge only to a decision to apply sanctions "
        "or to disengage, so this decision cannot be challenged in this way.",
        "once_word": "once",
        "times_word": "{} times",
    },
    "cy": {
        "once": "Gallwch wneud hyn unwaith ar y cam hwn.",
        "times": "Gallwch wneud hyn {} gwaith ar y cam hwn.",
        "used": "Fodd bynnag, rydych eisoes wedi herio penderfyniad ar y cam hwn, a dim ond {} "
        "y mae ein polisi'n caniatáu hyn, felly ni fyddai her arall yn cael ei hystyried.",
        "stage": "Fodd bynnag, dim ond penderfyniad i osod sancsiynau neu i roi'r gorau i "
        "ymgysylltu y mae ein polisi'n caniatáu ei herio, felly ni ellir herio'r penderfyniad "
        "hwn yn y ffordd hon.",
        "once_word": "unwaith",
        "times_word": "{} gwaith",
    },
}


def stage_after(decision) -> str:
    """The stage the decision puts (or put) the case in: from its audit record once it
    has taken effect, else its transition's target."""
    if decision.applied_at is not None:
        return stage_of(decision)
    case = decision.restriction_case
    meta = case.transition_for(decision.kind)._django_fsm
    found = meta.get_transition(case.state) or meta.get_transition("*")
    return found.target if found is not None else case.state


def appeal_limit(facts) -> str:
    """One sentence on whether the customer can still challenge this decision, for a
    profile that limits challenges at each stage; "" for any other."""
    profile, decision = facts.profile, facts.decision
    limit = profile.appeal_limit_per_stage
    if not limit or not rules.has_appeal_route(profile):
        return ""
    words = LIMIT_WORDS[facts.language]
    stage = stage_after(decision)
    if rules.stage_refusal(profile, stage):
        return words["stage"]
    earlier = (
        Appeal.objects.filter(customer=facts.customer, stage=stage)
        .exclude(state=AppealState.REFUSED)
        .count()
    )
    if earlier >= limit:
        allowed = words["once_word"] if limit == 1 else words["times_word"].format(limit)
        return words["used"].format(allowed)
    return words["once"] if limit == 1 else words["times"].format(limit)


def appeal_merge_values(facts) -> dict:
    if facts.kind in DECISION_KINDS and facts.decision is not None:
        return {"appeal_limit": appeal_limit(facts)}
    if facts.kind not in APPEAL_NOTICE_KINDS or facts.notice_id is None:
        return {}
    found = Q(acknowledgement_notice_id=facts.notice_id) | Q(outcome_notice_id=facts.notice_id)
    if facts.kind == NoticeKind.APPEAL_OUTCOME and facts.decision is not None:
        # Drafted from the lift or variation's own page, before the appeal's page linked it.
        found |= Q(resulting_decision_id=facts.decision.pk)
    appeal = (
        Appeal.objects.filter(found)
        .select_related("restriction_case", "resulting_decision")
        .first()
    )
    if appeal is None:
        return {}
    values = {"appeal_received_date": long_date(appeal.received_on, facts.language)}
    if facts.kind == NoticeKind.APPEAL_OUTCOME and appeal.outcome:
        values["appeal_outcome"], values["appeal_arrangements"] = outcome_lines(
            appeal, facts.language
        )
        values["appeal_reasons"] = appeal.outcome_reasons
    return values


def appeal_notice_kind(decision) -> str | None:
    """The lift or variation an upheld appeal proposed is told as the appeal's outcome."""
    if Appeal.objects.filter(resulting_decision=decision).exists():
        return NoticeKind.APPEAL_OUTCOME
    return None


def appeal_signatory(*, kind: str, decision, notice_id: int | None):
    """An appeal's outcome is signed by the person who decided the appeal, not by whoever
    investigated it or issues the letter: its reasons are theirs."""
    if kind != NoticeKind.APPEAL_OUTCOME:
        return None
    found = Q(outcome_notice_id=notice_id) if notice_id is not None else Q(pk__in=[])
    if decision is not None:
        found |= Q(resulting_decision_id=decision.pk) | Q(
            decision_id=decision.pk, outcome=AppealOutcome.NOT_UPHELD
        )
    appeal = (
        Appeal.objects.filter(found, decided_by__isnull=False)
        .select_related("decided_by")
        .order_by("-decided_at", "-pk")
        .first()
    )
    return appeal.decided_by if appeal is not None else None
