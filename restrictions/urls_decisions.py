"""Incidents' evidence, decisions, approvals and the Chief Executive's sign-off."""

urlpatterns: list = []
