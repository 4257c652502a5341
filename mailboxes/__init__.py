"""The organisation's mailboxes: email taken in as contacts, and replies sent from them."""
