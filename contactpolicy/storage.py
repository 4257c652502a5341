"""Storing a file's bytes, and what it means when the file store cannot be written.

A media folder that is missing, full or read-only is an outage, not a fault in the request:
`file_save` turns the operating system's error into `StorageUnavailable`, which the error
handler answers with the "service unavailable" page (503) and the console logs as one line.
The caller's transaction rolls back, so nothing is left half-done.
"""

from django.core.files.base import ContentFile, File
from django.db.models.fields.files import FieldFile


class StorageUnavailable(Exception):
    """The file store cannot be written; the message says which file and why."""


def file_save(*, field_file: FieldFile, name: str, data: bytes | File) -> None:
    """Store `data` (bytes, or an uploaded file) as the file of `field_file` (its row is not
    saved)."""
    content = ContentFile(data) if isinstance(data, bytes) else data
    try:
        field_file.save(name, content, save=False)
    except OSError as error:
        raise StorageUnavailable(f"{name} could not be stored: {error}") from error
