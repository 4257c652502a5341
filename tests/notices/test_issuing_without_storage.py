"""A notice cannot be issued while its file cannot be stored (issue 17, fix 5): the service
is unavailable (503, the GOV.UK page), nothing is half-done, and the failure is one line."""

import logging

import pytest
from django.urls import reverse

from contactpolicy.logs import ClientErrorsOnOneLine
from notices.models import Notice
from notices.services import notice_draft_for_decision
from restrictions.models import Stage
from tests.conftest import SignedInClient
from tests.contactpolicy.test_error_pages import assert_govuk_page
from tests.notices.factories import approved_sanctions, staff

pytestmark = pytest.mark.django_db


def make_media_unwritable(settings, folder):
    """A media folder inside a plain file: no one, not even root, can create it."""
    blocker = folder / "file_not_dir"
    blocker.write_text("")
    settings.MEDIA_ROOT = blocker / "media"


@pytest.fixture
def console():
    """What the console would print: every record of the service and of Django, filtered
    and formatted as the settings' console handler does."""
    lines: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record):
            if record.levelno >= logging.WARNING:
                lines.append(self.format(record))

    handler = Collect()
    handler.addFilter(ClientErrorsOnOneLine())
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    # "django" does not propagate to the root logger, so it needs the handler of its own.
    loggers = [logging.getLogger(), logging.getLogger("django")]
    for logger in loggers:
        logger.addHandler(handler)
    yield lines
    for logger in loggers:
        logger.removeHandler(handler)


def test_issuing_with_the_file_store_unwritable_is_a_503_and_changes_nothing(
    activate_profile, settings, tmp_path, console
):
    settings.MEDIA_ROOT = tmp_path / "earlier"
    profile = activate_profile("ipcc")
    people = staff()
    decision = approved_sanctions(profile, people)  # issues the warning before it
    notice = notice_draft_for_decision(decision=decision, actor=people["head"])
    unwritable = tmp_path / "now"
    unwritable.mkdir()
    make_media_unwritable(settings, unwritable)
    client = SignedInClient(raise_request_exception=False)
    client.force_login(people["head"])

    response = client.post(reverse("notices:issue", kwargs={"reference": notice.reference}))

    assert_govuk_page(response, 503, "Sorry, the service is unavailable")
    notice.refresh_from_db()
    decision.refresh_from_db()
    case = decision.restriction_case
    case.refresh_from_db()
    assert notice.is_draft and not notice.file and not notice.sha256
    assert decision.applied_at is None
    assert case.state != Stage.SANCTIONED
    assert not Notice.objects.filter(decision=decision).exclude(state="draft").exists()
    assert [p.name for p in unwritable.rglob("*")] == ["file_not_dir"]
    assert len(console) == 1, console
    assert "\n" not in console[0]
    assert console[0].startswith(
        f"ERROR django.request: 503 {people['head'].username} POST /notices/{notice.reference}/"
    )
    assert f"{notice.reference}.pdf could not be stored: [Errno 20] Not a directory" in console[0]
