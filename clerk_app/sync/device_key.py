"""This PC's device key: a code people read (7K3F-9Q2M-XA4B) and a secret only the PC knows.

Made once and kept in the app's data folder (``device-key.json``, readable by the user only);
the central server stores only the secret's SHA-256. The PC sends both with every login; an
admin approves the code for a window (or as a kiosk, hall display or evaluator) once, and from
then on the server lets logins from this PC take only that window. Copying the file to another
PC copies its registration: keep the data folder private.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Letters and digits without 0/O, 1/I/L, U (read aloud over the phone to the admin).
_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
KEY_FILE = "device-key.json"


@dataclass(frozen=True, slots=True)
class DeviceKey:
    code: str
    secret: str

    @classmethod
    def generate(cls) -> DeviceKey:
        chars = "".join(secrets.choice(_ALPHABET) for _ in range(12))
        code = f"{chars[:4]}-{chars[4:8]}-{chars[8:]}"
        return cls(code, secrets.token_urlsafe(32))

    def proof(self, kind: str | None = None) -> dict[str, Any]:
        """What the login sends: the code, the secret, the kind asked for and the PC's name."""
        body: dict[str, Any] = {
            "code": self.code,
            "secret": self.secret,
            "name": platform.node()[:100],
        }
        if kind is not None:
            body["kind"] = kind
        return body


def key_file(folder: Path, purpose: str = "") -> Path:
    """The key file in ``folder``; ``purpose`` separates devices sharing a folder (demo)."""
    return folder / (f"device-key-{purpose}.json" if purpose else KEY_FILE)


def load_or_create(path: Path) -> DeviceKey:
    """The key kept at ``path``, made (and written, user-only) on first use."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return DeviceKey(str(data["code"]), str(data["secret"]))
    except (OSError, ValueError, KeyError, TypeError):
        pass
    key = DeviceKey.generate()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".device-key-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"code": key.code, "secret": key.secret}, handle)
        with contextlib.suppress(OSError):
            os.chmod(tmp, 0o600)
        # Two processes starting at once: the first file written wins, both then read it.
        try:
            os.link(tmp, path)
        except FileExistsError:
            return load_or_create(path)
        except OSError:
            os.replace(tmp, path)
            return key
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    return key
