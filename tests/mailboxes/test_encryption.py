"""Stored secrets are encrypted at rest and survive a rotation of SECRET_KEY."""

import pytest

from contactpolicy.encryption import SecretUnreadable, decrypt, encrypt, reencrypt


def test_a_secret_is_not_stored_as_given_and_reads_back(settings):
    stored = encrypt("hunter2")

    assert "hunter2" not in stored
    assert decrypt(stored) == "hunter2"
    assert encrypt("") == "" and decrypt("") == ""


def test_a_secret_is_read_under_the_old_key_until_written_again_under_the_new(settings):
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "old key " * 8, []
    stored = encrypt("hunter2")
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "new key " * 8, ["old key " * 8]

    again = reencrypt(stored)

    assert decrypt(stored) == "hunter2"
    settings.SECRET_KEY_FALLBACKS = []
    assert decrypt(again) == "hunter2"
    with pytest.raises(SecretUnreadable):
        decrypt(stored)
