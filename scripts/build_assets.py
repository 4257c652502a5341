"""Copy the front-end packages installed by `npm ci` into static/vendor/.

The CSS files refer to their fonts and images as `url(/assets/...)`; under Django's
/static/ prefix those must be relative to the stylesheet, so they are rewritten.
Nothing here is committed: `make` runs this after `npm ci` on every machine.
"""

import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE = ROOT / "node_modules"
VENDOR = ROOT / "static" / "vendor"

GOVUK = NODE / "govuk-frontend" / "dist" / "govuk"
MOJ = NODE / "@ministryofjustice" / "frontend" / "moj"
HTMX = NODE / "htmx.org" / "dist"

# (source, destination under static/vendor)
FILES = [
    (GOVUK / "govuk-frontend.min.css", "govuk/govuk-frontend.min.css"),
    (GOVUK / "govuk-frontend.min.css.map", "govuk/govuk-frontend.min.css.map"),
    (GOVUK / "govuk-frontend.min.js", "govuk/govuk-frontend.min.js"),
    (GOVUK / "govuk-frontend.min.js.map", "govuk/govuk-frontend.min.js.map"),
    (MOJ / "moj-frontend.min.css", "moj/moj-frontend.min.css"),
    (MOJ / "moj-frontend.min.css.map", "moj/moj-frontend.min.css.map"),
    (MOJ / "moj-frontend.min.js", "moj/moj-frontend.min.js"),
    (MOJ / "moj-frontend.min.js.map", "moj/moj-frontend.min.js.map"),
    (HTMX / "htmx.min.js", "htmx/htmx.min.js"),
]
FOLDERS = [
    (GOVUK / "assets", "govuk/assets"),
    (MOJ / "assets", "moj/assets"),
]
ABSOLUTE_ASSET_URL = re.compile(r"url\((['\"]?)/assets/")


def build() -> None:
    missing = [str(src) for src, _ in FILES + FOLDERS if not src.exists()]
    if missing:
        sys.exit("Front-end packages are missing; run `npm ci` first:\n  " + "\n  ".join(missing))
    if VENDOR.exists():
        shutil.rmtree(VENDOR)
    for src, dest in FOLDERS:
        shutil.copytree(src, VENDOR / dest)
    for src, dest in FILES:
        target = VENDOR / dest
        target.parent.mkdir(parents=True, exist_ok=True)
        if src.suffix == ".css":
            target.write_text(ABSOLUTE_ASSET_URL.sub(r"url(\1assets/", src.read_text()))
        else:
            shutil.copyfile(src, target)


if __name__ == "__main__":
    build()
    print(f"Front-end assets copied to {VENDOR.relative_to(ROOT)}/")
