"""Every named URL, every role: who gets what, generated from the URLconf.

Walks the whole URLconf (but the admin, which Django guards) and requires an entry in
`EXPECTED` for every named pattern, so a new view without a rule fails here with its name.
Each entry says what a GET and an empty POST answer to each role (an empty form is 400 or
redisplayed with 200; a button redirects with 302); a signed-out visitor is sent to sign in
everywhere but the sign-in page and the pages that set a password through an emailed link
(`PUBLIC`). The role tests beside each app check the finer rules (which decision, which
stage, which refusal sentence).
"""

from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from appeals.models import Appeal, AppealDocument
from cases.models import SubjectAccessExport
from cases.services import case_open, customer_identifier_add, customer_link_add
from contactpolicy.models import ClosureDay, Notification
from contactpolicy.roles import Role
from mailboxes.models import InboundEmail, Mailbox, OutboundEmail
from notices.models import Notice, NoticeKind, PostBatch, ProductionRequest
from restrictions.referral_services import referral_record
from restrictions.services import decision_answer
from tests.cases.factories import ContactFactory, CustomerFactory
from tests.factories import UserFactory
from tests.profiles import activate_shipped_profile
from tests.restrictions.factories import drive_to, incident, propose_and_submit, sanction_of

pytestmark = pytest.mark.django_db

ROLES = [
    "outsider",
    "administrator",
    "caseworker",
    "line_manager",
    "head_of_service",
    "chief_executive",
]
CASEWORK = ("caseworker", "line_manager", "head_of_service", "chief_executive")
MANAGERS = ("line_manager", "head_of_service", "chief_executive")


def only(allowed: tuple[str, ...], yes: int, no: int = 403) -> dict[str, int]:
    return {role: yes if role in allowed else no for role in ROLES}


def every(status: int) -> dict[str, int]:
    return dict.fromkeys(ROLES, status)


@dataclass(frozen=True)
class Rule:
    """What a GET and an empty POST answer to each role, and which object the URL names."""

    get: dict[str, int]
    post: dict[str, int]
    kwargs: str = ""  # a key of the `objects` fixture


STAFF_ONLY, MANAGERS_ONLY = only(CASEWORK, 200), only(MANAGERS, 200)
CHIEF_ONLY = only(("chief_executive",), 200)
# A POST-only button: GET is refused before the role is asked; a POST does it and redirects.
BUTTON = every(405)

EXPECTED: dict[str, Rule] = {
    # Signed in already: sent on to the dashboard.
    "login": Rule(get=every(302), post=every(302)),
    # Open to anyone, signed in or not (PUBLIC): asking for a link to set one's password, and
    # following it. An empty form is shown again; a made-up link says it does not work.
    "password_reset": Rule(get=every(200), post=every(200)),
    "password_reset_done": Rule(get=every(200), post=every(405)),
    "password_set": Rule(get=every(200), post=every(200), kwargs="password_link"),
    "logout": Rule(get=every(405), post=every(302)),
    # The accessibility statement: open to anyone, signed in or not (PUBLIC).
    "accessibility": Rule(get=every(200), post=every(405)),
    # Where the admin site sends those it does not let in: an administrator goes on to it,
    # anyone else is refused with the service's own page, never the admin's sign-in form.
    # Nothing is done here whatever the method.
    "admin_sign_in": Rule(get=only(("administrator",), 302), post=only(("administrator",), 302)),
    # Signing in with the organisation's identity provider: not found while none is
    # configured (as here; see tests/contactpolicy/test_sign_in_with_identity_provider.py),
    # for anyone; each answers GET only.
    "oidc_authentication_init": Rule(get=every(404), post=every(405)),
    "oidc_authentication_callback": Rule(get=every(404), post=every(405)),
    # "Stay signed in" on the timeout warning starts the idle clock again.
    "session_keep_alive": Rule(get=every(405), post=every(204)),
    # The second factor: everyone here has signed in with theirs already, so the code page
    # sends them on; anyone may set up a new app, see their sign-in security and get new
    # recovery codes. Recovery codes are shown once, straight after they are made.
    "second_factor_verify": Rule(get=every(302), post=every(302)),
    "second_factor_enrol": Rule(get=every(200), post=every(200)),
    "second_factor_recovery_codes": Rule(get=every(302), post=every(405)),
    "second_factor_settings": Rule(get=every(200), post=every(405)),
    "second_factor_new_recovery_codes": Rule(get=BUTTON, post=every(302)),
    # Everyone signed in has their own notifications; opening another's goes to one's own.
    "notifications": Rule(get=every(200), post=every(405)),
    "notification_open": Rule(get=every(405), post=every(302), kwargs="notification"),
    "notifications_read_all": Rule(get=BUTTON, post=every(302)),
    "notification_settings": Rule(get=every(200), post=every(200)),
    # Everyone signed in has a dashboard; without a casework role it only greets them.
    "screens:dashboard": Rule(get=every(200), post=every(200)),
    "screens:lookup": Rule(get=STAFF_ONLY, post=STAFF_ONLY),
    "screens:customer": Rule(get=STAFF_ONLY, post=STAFF_ONLY, kwargs="customer"),
    "screens:incident": Rule(get=STAFF_ONLY, post=STAFF_ONLY, kwargs="incident"),
    # BTPA has no extreme mark: back to the incident with the reason.
    "screens:incident_extreme": Rule(get=BUTTON, post=only(CASEWORK, 302), kwargs="incident"),
    "screens:contact_log": Rule(get=STAFF_ONLY, post=STAFF_ONLY),
    "screens:contact": Rule(get=STAFF_ONLY, post=STAFF_ONLY, kwargs="contact"),
    "screens:pause": Rule(get=BUTTON, post=only(CASEWORK, 400), kwargs="contact"),
    # Who may mark a contact answered may answer it by email; an empty reply is refused.
    "screens:contact_reply": Rule(get=BUTTON, post=only(CASEWORK, 400), kwargs="contact"),
    "screens:outbound_retry": Rule(get=BUTTON, post=only(CASEWORK, 302), kwargs="outbound_email"),
    # The automatic emails' wording: administrators, as notice templates.
    "screens:email_templates": Rule(
        get=only(("administrator",), 200), post=only(("administrator",), 200)
    ),
    "screens:email_template_edit": Rule(
        get=only(("administrator",), 200),
        post=only(("administrator",), 400),
        kwargs="email_template",
    ),
    # The logs the policies name: managers only (a line manager sees their team's records);
    # read-only, so a POST is refused for everyone.
    "screens:mail_log": Rule(get=MANAGERS_ONLY, post=every(405)),
    "screens:mail_log_csv": Rule(get=MANAGERS_ONLY, post=every(405)),
    "screens:terminated_calls_log": Rule(get=MANAGERS_ONLY, post=every(405)),
    "screens:terminated_calls_log_csv": Rule(get=MANAGERS_ONLY, post=every(405)),
    "screens:hate_incidents_log": Rule(get=MANAGERS_ONLY, post=every(405)),
    "screens:hate_incidents_log_csv": Rule(get=MANAGERS_ONLY, post=every(405)),
    # Who took which export: heads of service, the Chief Executive and administrators.
    "screens:exports": Rule(
        get=only(("administrator", "head_of_service", "chief_executive"), 200), post=every(405)
    ),
    # The organisation's audit log: administrators and the Chief Executive; read-only.
    "screens:audit_log": Rule(get=only(("administrator", "chief_executive"), 200), post=every(405)),
    "screens:audit_log_csv": Rule(
        get=only(("administrator", "chief_executive"), 200), post=every(405)
    ),
    # Subject access exports: the profile's role or above (BTPA: a line manager, since the
    # export holds sensitive notes). This one is still waiting to be built: nothing to
    # download, nothing to release yet (back to its page with the reason).
    "screens:subject_access_start": Rule(
        get=MANAGERS_ONLY, post=only(MANAGERS, 302), kwargs="customer"
    ),
    "screens:subject_access": Rule(
        get=MANAGERS_ONLY, post=only(MANAGERS, 302), kwargs="subject_access"
    ),
    "screens:subject_access_release": Rule(
        get=BUTTON, post=only(MANAGERS, 302), kwargs="subject_access"
    ),
    "screens:subject_access_download": Rule(
        get=only(MANAGERS, 404), post=every(405), kwargs="subject_access"
    ),
    "screens:subject_access_release_download": Rule(
        get=only(MANAGERS, 404), post=every(405), kwargs="subject_access"
    ),
    "cases:customer_create": Rule(get=STAFF_ONLY, post=STAFF_ONLY),
    "cases:customer_edit": Rule(get=STAFF_ONLY, post=STAFF_ONLY, kwargs="customer"),
    "cases:customer_history": Rule(get=STAFF_ONLY, post=STAFF_ONLY, kwargs="customer"),
    "cases:sensitive_notes": Rule(get=MANAGERS_ONLY, post=MANAGERS_ONLY, kwargs="customer"),
    "screens:legal_hold": Rule(get=MANAGERS_ONLY, post=MANAGERS_ONLY, kwargs="customer"),
    "screens:incident_record": Rule(get=STAFF_ONLY, post=only(CASEWORK, 400), kwargs="customer"),
    "cases:case_open": Rule(get=STAFF_ONLY, post=STAFF_ONLY, kwargs="customer"),
    "cases:case": Rule(get=STAFF_ONLY, post=STAFF_ONLY, kwargs="matter"),
    "cases:case_edit": Rule(get=STAFF_ONLY, post=STAFF_ONLY, kwargs="matter"),
    "cases:case_close": Rule(get=STAFF_ONLY, post=STAFF_ONLY, kwargs="matter"),
    "cases:contact_case": Rule(get=BUTTON, post=only(CASEWORK, 302), kwargs="contact"),
    # The contact is in the shared queue: any caseworker may take it (see the role tests).
    "cases:reassign": Rule(get=STAFF_ONLY, post=STAFF_ONLY, kwargs="contact"),
    # Marking a contact as holding sensitive personal information: whoever may work on it.
    "cases:contact_sensitive": Rule(get=BUTTON, post=only(CASEWORK, 302), kwargs="contact"),
    "cases:identifiers": Rule(get=STAFF_ONLY, post=STAFF_ONLY, kwargs="customer"),
    "cases:identifier_correct": Rule(get=STAFF_ONLY, post=STAFF_ONLY, kwargs="identifier"),
    "cases:identifier_retire": Rule(get=BUTTON, post=only(CASEWORK, 302), kwargs="identifier"),
    "cases:link_add": Rule(get=STAFF_ONLY, post=only(CASEWORK, 400), kwargs="customer"),
    "cases:link_remove": Rule(get=BUTTON, post=only(CASEWORK, 302), kwargs="link"),
    "cases:acknowledge": Rule(get=BUTTON, post=only(CASEWORK, 302), kwargs="contact"),
    "cases:respond": Rule(get=BUTTON, post=only(CASEWORK, 302), kwargs="contact"),
    "cases:mark_undo": Rule(get=BUTTON, post=only(CASEWORK, 302), kwargs="contact"),
    "cases:resume": Rule(get=BUTTON, post=only(CASEWORK, 302), kwargs="contact"),
    "restrictions:case": Rule(get=STAFF_ONLY, post=STAFF_ONLY, kwargs="case"),
    "restrictions:review_start": Rule(get=BUTTON, post=only(MANAGERS, 409), kwargs="case"),
    "restrictions:decision_propose": Rule(
        get=MANAGERS_ONLY, post=only(MANAGERS, 400), kwargs="customer"
    ),
    "restrictions:decision": Rule(get=MANAGERS_ONLY, post=MANAGERS_ONLY, kwargs="decision"),
    # Only its proposer (lena, the line manager) changes a decision sent back to her.
    "restrictions:decision_edit": Rule(
        get={**only(MANAGERS, 404), "line_manager": 200},
        post={**only(MANAGERS, 404), "line_manager": 400},
        kwargs="sent_back",
    ),
    "restrictions:my_proposals": Rule(get=MANAGERS_ONLY, post=MANAGERS_ONLY),
    "restrictions:decision_answer": Rule(get=BUTTON, post=only(MANAGERS, 400), kwargs="decision"),
    "restrictions:decision_submit": Rule(get=BUTTON, post=only(MANAGERS, 409), kwargs="decision"),
    "restrictions:approvals": Rule(get=MANAGERS_ONLY, post=MANAGERS_ONLY),
    # Reviews weigh representations and the evidence decisions cite: managers hold them.
    "restrictions:reviews": Rule(get=MANAGERS_ONLY, post=MANAGERS_ONLY),
    "restrictions:review": Rule(get=MANAGERS_ONLY, post=MANAGERS_ONLY, kwargs="review"),
    "restrictions:review_begin": Rule(get=BUTTON, post=only(MANAGERS, 302), kwargs="review"),
    "restrictions:review_bring_forward": Rule(
        get=MANAGERS_ONLY, post=only(MANAGERS, 400), kwargs="review"
    ),
    "restrictions:review_representation": Rule(
        get=MANAGERS_ONLY, post=only(MANAGERS, 400), kwargs="review"
    ),
    "restrictions:signoff_list": Rule(get=CHIEF_ONLY, post=CHIEF_ONLY),
    "restrictions:register": Rule(get=STAFF_ONLY, post=STAFF_ONLY),
    # Reports: line managers read their own team's, heads of service and the Chief
    # Executive any (screens.access); a form's parameters come by GET, so a POST reads it.
    "screens:report": Rule(get=MANAGERS_ONLY, post=every(405)),
    "screens:report_records": Rule(get=MANAGERS_ONLY, post=every(405), kwargs="report_figure"),
    "screens:report_csv": Rule(get=MANAGERS_ONLY, post=every(405)),
    "screens:report_pdf": Rule(get=MANAGERS_ONLY, post=every(405)),
    "restrictions:register_csv": Rule(get=STAFF_ONLY, post=every(405)),
    "appeals:list": Rule(get=STAFF_ONLY, post=STAFF_ONLY),
    # BTPA is active, which has no appeal: staff are shown how to complain instead.
    "appeals:record": Rule(get=STAFF_ONLY, post=STAFF_ONLY, kwargs="case"),
    "appeals:appeal": Rule(get=STAFF_ONLY, post=STAFF_ONLY, kwargs="appeal"),
    "appeals:document": Rule(get=STAFF_ONLY, post=STAFF_ONLY, kwargs="appeal_document"),
    # An empty form is shown again with its errors; the service asks who may act.
    "appeals:late": Rule(get=BUTTON, post=only(CASEWORK, 200), kwargs="appeal"),
    "appeals:assign": Rule(get=BUTTON, post=only(CASEWORK, 200), kwargs="appeal"),
    "appeals:findings": Rule(get=BUTTON, post=only(CASEWORK, 200), kwargs="appeal"),
    "appeals:decide": Rule(get=BUTTON, post=only(CASEWORK, 200), kwargs="appeal"),
    "appeals:withdraw": Rule(get=BUTTON, post=only(CASEWORK, 200), kwargs="appeal"),
    # Each drafts a notice, which managers do; a refusal is shown on the appeal's page.
    "appeals:acknowledge": Rule(get=BUTTON, post=only(MANAGERS, 302), kwargs="appeal"),
    "appeals:outcome_notice": Rule(get=BUTTON, post=only(MANAGERS, 409), kwargs="appeal"),
    "restrictions:referrals": Rule(get=STAFF_ONLY, post=STAFF_ONLY, kwargs="customer"),
    "restrictions:referral_create": Rule(get=MANAGERS_ONLY, post=MANAGERS_ONLY, kwargs="customer"),
    "restrictions:referral_informed": Rule(get=BUTTON, post=only(MANAGERS, 302), kwargs="referral"),
    # BTPA always reports nothing: no incident of its is one to say why it was not reported.
    "restrictions:police_report_not_made": Rule(
        get=only(MANAGERS, 404), post=only(MANAGERS, 404), kwargs="incident"
    ),
    # BTPA names no one to decide on an injunction.
    "restrictions:injunction_decision": Rule(get=every(403), post=every(403), kwargs="sanction"),
    # Notices: any member of staff reads and posts them; managers draft them; the Chief
    # Executive signs off and issues what the policy reserves to them (BTPA: all decisions).
    "notices:signoff": Rule(
        get=CHIEF_ONLY, post=only(("chief_executive",), 400), kwargs="decision"
    ),
    "notices:notice": Rule(get=STAFF_ONLY, post=only(MANAGERS, 400), kwargs="notice"),
    "notices:pdf": Rule(get=STAFF_ONLY, post=STAFF_ONLY, kwargs="notice"),
    # A draft has no stored copy yet.
    "notices:download": Rule(get=only(CASEWORK, 404), post=only(CASEWORK, 404), kwargs="notice"),
    # The decision is not yet approved: refused with a reason to the Chief Executive (409,
    # as every refusal of the state machines).
    "notices:issue": Rule(get=BUTTON, post=only(("chief_executive",), 409), kwargs="notice"),
    "notices:sent": Rule(get=BUTTON, post=only(CASEWORK, 400), kwargs="notice"),
    # A draft is not emailed: refused (409) with the reason.
    "notices:email": Rule(get=BUTTON, post=only(CASEWORK, 409), kwargs="notice"),
    "notices:withdraw": Rule(get=BUTTON, post=only(MANAGERS, 400), kwargs="notice"),
    "notices:production": Rule(get=BUTTON, post=only(MANAGERS, 400), kwargs="notice"),
    # Managers record the version made for a request; the empty form is redisplayed.
    "notices:production_complete": Rule(get=BUTTON, post=only(MANAGERS, 400), kwargs="production"),
    # Any member of staff reads a version once produced; this one is still due.
    "notices:production_file": Rule(
        get=only(CASEWORK, 404), post=only(CASEWORK, 404), kwargs="production"
    ),
    "notices:reprint": Rule(get=BUTTON, post=only(CASEWORK, 400), kwargs="notice"),
    # Any member of staff asks for another print format; the empty form is redisplayed.
    "notices:copy_make": Rule(get=BUTTON, post=only(CASEWORK, 400), kwargs="notice"),
    # A draft has no copies.
    "notices:copy": Rule(get=only(CASEWORK, 404), post=only(CASEWORK, 404), kwargs="notice_copy"),
    # The decision is not yet approved: sent back to it with the reason.
    "notices:for_decision": Rule(get=BUTTON, post=only(MANAGERS, 302), kwargs="decision"),
    "notices:for_contact": Rule(get=BUTTON, post=only(CASEWORK, 302), kwargs="contact"),
    "notices:case_notices": Rule(get=STAFF_ONLY, post=STAFF_ONLY, kwargs="case"),
    "notices:print_queue": Rule(get=STAFF_ONLY, post=only(CASEWORK, 400)),
    # Nothing waits to be posted: back to the queue with a message.
    "notices:todays_post": Rule(get=BUTTON, post=only(CASEWORK, 302)),
    "notices:post_batch": Rule(get=STAFF_ONLY, post=STAFF_ONLY, kwargs="post_batch"),
    # Not stalled: back to its page.
    "notices:post_batch_resume": Rule(get=BUTTON, post=only(CASEWORK, 302), kwargs="post_batch"),
    # Still being prepared: nothing to download yet.
    "notices:post_batch_pdf": Rule(
        get=only(CASEWORK, 404), post=only(CASEWORK, 404), kwargs="post_batch"
    ),
    # Read only: a POST is refused before the role is asked.
    "health": Rule(get=only(("administrator",), 200), post=every(405)),
    # The letterhead is the administrators', as the notice templates are.
    "letterhead": Rule(get=only(("administrator",), 200), post=only(("administrator",), 400)),
    # The logo shown back on the letterhead page: none is uploaded here.
    "letterhead_logo": Rule(get=only(("administrator",), 404), post=only(("administrator",), 404)),
    # The policy profile editor is the administrators', as the letterhead is.
    "profile_list": Rule(get=only(("administrator",), 200), post=every(405)),
    "profile_contents": Rule(get=only(("administrator",), 200), post=every(405), kwargs="profile"),
    "profile_section": Rule(
        get=only(("administrator",), 200),
        post=only(("administrator",), 400),
        kwargs="profile_section",
    ),
    "profile_copy_shipped": Rule(
        get=only(("administrator",), 200), post=only(("administrator",), 400)
    ),
    "profile_closure_days": Rule(
        get=only(("administrator",), 200), post=only(("administrator",), 400)
    ),
    "profile_closure_day_delete": Rule(
        get=BUTTON, post=only(("administrator",), 302), kwargs="closure_day"
    ),
    # The first run is a superuser's: nobody with a role meets it.
    "first_run": Rule(get=every(403), post=every(403)),
    # What we hold, for the records of processing: administrators, as the letterhead.
    "what_we_hold": Rule(get=only(("administrator",), 200), post=every(405)),
    "what_we_hold_csv": Rule(get=only(("administrator",), 200), post=every(405)),
    "lawful_basis_edit": Rule(
        get=only(("administrator",), 200),
        post=only(("administrator",), 400),
        kwargs="personal_data_kind",
    ),
    "notices:templates": Rule(
        get=only(("administrator",), 200), post=only(("administrator",), 200)
    ),
    # The letters gallery renders a sample: administrators only, and a POST reads the same.
    "notices:gallery": Rule(get=only(("administrator",), 200), post=only(("administrator",), 200)),
    "notices:gallery_pdf": Rule(
        get=only(("administrator",), 200),
        post=only(("administrator",), 200),
        kwargs="gallery_letter",
    ),
    "notices:template_edit": Rule(
        get=only(("administrator",), 200),
        post=only(("administrator",), 400),
        kwargs="template",
    ),
}


def named_patterns(resolver=None, namespace: str = "") -> dict[str, str]:
    """Every named URL pattern outside the admin, by its full name, with its route."""
    found = {}
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue
            inner = ":".join(part for part in (namespace, pattern.namespace or "") if part)
            found |= named_patterns(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            found[f"{namespace}:{pattern.name}" if namespace else pattern.name] = str(
                pattern.pattern
            )
    return found


def test_every_named_url_has_an_access_rule():
    names = named_patterns()
    missing = sorted(set(names) - set(EXPECTED))
    assert not missing, (
        "These URLs have no entry in tests/test_access_matrix.py EXPECTED; add who may GET "
        f"and POST each: {', '.join(f'{n} ({names[n]})' for n in missing)}"
    )
    stale = sorted(set(EXPECTED) - set(names))
    assert not stale, f"EXPECTED names URLs that no longer exist: {', '.join(stale)}"


# The people of tests/conftest.py's role fixtures: those fixtures get these same accounts.
PEOPLE = {
    "outsider": ("olly", []),
    "administrator": ("ada", [Role.ADMINISTRATOR]),
    "caseworker": ("casey", [Role.CASEWORKER]),
    "line_manager": ("lena", [Role.LINE_MANAGER]),
    "head_of_service": ("hector", [Role.HEAD_OF_SERVICE]),
    "chief_executive": ("chloe", [Role.CHIEF_EXECUTIVE]),
}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The people and the objects every URL names, made once for the module in a transaction
    rolled back after it (making them was most of each test's time); each test's own
    writes are rolled back after the test, as ever."""
    with django_db_blocker.unblock(), transaction.atomic():
        people = {
            role: UserFactory(username=username, roles=roles)
            for role, (username, roles) in PEOPLE.items()
        }
        for person in people.values():
            TOTPDevice.objects.create(user=person, name="Test app", confirmed=True)
        profile = activate_shipped_profile("btpa")
        yield _objects(
            profile, people["caseworker"], people["line_manager"], people["chief_executive"]
        )
        transaction.set_rollback(True)


@pytest.fixture
def objects(world, db):
    return world


def _objects(btpa_active, caseworker, line_manager, chief_executive):
    customer = CustomerFactory()
    concern = incident(customer, caseworker, days_ago=2)
    decision = propose_and_submit(
        line_manager,
        customer,
        "sanction",
        incidents=[concern],
        sanctions=[sanction_of(btpa_active, "one_method", channel="email")],
    )
    sent_back = propose_and_submit(
        line_manager,
        customer,
        "sanction",
        incidents=[concern],
        sanctions=[sanction_of(btpa_active, "one_method", channel="letter")],
    )
    decision_answer(
        decision=sent_back, actor=chief_executive, outcome="send_back", reason="Cite more."
    )
    referral = referral_record(
        actor=line_manager,
        customer=customer,
        kind="police",
        recipient="BTP",
        made_on=concern.occurred_at.date(),
        incidents=[concern],
    )
    matter = case_open(customer=customer, subject="Station lighting", officer=caseworker)
    identifier = customer_identifier_add(customer=customer, kind="email", value="a@example.org")
    link = customer_link_add(customer=customer, other=CustomerFactory(), kind="same_address")
    notice = Notice.objects.create(
        reference="NOT-2026-999999",
        kind=NoticeKind.SANCTIONS_IMPOSED,
        decision=decision,
        customer=customer,
        profile=btpa_active,
        signatory=line_manager,
        signatory_name="Lena Manager",
        signatory_role="Line manager",
        created_by=line_manager,
    )
    production = ProductionRequest.objects.create(
        notice=notice,
        production_format="braille",
        due_on=timezone.localdate(),
        requested_by=line_manager,
    )
    batch = PostBatch.objects.create(total=1, content_key="0" * 64, created_by=line_manager)
    appeal = Appeal.objects.create(
        reference="APL-2026-000001",
        decision=decision,
        restriction_case=decision.restriction_case,
        customer=customer,
        stage="sanctioned",
        received_on=concern.occurred_at.date(),
        received_via="post",
        grounds="I disagree.",
        recorded_by=caseworker,
    )
    document = AppealDocument(
        appeal=appeal,
        original_name="grounds.txt",
        content_type="text/plain",
        size=11,
        uploaded_by=caseworker,
    )
    document.file.save("grounds.txt", ContentFile(b"I disagree."), save=True)
    restricted = drive_to(
        CustomerFactory(), "sanctioned", proposer=line_manager, approvers=[chief_executive]
    )
    notification = Notification.objects.create(
        recipient=line_manager,
        kind="contact_respond",
        message="Contact C-1 must be answered.",
        url="/",
        created_at=timezone.now(),
    )
    export = SubjectAccessExport.objects.create(customer=customer, requested_by=line_manager)
    closure = ClosureDay.objects.create(date=timezone.localdate(), reason="Office move")
    email_contact = ContactFactory(customer=customer, channel="email")
    mailbox = Mailbox.objects.create(
        name="Enquiries", address="enquiries@example.org", host="127.0.0.1", username="e"
    )
    InboundEmail.objects.create(
        mailbox=mailbox,
        uidvalidity=1,
        uid=1,
        message_id="<m1@example.net>",
        arrived_at=timezone.now(),
        raw=ContentFile(b"", name="1.eml"),
        raw_sha256="0" * 64,
        raw_size=0,
        from_address="someone@example.net",
        contact=email_contact,
    )
    not_sent = OutboundEmail.objects.create(
        contact=email_contact,
        kind="reply",
        mailbox=mailbox,
        to_address="someone@example.net",
        subject="Re: x",
        body_text="Answer",
        message_id="<o1@example.org>",
        state="failed",
    )
    return {
        "profile": {"slug": btpa_active.slug},
        "profile_section": {"slug": btpa_active.slug, "section": "appeals"},
        "closure_day": {"pk": closure.pk},
        "email_template": {"kind": "acknowledgement", "language": "cy"},
        "outbound_email": {"reference": email_contact.reference, "pk": not_sent.pk},
        "subject_access": {"pk": export.pk},
        "notification": {"pk": notification.pk},
        "post_batch": {"pk": batch.pk},
        "notice": {"reference": notice.reference},
        "notice_copy": {"reference": notice.reference, "print_format": "large_print"},
        "production": {"reference": notice.reference, "pk": production.pk},
        "gallery_letter": {
            "kind": NoticeKind.CONTACT_ACKNOWLEDGEMENT,
            "language": "en",
            "print_format": "standard",
        },
        "template": {"kind": NoticeKind.WARNING, "language": "en"},
        "appeal": {"reference": appeal.reference},
        "appeal_document": {"reference": appeal.reference, "pk": document.pk},
        "customer": {"reference": customer.reference},
        "contact": {"reference": ContactFactory(customer=customer).reference},
        "matter": {"reference": matter.reference},
        "identifier": {"reference": customer.reference, "pk": identifier.pk},
        "link": {"reference": customer.reference, "pk": link.pk},
        "incident": {"reference": concern.reference},
        "decision": {"reference": decision.reference},
        "sent_back": {"reference": sent_back.reference},
        "case": {"reference": decision.restriction_case.reference},
        "referral": {"pk": referral.pk},
        "sanction": {"pk": restricted.sanctions.first().pk},
        "review": {"pk": restricted.reviews.get().pk},
        "password_link": {"uidb64": "MQ", "token": "made-up-token"},
        "report_figure": {"key": "contacts.total"},
        "personal_data_kind": {"kind": "sensitive_notes"},
    }


def answer(client, method: str, url: str) -> int:
    """The status of one request, its writes undone so the next role meets the same data."""
    with transaction.atomic():
        response = getattr(client, method)(url)
        transaction.set_rollback(True)
    return response.status_code


def url_for(name: str, objects: dict) -> str:
    rule = EXPECTED[name]
    return reverse(name, kwargs=objects[rule.kwargs] if rule.kwargs else None)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_role_gets_what_the_table_says(client, request, objects, name):
    rule, url = EXPECTED[name], url_for(name, objects)
    got, wanted = {}, {}
    for role in ROLES:
        client.force_login(request.getfixturevalue(role))
        got[role] = (answer(client, "get", url), answer(client, "post", url))
        wanted[role] = (rule.get[role], rule.post[role])
        client.logout()
    assert got == wanted, f"{name} ({url}): (GET, POST) by role"


# What a signed-out visitor reaches: signing in, and setting a password through a link.
PUBLIC = {
    "login",
    "password_reset",
    "password_reset_done",
    "password_set",
    "oidc_authentication_init",
    "oidc_authentication_callback",
    "accessibility",
}


@pytest.mark.parametrize("name", sorted(set(EXPECTED) - PUBLIC))
def test_signed_out_visitors_are_sent_to_sign_in(client, objects, name):
    url = url_for(name, objects)
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        assert response.status_code == 302, (method, response.status_code)
        assert response["Location"].startswith(reverse("login"))


def test_the_sign_in_page_is_open_to_signed_out_visitors(client):
    assert client.get(reverse("login")).status_code == 200


def test_the_accessibility_statement_is_open_to_signed_out_visitors(client, btpa_active):
    response = client.get(reverse("accessibility"))
    assert response.status_code == 200
    assert "British Transport Police Authority" in response.content.decode()


@pytest.mark.parametrize("name", sorted(PUBLIC - {"login", "accessibility"}))
def test_the_password_pages_are_open_to_signed_out_visitors(client, objects, name):
    rule, url = EXPECTED[name], url_for(name, objects)
    assert client.get(url).status_code == rule.get["outsider"]
    assert client.post(url).status_code == rule.post["outsider"]
