"""The draft notice shown at sign-off: the words the customer will receive (DESIGN.md §9).

A restriction notice always says why the behaviour is considered unacceptable, exactly
what the arrangements are, how long they last or when they will be reviewed, and how to
appeal or dispute and by when. The printed letter (the notices app) starts from this text.
"""

from contactpolicy.choices import DecisionKind, TimeUnit
from restrictions.enforcement import describe
from restrictions.models import SanctionStatus, Scope

OPENINGS = {
    DecisionKind.WARN: "We are writing because your recent behaviour towards us has been unacceptable, and to ask you to change it.",
    DecisionKind.SANCTION: "We have decided to manage your contact with us under special arrangements.",
    DecisionKind.VARY: "We have decided to change the arrangements for your contact with us.",
    DecisionKind.DISENGAGE: "We have decided to stop engaging with you.",
    DecisionKind.CONTINUE: "We have reviewed the arrangements for your contact with us and they will continue.",
    DecisionKind.EXTEND_EXCLUSION: "You have entered a building you are excluded from, and we have extended the exclusion.",
    DecisionKind.LIFT: "We have reviewed the arrangements for your contact with us and we are lifting them.",
}


def appeal_paragraph(profile) -> str:
    if not profile.appeal_route:
        return (
            "If you disagree with this decision you can complain to us through our complaints "
            "procedure."
        )
    text = profile.appeal_route.strip()
    if profile.appeal_window_value and profile.appeal_window_unit:
        unit = TimeUnit(profile.appeal_window_unit).label.lower()
        if profile.appeal_window_value == 1:
            unit = unit.rstrip("s")
        text += f" You must do so within {profile.appeal_window_value} {unit} of the date of this letter."
    return text


def draft_notice_text(decision, profile) -> str:
    customer = decision.restriction_case.customer
    paragraphs = [f"Dear {customer.name},", OPENINGS[DecisionKind(decision.kind)]]
    categories = sorted({i.category.name for i in decision.incidents.all()})
    if categories:
        paragraphs.append(
            "We consider your behaviour unacceptable under our policy because it was: "
            + "; ".join(c.lower() for c in categories)
            + "."
        )
    if decision.reasons:
        paragraphs.append(decision.reasons)
    sanctions = list(decision.sanctions.all())
    if sanctions:
        lines = "\n".join(f"- {describe(s)}" for s in sanctions)
        paragraphs.append(f"From now on:\n{lines}")
    if decision.kind == DecisionKind.DISENGAGE:
        partial = decision.scope == Scope.PARTIAL
        covered = [line.strip() for line in decision.scope_topics.splitlines() if line.strip()]
        if partial:
            covered += [
                f"{c.subject} (our reference {c.reference})" for c in decision.scope_cases.all()
            ]
        paragraphs.append(
            f"We will not reply to further contact about: {'; '.join(covered)}."
            if covered
            else "We will not reply to further contact from you."
        )
        # A partial disengagement leaves the sanctions in force for everything else.
        if (
            partial
            and decision.restriction_case.sanctions.filter(status=SanctionStatus.ACTIVE).exists()
        ):
            paragraphs.append(
                "The arrangements already in place for your other contact with us continue."
            )
    if decision.review_due:
        paragraphs.append(f"We will review these arrangements by {decision.review_due:%-d %B %Y}.")
    if decision.kind != DecisionKind.LIFT:
        paragraphs.append(appeal_paragraph(profile))
    paragraphs.append("Yours sincerely,")
    return "\n\n".join(paragraphs)
