"""The organisation-wide audit log (ADR 0028)."""
