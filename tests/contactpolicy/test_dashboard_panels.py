"""The dashboard says what each role can do today, and nothing that is not built."""

import pytest

from contactpolicy.dashboard import greeting_for
from contactpolicy.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NOT_BUILT = ("appeal", "letter", "remind", "prompt", "when they fall due")


def test_no_panel_promises_what_does_not_exist():
    everyone = UserFactory(username="all", roles=list(Role))
    panels = greeting_for(everyone).panels
    assert len(panels) == len(Role)
    for panel in panels:
        for words in NOT_BUILT:
            assert words not in panel["text"].lower(), panel
