"""The appeal merge fields of the acknowledgement and outcome notices (ADR 0004).

`notices.letter` asks every registered provider for its values; this one answers for the
notices an appeal produced, found by the appeal's own foreign keys to them.
"""

from django.db.models import Q

from appeals.models import Appeal, AppealEffect, AppealOutcome
from contactpolicy.wording import long_date
from notices.models import NoticeKind
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


def appeal_merge_values(facts) -> dict:
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
