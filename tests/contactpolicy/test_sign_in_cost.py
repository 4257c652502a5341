"""Signing in costs one password check and a few small writes; nothing is hashed twice and
an unchanged account gets no history row."""

from unittest import mock

import pytest
from django.contrib.auth import hashers

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_sign_in_checks_the_password_once_and_writes_no_history(
    client, caseworker, django_assert_max_num_queries
):
    history_before = caseworker.history.count()
    hasher = type(hashers.get_hasher())
    with (
        mock.patch.object(hasher, "verify", autospec=True, side_effect=hasher.verify) as verify,
        mock.patch.object(hasher, "encode", autospec=True, side_effect=hasher.encode) as encode,
        django_assert_max_num_queries(17),
    ):
        response = client.post("/sign-in/", {"username": "casey", "password": PASSWORD})
    assert response.status_code == 302
    assert verify.call_count == 1
    assert encode.call_count == 1  # the check itself: no second hash, no upgrade
    caseworker.refresh_from_db()
    assert caseworker.last_login is not None
    assert caseworker.history.count() == history_before


def test_other_changes_to_an_account_still_keep_history(caseworker):
    before = caseworker.history.count()
    caseworker.job_title = "Customer relations officer"
    caseworker.save()
    assert caseworker.history.count() == before + 1
