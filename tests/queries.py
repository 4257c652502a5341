"""Counting the SQL queries a page runs, for the query budgets every list and detail page has."""

import contextlib

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url: str, params: dict | None = None, **headers) -> int:
    """How many queries one GET of `url` runs; the page must answer 200.

    Counted as every request but the first after a change to the rules finds them: with
    the active profile already held by the process (contactpolicy.selectors).
    """
    from contactpolicy.selectors import NoActiveProfile, profile_get_active

    with contextlib.suppress(NoActiveProfile):
        profile_get_active()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {}, headers=headers)
    assert response.status_code == 200, response.status_code
    return len(queries)
