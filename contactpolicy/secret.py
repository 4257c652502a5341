"""The secret key when none is configured: made once, kept beside the data."""

import secrets
from pathlib import Path


def persistent_secret_key(path: Path) -> str:
    """Read the key stored at `path`, creating it with a fresh random key first if needed."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!@#%^&*(-_=+)"
        key = "".join(secrets.choice(alphabet) for _ in range(64))
        path.write_text(key)
        path.chmod(0o600)
    return path.read_text().strip()
