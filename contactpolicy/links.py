"""Links to one record's page, as `reverse` writes them, for lists of many rows.

`reverse` matches the URL name against the patterns each time it is called: about 0.1 ms,
three times a row on the dashboard. A pattern that takes a single reference is reversed
once per process (per URL configuration and script prefix) with a stand-in, and each
row's link is that with the reference put in: references are letters, digits and hyphens,
which `reverse` writes as they are.
"""

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.regex_helper import _lazy_re_compile

# Anything else (a slash, a space, a letter to quote) is left to `reverse` itself.
_PLAIN = _lazy_re_compile(r"\A[A-Za-z0-9-]+\Z")
_STAND_IN = "0STANDIN0"


@lru_cache(maxsize=128)
def _around(name: str, keyword: str, _urlconf: str, _prefix: str) -> tuple[str, str]:
    url = reverse(name, kwargs={keyword: _STAND_IN})
    before, stand_in, after = url.partition(_STAND_IN)
    if not stand_in or _STAND_IN in after:
        raise ValueError(f"{name} does not put its {keyword} in the path once")
    return before, after


def reference_url(name: str, reference: str, keyword: str = "reference") -> str:
    """`reverse(name, kwargs={keyword: reference})`, without matching patterns each time."""
    reference = str(reference)
    if not _PLAIN.match(reference):
        return reverse(name, kwargs={keyword: reference})
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    before, after = _around(name, keyword, str(urlconf), get_script_prefix())
    return f"{before}{reference}{after}"
