from mailboxes.models.inbound import InboundAttachment, InboundEmail, Mailbox, SignIn

__all__ = ["InboundAttachment", "InboundEmail", "Mailbox", "SignIn"]
