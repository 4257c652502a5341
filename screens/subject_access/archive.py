"""The export as a zip: the index PDF, data.json, SHA256SUMS.txt and the stored files.

Stored files go in as their bytes, never re-rendered, so each is byte-identical to storage:
its SHA-256 is taken of the bytes read and compared with the checksum stored with it.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

INDEX = "index.pdf"
DATA = "data.json"
SUMS = "SHA256SUMS.txt"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_stored(stored_files) -> tuple[list[dict], dict[str, bytes]]:
    """The file entries of data.json and the bytes of each stored file, by path in the zip."""
    entries, contents = [], {}
    for stored in stored_files:
        with stored.field_file.open("rb") as handle:
            data = handle.read()
        digest = sha256(data)
        entries.append(
            {
                "path": stored.path,
                "sha256": digest,
                "stored_sha256": stored.stored_sha256,
                "checksum_matches": (digest == stored.stored_sha256)
                if stored.stored_sha256
                else None,
                "size": len(data),
                "section": stored.section,
                "record": stored.record,
                "record_id": stored.record_id,
            }
        )
        contents[stored.path] = data
    return entries, contents


def data_bytes(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1).encode()


def write_zip(*, index: bytes, data: dict, contents: dict[str, bytes]) -> bytes:
    """The zip's bytes."""
    body = data_bytes(data)
    sums = [f"{sha256(index)}  {INDEX}", f"{sha256(body)}  {DATA}"]
    sums += [f"{entry['sha256']}  {entry['path']}" for entry in data["files"]]
    handle = io.BytesIO()
    with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(INDEX, index)
        archive.writestr(DATA, body)
        archive.writestr(SUMS, "\n".join(sums) + "\n")
        for path, content in contents.items():
            archive.writestr(path, content, compress_type=zipfile.ZIP_STORED)
    return handle.getvalue()


def read_zip(field_file) -> tuple[dict, dict[str, bytes]]:
    """data.json and the stored files of a built export."""
    with field_file.open("rb") as handle, zipfile.ZipFile(handle) as archive:
        data = json.loads(archive.read(DATA))
        contents = {entry["path"]: archive.read(entry["path"]) for entry in data["files"]}
    return data, contents


def file_sha256(field_file) -> str:
    digest = hashlib.sha256()
    with field_file.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
