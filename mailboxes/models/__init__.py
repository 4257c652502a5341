from mailboxes.models.inbound import InboundAttachment, InboundEmail, Mailbox, SignIn
from mailboxes.models.outbound import EmailTemplate, OutboundEmail

__all__ = [
    "EmailTemplate",
    "InboundAttachment",
    "InboundEmail",
    "Mailbox",
    "OutboundEmail",
    "SignIn",
]
