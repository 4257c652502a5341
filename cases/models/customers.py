from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from cases import normalise
from contactpolicy.links import reference_url


class CustomerKind(models.TextChoices):
    INDIVIDUAL = "individual", "Individual"
    PRIVATE_FIRM = "private_firm", "Private firm"
    INDEPENDENT_ORGANISATION = "independent_organisation", "Independent organisation"
    PUBLIC_BODY = "public_body", "Public body"
    AGENT = "agent", "Agent or contractor acting for clients"
    SITE_OWNER = "site_owner", "Site owner"


class Language(models.TextChoices):
    ENGLISH = "en", "English"
    WELSH = "cy", "Welsh"
    OTHER = "other", "Other"


class AccessibilityFormat(models.TextChoices):
    LARGE_PRINT = "large_print", "Large print"
    BRAILLE = "braille", "Braille"
    EASY_READ = "easy_read", "Easy read"
    INTERPRETER = "interpreter", "Interpreter"
    ADVOCATE = "advocate", "Advocate or third party acting for them"


class Customer(models.Model):
    """A person or body the organisation is in contact with (DESIGN.md §3)."""

    reference = models.CharField(max_length=20, unique=True, editable=False)
    kind = models.CharField(max_length=32, choices=CustomerKind, default=CustomerKind.INDIVIDUAL)
    name = models.CharField(max_length=200)
    # How a letter greets them (DESIGN.md §9): stored as given, never guessed from the name.
    title = models.CharField(
        max_length=20, blank=True, help_text="How they are addressed, e.g. Mr, Mrs, Ms, Mx, Dr."
    )
    surname = models.CharField(
        max_length=100, blank=True, help_text="Their surname, as a letter greets them."
    )
    contact_name = models.CharField(
        max_length=200,
        blank=True,
        help_text="For an organisation: the person letters are addressed to.",
    )
    normalised_name = models.CharField(max_length=200, editable=False, db_index=True)
    preferred_language = models.CharField(max_length=8, choices=Language, default=Language.ENGLISH)
    other_language = models.CharField(max_length=100, blank=True)
    no_welsh_reply_needed = models.BooleanField(
        default=False,
        help_text="The customer writes in Welsh but has said there is no need to reply in Welsh.",
    )
    accessibility_formats = models.JSONField(default=list, blank=True)
    accessibility_needs = models.TextField(blank=True)
    third_party = models.CharField(
        max_length=200, blank=True, help_text="Advocate or third party acting for the customer."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    # What staff may change once the customer is recorded (`customer_update`); the address
    # and other identifiers are corrected on their own page.
    DETAILS = (
        "name",
        "kind",
        "title",
        "surname",
        "contact_name",
        "preferred_language",
        "other_language",
        "no_welsh_reply_needed",
        "accessibility_formats",
        "accessibility_needs",
        "third_party",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.normalised_name = normalise.name(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "normalised_name"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reference_url("screens:customer", self.reference)

    @property
    def is_organisation(self) -> bool:
        return self.kind != CustomerKind.INDIVIDUAL

    @property
    def accessibility_format_labels(self) -> list[str]:
        labels = dict(AccessibilityFormat.choices)
        return [labels.get(code, code) for code in self.accessibility_formats]

    @property
    def writes_in_welsh(self) -> bool:
        """Welsh is their preferred language (Welsh Language Standards: reply in Welsh unless
        they have said there is no need, `no_welsh_reply_needed`)."""
        return self.preferred_language == Language.WELSH

    @property
    def language_label(self) -> str:
        if self.preferred_language == Language.OTHER and self.other_language:
            return self.other_language
        return self.get_preferred_language_display()


class IdentifierKind(models.TextChoices):
    EMAIL = "email", "Email address"
    PHONE = "phone", "Phone number"
    ADDRESS = "address", "Postal address"
    SOCIAL = "social", "Social media handle"


NORMALISERS = {
    IdentifierKind.EMAIL: normalise.email,
    IdentifierKind.PHONE: normalise.phone,
    IdentifierKind.SOCIAL: normalise.handle,
}


class CustomerIdentifier(models.Model):
    """Something that recognises an incoming contact as this customer's."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="identifiers")
    kind = models.CharField(max_length=16, choices=IdentifierKind)
    # An address may be its postcode alone (what a caller gives): it still recognises them,
    # but is no address to post a letter to (`notices.letter.postal_address`).
    value = models.CharField(max_length=500, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    # The comparable form: see cases.normalise. For an address, its postcode.
    normalised = models.CharField(max_length=254, editable=False)
    # Retired, not deleted: it no longer recognises a contact, but stays on record.
    retired_at = models.DateTimeField(null=True, blank=True)
    retired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "pk"]
        indexes = [models.Index(fields=["kind", "normalised"], name="identifier_lookup")]

    def __str__(self) -> str:
        return self.display

    def save(self, *args, **kwargs):
        self.normalised = self.normalise()
        super().save(*args, **kwargs)

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None

    @property
    def is_partial_address(self) -> bool:
        """A postcode with no address line: it recognises the customer, but no letter can
        be posted to it (`notices.letter.postal_address`)."""
        return self.kind == IdentifierKind.ADDRESS and not self.value.strip()

    @property
    def display(self) -> str:
        if self.kind == IdentifierKind.ADDRESS and self.postcode:
            return ", ".join(part for part in (self.value, self.postcode) if part)
        return self.value

    def normalise(self) -> str:
        if self.kind == IdentifierKind.ADDRESS:
            return normalise.postcode(self.postcode)
        return NORMALISERS[IdentifierKind(self.kind)](self.value)


class LinkKind(models.TextChoices):
    AGENT_FOR = "agent_for", "Agent or contractor for"
    SAME_BUSINESS = "same_business", "Same business"
    SAME_ADDRESS = "same_address", "Same address"
    OTHER = "other", "Other connection"


class CustomerLink(models.Model):
    """A connection between two customers. A restriction on one never applies to the other."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="links")
    other = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="linked_from")
    kind = models.CharField(max_length=16, choices=LinkKind)
    note = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["customer", "other", "kind"], name="unique_link"),
            models.CheckConstraint(
                condition=~models.Q(customer=models.F("other")), name="no_self_link"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.customer} — {self.get_kind_display()} — {self.other}"


class SensitiveNote(models.Model):
    """Health, disability or distress: seen only by managers and above, every view logged.

    Its history records that a note was added, changed or removed, by whom and when, but
    not its words: the text lives in this row alone (special category data, UK GDPR Art. 9),
    so that erasing the note erases the words.
    """

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="sensitive_notes")
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["text"])

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Sensitive note on {self.customer}"


class SensitiveNoteView(models.Model):
    """Who looked at a customer's sensitive notes, and when."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="+")
    viewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    viewed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-viewed_at"]

    def __str__(self) -> str:
        return f"{self.viewed_by} viewed {self.customer}'s sensitive notes at {self.viewed_at}"
