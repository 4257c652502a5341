"""The subject access export: everything held about one customer, nothing about another,
stored files byte-identical, and redactions in the release copy only (issue 22)."""

import hashlib
import io
import json
import zipfile

import pytest
from pypdf import PdfReader

from cases.models import ExportState, RedactionItem, SubjectAccessExport
from screens.subject_access import services
from screens.subject_access.collect import SECTIONS
from screens.subject_access.redaction import REDACTED
from tests.screens.subject_access_data import customer_with_everything, linked, staff

pytestmark = pytest.mark.django_db

OPTIONAL_SECTIONS = {
    "injunction_decisions",
    "contact_checks",
    "representations",
    "notice_copies",
    "notice_productions",
    "notice_reprints",
}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def people(activate_profile, media):
    activate_profile("tamworth")
    return staff()


def built(customer, actor):
    export = services.export_request(customer=customer, actor=actor, profile=_profile())
    assert services.export_build(export_id=export.pk)
    export.refresh_from_db()
    return export


def _profile():
    from contactpolicy.selectors import profile_get_active

    return profile_get_active()


def members(field_file) -> dict[str, bytes]:
    with field_file.open("rb") as handle, zipfile.ZipFile(handle) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def test_the_export_holds_every_kind_of_record_as_the_database_has_it(people):
    made = customer_with_everything("Ashdown", staff=people)
    linked(made["customer"], "Bramble Neighbour")
    export = built(made["customer"], people["manager"])

    assert export.state == ExportState.READY
    data = json.loads(members(export.file)["data.json"])
    empty = set()
    for section in SECTIONS:
        rows = section.rows(made["customer"])
        exported = data["sections"][section.key]["records"]
        assert sorted(r["id"] for r in exported) == sorted(rows.values_list("pk", flat=True)), (
            section.key
        )
        if not exported:
            empty.add(section.key)
        if hasattr(section.model, "history"):
            history = section.model.history.filter(id__in=rows.values("pk"))
            assert len(data["sections"][section.key]["history"]) == history.count(), section.key
    # Recorded only under other policies or at later steps of a restriction.
    assert empty <= OPTIONAL_SECTIONS, empty
    contacts = {r["reference"]: r for r in data["sections"]["contacts"]["records"]}
    for contact in made["contacts"]:
        contact.refresh_from_db()
        assert contacts[contact.reference]["summary"] == contact.summary
        assert contacts[contact.reference]["officer"] == str(contact.officer)
    [note] = data["sections"]["sensitive_notes"]["records"]
    assert note["text"] == "Ashdown sensitive health note"
    [viewed] = data["sections"]["sensitive_note_views"]["records"]
    assert viewed["viewed_by"] == str(people["manager"])
    assert data["sections"]["decisions"]["records"][-1]["reasons"] == made["decision"].reasons
    assert export.records == sum(
        len(part["records"]) + len(part["history"]) for part in data["sections"].values()
    )


def test_stored_pdfs_are_byte_identical_with_matching_checksums(people):
    made = customer_with_everything("Ashdown", staff=people)
    export = built(made["customer"], people["manager"])

    files = members(export.file)
    data = json.loads(files["data.json"])
    notices = made["customer"].notices.exclude(file="")
    assert notices.count() >= 2
    by_path = {entry["path"]: entry for entry in data["files"]}
    for notice in notices:
        [path] = [
            p
            for p, e in by_path.items()
            if e["section"] == "notices" and e["record"] == notice.reference
        ]
        with notice.file.open("rb") as handle:
            stored = handle.read()
        assert files[path] == stored
        assert hashlib.sha256(files[path]).hexdigest() == notice.sha256 == by_path[path]["sha256"]
        assert by_path[path]["checksum_matches"] is True
    document = made["appeal"].documents.get()
    [path] = [p for p, e in by_path.items() if e["section"] == "appeal_documents"]
    with document.file.open("rb") as handle:
        assert files[path] == handle.read()
    sums = dict(
        reversed(line.split("  ")) for line in files["SHA256SUMS.txt"].decode().splitlines()
    )
    assert all(hashlib.sha256(files[name]).hexdigest() == digest for name, digest in sums.items())


def test_nothing_of_another_customer_appears_anywhere_in_the_zip(people):
    made = customer_with_everything("Ashdown", staff=people)
    other = customer_with_everything("Wexcombe", staff=people)
    export = built(made["customer"], people["manager"])

    theirs = {
        "Wexcombe",
        other["customer"].reference,
        other["decision"].reference,
        other["appeal"].reference,
        *other["customer"].contacts.values_list("reference", flat=True),
        *other["customer"].incidents.values_list("reference", flat=True),
        *other["customer"].notices.values_list("reference", flat=True),
        *other["customer"].identifiers.values_list("value", flat=True),
    }
    text = ""
    for name, content in members(export.file).items():
        text += pdf_text(content) if name.endswith(".pdf") else content.decode("utf-8", "replace")
    assert "Ashdown" in text
    assert [value for value in theirs if value in text] == []


def test_third_parties_are_listed_and_redactions_apply_to_the_release_copy_only(people):
    made = customer_with_everything("Ashdown", staff=people)
    linked(made["customer"], "Bramble Neighbour")
    export = built(made["customer"], people["manager"])

    items = {(i.kind, i.value): i for i in export.redaction_items.all()}
    casey = str(people["caseworker"])
    assert ("staff", casey) in items  # a caseworker is below head of service
    assert ("other_customer", "Bramble Neighbour") in items
    assert ("named_person", "Mrs Quillfeather") in items
    assert not any("Ashdown" in value for _, value in items)  # the customer is no third party

    notice = made["customer"].notices.exclude(file="").first()
    signatory = notice.signatory_name
    redacted = (casey, "Bramble Neighbour", "Mrs Quillfeather", signatory)
    marks = {
        item.pk: ("redact" if item.value in redacted else "keep", "Third party")
        for item in items.values()
    }
    services.redaction_mark(export=export, actor=people["manager"], profile=_profile(), marks=marks)
    services.release_request(export=export, actor=people["manager"], profile=_profile())
    assert services.release_build(export_id=export.pk)
    export.refresh_from_db()
    assert export.release_state == ExportState.READY

    full, release = members(export.file), members(export.release_file)
    full_text = full["data.json"].decode() + pdf_text(full["index.pdf"])
    release_text = release["data.json"].decode() + pdf_text(release["index.pdf"])
    for value in (casey, "Bramble Neighbour", "Mrs Quillfeather"):
        assert value in full_text
        assert value not in release_text
    assert REDACTED in release_text
    assert json.loads(release["data.json"])["copy"] == "release"
    # A notice signed by a redacted name is listed to be redacted by hand; the appeal
    # document, recorded by a redacted caseworker but not naming them, is not.
    manual = {entry["record"] for entry in export.manual_redaction}
    assert notice.reference in manual
    assert not [e for e in export.manual_redaction if e["section"] == "appeal_documents"]
    # Stored files travel unaltered in both copies.
    for entry in json.loads(full["data.json"])["files"]:
        assert release[entry["path"]] == full[entry["path"]]


def test_a_retried_task_builds_once(people):
    made = customer_with_everything("Ashdown", staff=people)
    export = built(made["customer"], people["manager"])
    first = (export.file.name, export.sha256, export.built_at)
    items = RedactionItem.objects.filter(export=export).count()

    assert services.export_build(export_id=export.pk) is False
    export.refresh_from_db()
    assert (export.file.name, export.sha256, export.built_at) == first
    assert RedactionItem.objects.filter(export=export).count() == items
    assert SubjectAccessExport.objects.count() == 1
