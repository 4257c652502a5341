"""Who may see which customer, contact and incident, and what on their pages.

Every view that shows one of these objects fetches it through its `<object>_get_for_user`
helper, and every choice a page makes by role asks a `may_*` predicate, so each rule has
one home and one test per role. The roles themselves live in `contactpolicy.access`.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from cases.models import (
    Case,
    Contact,
    Customer,
    CustomerIdentifier,
    CustomerLink,
    Incident,
    SubjectAccessExport,
)
from contactpolicy.access import STAFF_ROLES as STAFF
from contactpolicy.access import Answer, require_manager, require_staff
from contactpolicy.roles import SENIORITY, Role, roles_at_least
from contactpolicy.selectors import staff_below


def may_see_sensitive_notes(user) -> bool:
    """Sensitive notes are for managers and above (DESIGN.md §3); every viewing is logged."""
    return user.is_authenticated and user.is_manager


def may_see_decisions(user) -> bool:
    """Decisions about a customer, and proposing them, are for managers and above."""
    return user.is_authenticated and user.is_manager


def may_mark_extreme(user, profile) -> Answer:
    """Whether `user` may mark an incident's behaviour as extreme in itself.

    Only where the profile's policy has that notion (`extreme_marked_by_role`: Natural
    England, "Extreme behaviour", judged by a Director), and then only at that role or
    above. Elsewhere behaviour is extreme by its category alone (BTPA §8.4, §8.6: A and B),
    so no one marks it: a mark would unlock refusing all contact and a report to the police
    without warning for any category.
    """
    role = profile.extreme_marked_by_role if profile is not None else None
    if not role:
        return Answer(
            False,
            "Under this policy behaviour is extreme by its category: choose the category.",
        )
    if not (user.is_authenticated and user.has_role(*roles_at_least(role))):
        return Answer(
            False,
            f"Under the {profile.short_name} policy a {Role(role).label.lower()} or someone "
            "more senior judges behaviour extreme.",
        )
    return Answer(True, role=role)


def may_see_team_contacts(user) -> bool:
    """Managers see their team's contacts due beside their own."""
    return user.is_authenticated and user.is_manager


def _get_or_404(rows, missing: str, **lookup):
    """The one row of `rows` (a queryset or a related manager) that `lookup` finds, or the
    404 page saying what is `missing`."""
    try:
        return rows.get(**lookup)
    except rows.model.DoesNotExist as error:
        raise Http404(missing) from error


def customer_get_for_user(user, reference: str, queryset: QuerySet | None = None) -> Customer:
    """The customer with this reference, if the user may see customers at all."""
    require_staff(user)
    customers = queryset if queryset is not None else Customer.objects.all()
    return _get_or_404(customers, "No customer has that reference.", reference=reference.upper())


def customer_get_to_edit(user, reference: str) -> Customer:
    """The customer whose details (name, greeting, language, accessibility) the user would
    change, and whose history of changes they would read: any member of staff, as anyone
    who records a customer may correct what was recorded."""
    require_staff(user)
    return customer_get_for_user(user, reference)


def may_hold(user) -> bool:
    """Placing and lifting a legal hold, which stops the retention sweep forgetting a
    customer, is for managers and above, who answer for keeping what the law says to
    forget."""
    return user.is_authenticated and user.is_manager


def customer_get_to_hold(user, reference: str) -> Customer:
    """The customer whose legal hold a manager would place, lift or read."""
    require_manager(user)
    return customer_get_for_user(user, reference)


def customer_notes_get_for_user(user, reference: str) -> Customer:
    """The customer whose sensitive notes the user asks for: managers and above only."""
    require_manager(user)
    return customer_get_for_user(user, reference)


def contact_get_for_user(user, reference: str) -> Contact:
    require_staff(user)
    return _get_or_404(
        Contact.objects.select_related("customer", "officer", "logged_by", "case"),
        "No contact has that reference.",
        reference=reference.upper(),
    )


def may_work_on_contact(user, contact: Contact) -> bool:
    """Who may acknowledge, answer, pause or restart a contact's clocks.

    The officer it is with; anyone on the casework staff while it is with no one (it is
    in the shared queue); a manager whose team the officer is in, directly or further
    down; and a head of service or the Chief Executive, who answer for the service
    standards. Another caseworker, or the manager of another team, may read the contact
    but not mark it.
    """
    if not user.is_authenticated or not user.has_role(*STAFF):
        return False
    if contact.officer_id is None or contact.officer_id == user.pk:
        return True
    if contact.officer.line_manager_id == user.pk:
        return True
    if user.has_role(*roles_at_least(Role.HEAD_OF_SERVICE)):
        return True
    return user.is_manager and staff_below(user).filter(pk=contact.officer_id).exists()


def contact_get_to_work_on(user, reference: str) -> Contact:
    """The contact whose clocks the user means to change; refused unless they may."""
    contact = contact_get_for_user(user, reference)
    if not may_work_on_contact(user, contact):
        raise PermissionDenied(
            f"This contact is with {contact.officer}. Only they, their line manager or a "
            "head of service can mark it or change its clocks."
        )
    return contact


def incident_get_for_user(user, reference: str, queryset: QuerySet | None = None) -> Incident:
    """The incident with this reference, if the user is casework staff."""
    require_staff(user)
    incidents = queryset if queryset is not None else Incident.objects.all()
    return _get_or_404(incidents, "No incident has that reference.", reference=reference.upper())


def case_get_for_user(user, reference: str, queryset: QuerySet | None = None) -> Case:
    """The case (matter) with this reference, if the user is casework staff."""
    require_staff(user)
    cases = queryset if queryset is not None else Case.objects.select_related("customer")
    return _get_or_404(cases, "No case has that reference.", reference=reference.upper())


def identifier_get_for_user(user, customer: Customer, pk: int) -> CustomerIdentifier:
    """One of this customer's identifiers, for casework staff."""
    require_staff(user)
    return _get_or_404(customer.identifiers, "The customer has no such identifier.", pk=pk)


def link_get_for_user(user, customer: Customer, pk: int) -> CustomerLink:
    """A link recorded on this customer's record, for casework staff."""
    require_staff(user)
    return _get_or_404(customer.links, "The customer has no such link.", pk=pk)


def _at_least(role: str) -> frozenset:
    return roles_at_least(role) if role in SENIORITY else frozenset({Role(role)})


def may_take_subject_access_export(user, profile) -> Answer:
    """Whether `user` may take a subject access export and review its redactions: the
    profile's `subject_access_role` or above (line manager by default, since the export
    holds sensitive notes, which only managers and above see: DESIGN.md §3)."""
    role = profile.subject_access_role
    if user.is_authenticated and user.has_role(*_at_least(role)):
        return Answer(True, role=role)
    return Answer(
        False,
        f"Under the {profile.short_name} policy a {Role(role).label.lower()} or someone more "
        "senior takes a subject access export.",
    )


def subject_access_export_get_for_user(user, profile, pk: int) -> SubjectAccessExport:
    """The export, if `user` may take subject access exports (403 otherwise)."""
    if not may_take_subject_access_export(user, profile):
        raise PermissionDenied("Your role does not allow this.")
    return _get_or_404(
        SubjectAccessExport.objects.select_related("customer", "requested_by", "request_contact"),
        "No subject access export has that number.",
        pk=pk,
    )


def staff_named_as_third_party(user, profile) -> bool:
    """Whether a member of staff's name is a third party's personal data in a subject access
    export: below the profile's `subject_access_staff_below_role` (by grade)."""
    floor = SENIORITY.get(profile.subject_access_staff_below_role)
    if floor is None:
        return not user.has_role(profile.subject_access_staff_below_role)
    grade = user.effective_grade
    return grade is None or grade < floor
