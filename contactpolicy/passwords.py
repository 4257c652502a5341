"""Password rules beyond Django's own (issue 8, defect 9)."""

import re
from difflib import SequenceMatcher

from django.core.exceptions import ValidationError


def _letters(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


class FullNameValidator:
    """Refuse a password made from the person's own full name.

    Django's UserAttributeSimilarityValidator compares the password with the first and the
    last name one at a time, so "Jane Smith 2026" passes; this compares it with the whole
    name, ignoring case, spaces and punctuation.
    """

    def __init__(self, max_similarity: float = 0.7):
        self.max_similarity = max_similarity

    def validate(self, password: str, user=None) -> None:
        if user is None:
            return
        names = {
            _letters(f"{user.first_name} {user.last_name}"),
            _letters(f"{user.last_name} {user.first_name}"),
        }
        candidate = _letters(password)
        for name in names:
            if len(name) < 4:
                continue
            similar = SequenceMatcher(a=candidate, b=name).quick_ratio() >= self.max_similarity
            if name in candidate or similar:
                raise ValidationError(
                    "Your password must not contain your name", code="password_contains_name"
                )

    def get_help_text(self) -> str:
        return "Your password must not contain your name."
