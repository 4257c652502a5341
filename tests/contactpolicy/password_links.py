"""Reading the link out of an email and following it, as the person would."""

import re

from django.core import mail

LINK = re.compile(r"https?://[^\s]+/password/set/[^\s]+/")
NEW_PASSWORD = "Quiet orange tractor 4417"


def links_sent_to(address: str) -> list[str]:
    """The password links emailed to `address`, oldest first."""
    return [
        link
        for message in mail.outbox
        if address in message.to
        for link in LINK.findall(message.body)
    ]


def set_password_through(client, link: str, password: str = NEW_PASSWORD):
    """Open the link and choose `password`; the last response."""
    opened = client.get(link)
    if opened.status_code != 302:
        return opened
    return client.post(opened["Location"], {"new_password1": password, "new_password2": password})
