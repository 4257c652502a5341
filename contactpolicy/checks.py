"""System checks of the settings a deployment must get right (`manage.py check --deploy`)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Warning, register
from django.http.request import validate_host


@register(deploy=True)
def site_url_check(app_configs=None, **kwargs) -> list[Warning]:
    """Every link in an email starts with `SITE_URL`: one the service does not answer on
    sends staff, and new staff setting their password, nowhere."""
    parts = urlsplit(settings.SITE_URL)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return [
            Warning(
                f"SITE_URL is “{settings.SITE_URL}”, not an address such as "
                "https://contact.example.org: links in emails will not work.",
                id="contactpolicy.W001",
            )
        ]
    if not validate_host(parts.hostname, settings.ALLOWED_HOSTS):
        return [
            Warning(
                f"SITE_URL ({settings.SITE_URL}) names a host that is not in ALLOWED_HOSTS: "
                "links in emails lead to an address the service does not answer on. Set "
                "SITE_URL to the address staff reach the service on.",
                id="contactpolicy.W002",
            )
        ]
    return []
