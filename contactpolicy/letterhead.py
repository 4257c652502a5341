"""What an organisation's letterhead may hold: the checks on its logo and its policy PDF.

Every letter carries the organisation's postal address, phone number, email address and web
address (`PolicyProfile.letterhead_missing`), because customers are told to write, call or
complain "at the address at the top of this letter"; a letter is not issued without them
(docs/adr/0015-letterhead-is-required.md).

Uploads are judged by their content, never by their name alone:
- the logo is a PNG or a JPEG that Pillow can read, at most `LOGO_MAX_BYTES` and
  `LOGO_MAX_PIXELS` on a side. SVG is refused: it can fetch other files and addresses when the
  letter is rendered, and can carry script;
- the policy is a PDF that pypdf can read, unencrypted, at most `POLICY_MAX_BYTES` and
  `POLICY_MAX_PAGES` pages: its pages are appended to letters that say it is enclosed.

Each check returns the GOV.UK error messages for the file, empty when it can be kept.
"""

import io

from pypdf import PdfReader

LOGO_MAX_BYTES = 1024 * 1024
LOGO_MAX_PIXELS = 4000
POLICY_MAX_BYTES = 10 * 1024 * 1024
POLICY_MAX_PAGES = 100

LOGO_TYPES = {"PNG": "png", "JPEG": "jpg"}
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"


def missing_in_words(profile) -> str:
    """What the profile's letterhead lacks, as a phrase: "phone number and web address";
    empty when it is complete."""
    missing = profile.letterhead_missing()
    if len(missing) < 2:
        return "".join(missing)
    return f"{', '.join(missing[:-1])} and {missing[-1]}"


def _read(upload) -> bytes:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def logo_errors(upload) -> list[str]:
    """Why `upload` cannot be the letterhead's logo; empty when it can."""
    if upload.size > LOGO_MAX_BYTES:
        return ["The logo must be smaller than 1MB"]
    if upload.size == 0:
        return ["The selected logo file is empty"]
    data = _read(upload)
    if not (data.startswith(PNG_MAGIC) or data.startswith(JPEG_MAGIC)):
        return ["The logo must be a PNG or JPG"]
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            image_format, (width, height) = image.format, image.size
            if max(width, height) > LOGO_MAX_PIXELS:
                return [f"The logo must be {LOGO_MAX_PIXELS:,} pixels or fewer on each side"]
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return ["The logo must be a PNG or JPG"]
    if image_format not in LOGO_TYPES:
        return ["The logo must be a PNG or JPG"]
    return []


def logo_extension(upload) -> str:
    """The file extension the logo is stored with, from its content."""
    return "png" if _read(upload).startswith(PNG_MAGIC) else "jpg"


def policy_pdf_errors(upload) -> list[str]:
    """Why `upload` cannot be the policy enclosed with letters; empty when it can."""
    if upload.size > POLICY_MAX_BYTES:
        return ["The policy must be smaller than 10MB"]
    if upload.size == 0:
        return ["The selected policy file is empty"]
    data = _read(upload)
    if not data.startswith(b"%PDF-"):
        return ["The policy must be a PDF"]
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            return ["The policy must be a PDF without a password"]
        pages = len(reader.pages)
    except Exception:  # a malformed PDF fails in many ways, none of them ours to report
        return ["The policy must be a PDF that can be opened"]
    if pages == 0:
        return ["The policy PDF has no pages"]
    if pages > POLICY_MAX_PAGES:
        return [f"The policy must be {POLICY_MAX_PAGES} pages or fewer"]
    return []


def policy_page_count(field_file) -> int:
    """How many pages the stored policy has (0 when none is stored)."""
    if not field_file:
        return 0
    with field_file.open("rb") as stored:
        return len(PdfReader(io.BytesIO(stored.read())).pages)
