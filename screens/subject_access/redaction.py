"""The release copy's redactions: each value the reviewer marked to redact is replaced,
wherever it appears in the export's values, by `REDACTED`.

Stored PDFs and documents are never altered (a stored notice never changes: ADR 0006); those
whose record or bytes hold a redacted value are listed for redaction by hand instead.
"""

from __future__ import annotations

import re

REDACTED = "[redacted]"


def _pattern(values: list[str]) -> re.Pattern | None:
    values = sorted({v for v in values if v}, key=len, reverse=True)
    if not values:
        return None
    return re.compile("|".join(re.escape(v) for v in values))


def redact(value, pattern: re.Pattern | None):
    """`value` (any JSON value) with every match of `pattern` in its strings replaced."""
    if pattern is None:
        return value
    if isinstance(value, str):
        return pattern.sub(REDACTED, value)
    if isinstance(value, list):
        return [redact(item, pattern) for item in value]
    if isinstance(value, dict):
        return {key: redact(item, pattern) for key, item in value.items()}
    return value


def redacted_data(data: dict, values: list[str]) -> dict:
    """The release copy's values: `data` with `values` redacted, marked as the release copy."""
    released = redact(data, _pattern(values))
    released["copy"] = "release"
    released["customer"] = data["customer"]
    return released


def _holds(value, pattern: re.Pattern) -> bool:
    if isinstance(value, str):
        return bool(pattern.search(value))
    if isinstance(value, list):
        return any(_holds(item, pattern) for item in value)
    if isinstance(value, dict):
        return any(_holds(item, pattern) for item in value.values())
    return False


# What of a notice's record is printed on it: its letter's words and who signed it.
PRINTED = ("subject_line", "body_used", "values_used", "signatory_name", "signatory_role")


def needing_manual_redaction(data: dict, contents: dict[str, bytes], values: list[str]) -> list:
    """The stored files that hold a redacted value: a notice (or a copy or version of one)
    whose printed words hold it, or any file whose bytes do. [{path, section, record}]"""
    pattern = _pattern(values)
    if pattern is None:
        return []
    byte_patterns = [v.encode() for v in values if v]
    notices = {record["reference"]: record for record in data["sections"]["notices"]["records"]}
    found = []
    for entry in data["files"]:
        notice = notices.get(entry["record"], {})
        printed = [notice.get(name) for name in PRINTED]
        body = contents.get(entry["path"], b"")
        if _holds(printed, pattern) or any(v in body for v in byte_patterns):
            found.append(
                {"path": entry["path"], "section": entry["section"], "record": entry["record"]}
            )
    return found
