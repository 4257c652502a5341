"""The client's address when the application runs behind the reverse proxy.

django-axes 8 counts failed sign-ins per username and address, and no longer reads
`AXES_BEHIND_REVERSE_PROXY`: behind the proxy every request comes from the proxy's address,
so five wrong passwords from anyone would lock the real user out (issue 8, defect 6).
Settings point `AXES_CLIENT_IP_CALLABLE` here only when `BEHIND_PROXY` is on.

Each proxy appends the address it received the request from to `X-Forwarded-For`, so only
the right-hand entries are trustworthy: the client's address is the right-most entry that
is not one of our own proxies (`TRUSTED_PROXIES`). Anything further left was written by the
client and may be forged.
"""

from ipaddress import ip_address, ip_network

from django.conf import settings
from django.http import HttpRequest


def _trusted(address: str) -> bool:
    try:
        ip = ip_address(address)
    except ValueError:
        return False
    return any(ip in ip_network(network, strict=False) for network in settings.TRUSTED_PROXIES)


def client_ip(request: HttpRequest) -> str:
    """The right-most untrusted address in X-Forwarded-For, else the peer's address."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for entry in reversed([part.strip() for part in forwarded.split(",")]):
        if not entry:
            continue
        try:
            ip_address(entry)
        except ValueError:
            break  # a malformed entry: nothing to its left can be trusted either
        if not _trusted(entry):
            return entry
    return request.META.get("REMOTE_ADDR", "")
