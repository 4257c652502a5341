"""Issue 8, defect 9: a password may not be the person's own full name."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from contactpolicy.models import User


@pytest.fixture
def jane():
    return User(username="jsmith", first_name="Jane", last_name="Smith-Jones")


@pytest.mark.parametrize(
    "password",
    [
        "Jane Smith-Jones",
        "janesmithjones",
        "JaneSmithJones2026",
        "smith-jones jane",
        "Jane.SmithJone",
    ],
)
def test_the_full_name_is_refused(jane, password):
    with pytest.raises(ValidationError, match="must not contain your name"):
        validate_password(password, user=jane)


def test_an_unrelated_passphrase_is_accepted(jane):
    validate_password("correct horse battery staple", user=jane)
