"""The posts a profile names for its appeals, and whether its rules can leave an appeal with
nobody to decide it.

A post is a role plus, where the policy names one post among several of that role, a job
title (`contactpolicy.roles.holds_post`). Without a title a post is held by anyone of the
role or above; with one, only by a person of that role with that title.

Nobody who took part in a decision investigates or decides the appeal against it (Tamworth
§10). Where the profile's rules make the post that decides appeals take part in some
decisions (one reserved to the Chief Executive, when the Chief Executive decides appeals),
the profile must name another post for those appeals, or they can never be decided; likewise
the post that investigates (Tamworth's Head of Customer Services, who approves corporate
decisions): `appeal_deadlock` says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from contactpolicy.roles import Role, holds_post, post_label, roles_at_least


@dataclass(frozen=True)
class Post:
    role: str
    title: str = ""
    # A post named by role only includes the roles above it; a titled post is that person's.
    or_above: bool = True

    @property
    def roles(self) -> frozenset:
        if self.title.strip() or not self.or_above:
            return frozenset({Role(self.role)})
        return roles_at_least(self.role)

    def held_by(self, user) -> bool:
        if not user.is_authenticated:
            return False
        if self.title.strip():
            return holds_post(user, self.role, self.title)
        return bool(user.roles & self.roles)

    def may_be_held_by_holder_of(self, other: Post) -> bool:
        """Whether one person could hold both posts."""
        if not self.roles & other.roles:
            return False
        mine, theirs = self.title.strip().casefold(), other.title.strip().casefold()
        return not mine or not theirs or mine == theirs

    @property
    def label(self) -> str:
        """ "Head of Customer Services", or "head of service or above" for a role."""
        if self.title.strip():
            return post_label(self.role, self.title)
        label = post_label(self.role)
        return f"{label} or above" if len(self.roles) > 1 else label

    @property
    def someone(self) -> str:
        """The post in a sentence: "the Head of Customer Services", "a chief executive"."""
        if self.title.strip():
            return f"the {self.label}"
        return f"{'an' if self.label[0] in 'aeiou' else 'a'} {self.label}"


def _post(role, title="") -> Post | None:
    return Post(role, (title or "").strip()) if role else None


def investigator_post(profile) -> Post | None:
    """Who investigates an appeal (Tamworth §10: the Head of Customer Services)."""
    return _post(profile.appeal_to_role, profile.appeal_to_title)


def decider_post(profile) -> Post | None:
    """Who decides an appeal (Tamworth §4, §10: a member of CMT); None where the policy
    names nobody (those who may approve the decision appealed against decide)."""
    return _post(profile.appeal_decided_by_role, profile.appeal_decided_by_title)


def alternative_decider_post(profile) -> Post | None:
    """Who decides when someone holding the decider's post took part in the decision."""
    return _post(profile.appeal_alternative_decider_role, profile.appeal_alternative_decider_title)


def alternative_investigator_post(profile) -> Post | None:
    """Who investigates when someone holding the investigator's post took part in the
    decision (under Tamworth the Head of Customer Services approves corporate decisions)."""
    return _post(
        profile.appeal_alternative_investigator_role,
        profile.appeal_alternative_investigator_title,
    )


def always_taking_part(rule) -> list[tuple[Post, str]]:
    """The posts that approve every decision of the rule's kind (or every corporate one),
    each with the words that say why."""
    posts = []
    kind = rule.get_decision_kind_display().lower()
    if rule.reserved_to_chief_executive:
        posts.append(
            (
                Post(Role.CHIEF_EXECUTIVE, or_above=False),
                f"a decision to {kind} is reserved to the Chief Executive",
            )
        )
    if rule.alternative_approver_role and (rule.alternative_approver_title or "").strip():
        post = _post(rule.alternative_approver_role, rule.alternative_approver_title)
        posts.append((post, f"{post.someone} approves a corporate decision to {kind}"))
    return posts


def rules_deadlock(profile, rules: Iterable) -> str:
    """Why, under `profile` with its decision `rules`, some decision or appeal could never
    be decided; "" when none would be stuck. The profile editor and the admin site both ask
    this before saving the rules or the appeal settings.

    A rule whose approver is the Administrator names nobody who may approve: an Administrator
    holds no casework role and approves nothing (DESIGN.md §1).
    """
    rules = list(rules)
    for rule in rules:
        if rule.reserved_to_chief_executive:
            continue  # the Chief Executive approves, whoever else is named
        for role in (rule.approver_role, rule.alternative_approver_role):
            if role == Role.ADMINISTRATOR:
                return (
                    f"Nobody could approve a decision to {rule.get_decision_kind_display().lower()}"
                    ": an administrator approves no decision. Choose a casework role."
                )
    return appeal_deadlock(profile, rules)


def appeal_deadlock(profile, rules: Iterable) -> str:
    """Why, under `profile` with its decision `rules`, some appeal could have nobody to
    investigate or decide it; "" when every appeal can be.

    It can when a post that approves every decision of a kind may be the post that
    investigates or decides appeals, and the profile names no other post for that step who
    could not also have approved it.
    """
    return appeal_deadlock_at(profile, rules)[1]


# The setting to change when appeals could be left with nobody to decide or investigate them.
ALTERNATIVE_DECIDER_FIELD = "appeal_alternative_decider_role"
ALTERNATIVE_INVESTIGATOR_FIELD = "appeal_alternative_investigator_role"


def appeal_deadlock_at(profile, rules: Iterable) -> tuple[str, str]:
    """`appeal_deadlock`'s reason, with the profile setting that would resolve it (the
    alternative decider's or investigator's role), so a form can mark that field; ("", "")
    when every appeal can be decided and investigated."""
    if not (profile.appeal_route or "").strip():
        return "", ""
    rules = list(rules)
    if reason := _decider_deadlock(profile, rules):
        return ALTERNATIVE_DECIDER_FIELD, reason
    if reason := _investigator_deadlock(profile, rules):
        return ALTERNATIVE_INVESTIGATOR_FIELD, reason
    return "", ""


def _decider_deadlock(profile, rules: list) -> str:
    decider = decider_post(profile)
    if decider is None:
        return ""
    alternative = alternative_decider_post(profile)
    for rule in rules:
        for post, why in always_taking_part(rule):
            if not decider.may_be_held_by_holder_of(post):
                continue
            if alternative is None:
                return (
                    f"Appeals could not be decided: {why}, and {decider.someone} decides "
                    "appeals but may not decide one against a decision they took part in. "
                    "Name who decides an appeal when the first choice took part (the "
                    "alternative decider's role and job title)."
                )
            if alternative.may_be_held_by_holder_of(post):
                return (
                    f"Appeals could not be decided: {why}, and the alternative decider, "
                    f"{alternative.someone}, could be the same person. Give the alternative "
                    "decider a job title of its own, or another role."
                )
    return ""


def _investigator_deadlock(profile, rules: list) -> str:
    investigator = investigator_post(profile)
    if investigator is None:
        return ""
    alternative = alternative_investigator_post(profile)
    for rule in rules:
        for post, why in always_taking_part(rule):
            if not investigator.may_be_held_by_holder_of(post):
                continue
            if alternative is None:
                return (
                    f"Appeals could not be investigated: {why}, and {investigator.someone} "
                    "investigates appeals but may not investigate one against a decision "
                    "they took part in. Name who investigates an appeal when the first "
                    "choice took part (the alternative investigator's role and job title)."
                )
            if alternative.may_be_held_by_holder_of(post):
                return (
                    f"Appeals could not be investigated: {why}, and the alternative "
                    f"investigator, {alternative.someone}, could be the same person. Give the "
                    "alternative investigator a job title of its own, or another role."
                )
    return ""
