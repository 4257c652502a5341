"""Fixtures for the today's post tests."""

import pytest

from notices.services import notice_draft_for_contact, notice_issue
from tests.cases.factories import ContactFactory
from tests.notices.factories import addressed_customer, staff


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def post_people(btpa_active):
    return staff()


@pytest.fixture
def waiting(post_people):
    """An issued notice waiting to be posted: the acknowledgement of a contact."""

    def _make():
        contact = ContactFactory(customer=addressed_customer())
        draft = notice_draft_for_contact(contact=contact, actor=post_people["caseworker"])
        return notice_issue(notice=draft, actor=post_people["caseworker"])

    return _make
