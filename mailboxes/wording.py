"""The words of the automatic emails, in English and Welsh, and their merge fields.

A template is plain text: `{{ field }}` is replaced by the field's value and nothing else is
interpreted, so an administrator's wording can never run code. The Welsh is the
application's own and, like the shipped Welsh notice templates, waits for the
organisation's translator's check.
"""

import re
from dataclasses import dataclass

from django.utils import timezone

from contactpolicy.wording import long_date

FIELD = re.compile(r"{{\s*([a-z_]+)\s*}}")

MERGE_FIELDS = {
    "name": "The customer's name, or the sender's name as their email gives it",
    "reference": "The contact's reference, e.g. CON-2026-00012",
    "received_date": "The day the email arrived",
    "respond_by": "When the service standard aims to reply in full: “by 3 March 2027”, or “as "
    "soon as we can” where it sets no date",
    "organisation": "The organisation's full name",
}


@dataclass(frozen=True)
class Wording:
    subject: str
    body: str


SHIPPED = {
    ("acknowledgement", "en"): Wording(
        subject="We have received your email ({{ reference }})",
        body=(
            "Dear {{ name }},\n\n"
            "Thank you for your email, which we received on {{ received_date }}. "
            "Its reference is {{ reference }}: please quote it if you write to us about it.\n\n"
            "We aim to reply in full {{ respond_by }}.\n\n"
            "This is an automatic acknowledgement. Please reply to this email if you need to "
            "add anything.\n\n"
            "{{ organisation }}"
        ),
    ),
    # "Annwyl" takes the name unmutated; "ei gyfeirnod": masculine possessive, soft mutation.
    ("acknowledgement", "cy"): Wording(
        subject="Rydym wedi cael eich e-bost ({{ reference }})",
        body=(
            "Annwyl {{ name }},\n\n"
            "Diolch am eich e-bost, a gawsom ar {{ received_date }}. "
            "Ei gyfeirnod yw {{ reference }}: nodwch hwn os byddwch yn ysgrifennu atom "
            "amdano.\n\n"
            "Ein nod yw ateb yn llawn {{ respond_by }}.\n\n"
            "Cydnabyddiaeth awtomatig yw hon. Atebwch yr e-bost hwn os oes angen i chi "
            "ychwanegu unrhyw beth.\n\n"
            "{{ organisation }}"
        ),
    ),
}

BY = {"en": "by", "cy": "erbyn"}
NO_DATE = {"en": "as soon as we can", "cy": "cyn gynted ag y gallwn"}


def unknown_fields(text: str) -> set[str]:
    """The merge fields named in `text` that do not exist."""
    return {name for name in FIELD.findall(text) if name not in MERGE_FIELDS}


def merge(text: str, values: dict[str, str]) -> str:
    """`text` with each known merge field replaced; an unknown one is left as written."""
    return FIELD.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def merge_values(contact, *, organisation: str, name: str, language: str) -> dict[str, str]:
    respond_by = contact.respond_due_at
    return {
        "name": name,
        "reference": contact.reference,
        "received_date": long_date(timezone.localtime(contact.received_at).date(), language),
        "respond_by": f"{BY[language]} {long_date(timezone.localtime(respond_by).date(), language)}"
        if respond_by
        else NO_DATE[language],
        "organisation": organisation,
    }


SAMPLE = {
    "en": {
        "name": "Ann Other",
        "reference": "CON-2026-000123",
        "received_date": "3 March 2027",
        "respond_by": "by 31 March 2027",
    },
    "cy": {
        "name": "Siân Jones",
        "reference": "CON-2026-000123",
        "received_date": "3 Mawrth 2027",
        "respond_by": "erbyn 31 Mawrth 2027",
    },
}


def preview(wording: Wording, language: str, organisation: str) -> Wording:
    """The wording as a customer would read it, with sample values."""
    values = SAMPLE[language] | {"organisation": organisation}
    return Wording(subject=merge(wording.subject, values), body=merge(wording.body, values))
