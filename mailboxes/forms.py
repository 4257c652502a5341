from django import forms

from contactpolicy.forms import GovukForm
from mailboxes.services import REPLY_MAX_LENGTH, SUBJECT_MAX_LENGTH


class ReplyForm(GovukForm):
    non_field_anchor = "id_body"
    subject = forms.CharField(
        label="Subject",
        max_length=SUBJECT_MAX_LENGTH,
        error_messages={"required": "Enter the subject"},
    )
    body = forms.CharField(
        label="Your reply",
        help_text="It goes from the mailbox the email came to, as a reply in the customer's "
        "thread. The contact is marked as answered once it is sent.",
        max_length=REPLY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": "Enter the reply"},
    )


class EmailTemplateForm(GovukForm):
    subject = forms.CharField(
        label="Subject",
        max_length=200,
        error_messages={"required": "Enter the subject"},
    )
    body = forms.CharField(
        label="Message",
        help_text="Plain text. Leave a blank line between paragraphs.",
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 14}),
        error_messages={"required": "Enter the message"},
    )
