"""Generated bad input to every form and every GET parameter of every view (issue 8).

For each named URL, hypothesis sends query strings and form posts made of the field names
the page itself renders, filled with junk: control characters, huge numbers, impossible
dates and times, long text, names that grow when normalised, markup. Whatever arrives, the
answer is never a server error, and a refused post leaves every table as it was.
"""

import re

import pytest
from django.apps import apps
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_access_matrix import EXPECTED, objects, url_for, world  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db

FIELD = re.compile(r'<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"')
# What a page's own form does not name but its view reads.
EXTRA_PARAMETERS = ["q", "page", "team_page", "fragment", "customer", "channel", "next"]
# Buttons render no form of their own: what their views read.
BUTTON_FIELDS = ["reason", "next", "outcome", "confirmed_checklist", "on", "informed_on"]
# Rows a refused post rightly writes: the claim of its one-time token, and the log of who
# saw the sensitive notes that the redisplayed page shows.
NOT_COUNTED = {"formsubmission", "sensitivenoteview"}

JUNK = st.one_of(
    st.text(max_size=30),
    st.text(min_size=250, max_size=600),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(
        [
            "",
            " ",
            "99999999999999999999",
            "9" * 5000,
            "0001",
            "9999",
            "25",
            "24:00",
            "31",
            "1e309",
            "NaN",
            "ß" * 300,
            "ﷺ" * 40,
            "\u202eevil",
            "a\tb\nc\rd\x0b",
            "<script>alert(1)</script>",
            '=HYPERLINK("http://x")',
            "' OR 1=1 --",
            "../../etc/passwd",
            "CUS-2026-000001",
            "banner",
            "on",
            "approve",
            "email",
            "telephone",
            "existing",
            "unknown",
        ]
    ),
)


def fields_on(html: str) -> list[str]:
    names = set(FIELD.findall(html)) - {"csrfmiddlewaretoken"}
    return sorted(names)


def body(response) -> bytes:
    """A response's bytes, read to the end when it is streamed (a CSV download)."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def row_counts() -> dict[str, int]:
    counted = {}
    for label in ("contactpolicy", "cases", "restrictions", "appeals", "notices"):
        for model in apps.get_app_config(label).get_models():
            if model._meta.model_name not in NOT_COUNTED:
                counted[model._meta.label] = model._default_manager.count()
    return counted


def actor_for(name: str) -> str:
    """Someone the view lets in, so the input reaches the form rather than a 403."""
    rule = EXPECTED[name]
    for role in ("chief_executive", "line_manager", "caseworker", "administrator"):
        if 403 not in (rule.get[role], rule.post[role]):
            return role
    return "chief_executive"


FUZZED = sorted(set(EXPECTED) - {"logout", "login"})


@pytest.mark.parametrize("name", FUZZED)
def test_no_input_is_a_server_error(client, request, objects, name):  # noqa: F811
    url = url_for(name, objects)
    client.force_login(request.getfixturevalue(actor_for(name)))
    page = client.get(url)
    names = fields_on(body(page).decode(errors="replace")) if page.status_code == 200 else []
    get_names = sorted({*names, *EXTRA_PARAMETERS})
    post_names = names or BUTTON_FIELDS

    @settings(
        max_examples=12,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        query=st.dictionaries(st.sampled_from(get_names), JUNK, max_size=len(get_names)),
        form=st.dictionaries(st.sampled_from(post_names), JUNK, max_size=len(post_names)),
        htmx=st.booleans(),
    )
    def check(query, form, htmx):
        headers = {"HX-Request": "true"} if htmx else {}
        with transaction.atomic():
            answer = client.get(url, query, headers=headers)
            body(answer)  # a streamed download can fail after its first line
            assert answer.status_code < 500, ("GET", url, query, answer.status_code)
            before = row_counts()
            answer = client.post(url, form, headers=headers)
            assert answer.status_code < 500, ("POST", url, form, answer.status_code)
            if answer.status_code not in (302, 204):
                assert row_counts() == before, ("a refused form saved", url, form)
            transaction.set_rollback(True)

    check()
