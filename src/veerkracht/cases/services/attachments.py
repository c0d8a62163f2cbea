# SPDX-License-Identifier: EUPL-1.2
"""Attachments: checked by their content against an allow-list and a maximum size, stored with mode 0600.

The type is read from the file's first bytes (``puremagic``), never from its name or from what the sender
claims, so a script renamed to ``foto.jpg`` is refused. Files are stored under ``attachments/`` in the data
folder with a random name; only the owner of the process can read them, and pages serve them after a
permission check.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import puremagic
from django.conf import settings

from veerkracht.cases.models import attachment_root

DEFAULT_TYPES = ("image/jpeg", "image/png", "image/heic", "image/heif", "image/webp", "application/pdf")
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_COUNT = 10


@dataclass(frozen=True)
class Upload:
    """A file sent with a melding: the name the sender gave and its content."""

    name: str
    content: bytes


@dataclass(frozen=True)
class CheckedUpload:
    name: str
    content: bytes
    content_type: str
    sha256: str


def allowed_types() -> tuple[str, ...]:
    return tuple(getattr(settings, "VEERKRACHT_ATTACHMENT_TYPES", DEFAULT_TYPES))


def max_bytes() -> int:
    return int(getattr(settings, "VEERKRACHT_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def max_count() -> int:
    return int(getattr(settings, "VEERKRACHT_ATTACHMENT_MAX_COUNT", DEFAULT_MAX_COUNT))


def readable_size(size: int) -> str:
    """A size as people read it, with a decimal comma.

    >>> readable_size(10 * 1024 * 1024), readable_size(1536), readable_size(20)
    ('10 MB', '1,5 kB', '20 bytes')
    """
    for unit, factor in (("MB", 1024 * 1024), ("kB", 1024)):
        if size >= factor:
            return f"{size / factor:.1f}".rstrip("0").rstrip(".").replace(".", ",") + f" {unit}"
    return f"{size} bytes"


def sniff(content: bytes) -> str | None:
    """Return the MIME type the content's first bytes show, or None when they show nothing known."""
    try:
        matches = puremagic.magic_string(content[:4096])
    except (puremagic.PureError, ValueError):
        return None
    if not matches:
        return None
    best = max(match.confidence for match in matches)
    allowed = allowed_types()
    types = [m.mime_type for m in matches if m.confidence == best and m.mime_type]
    return next((t for t in types if t in allowed), types[0] if types else None)


def check(uploads: Sequence[Upload], prefix: str = "attachments") -> list[CheckedUpload] | dict[str, str]:
    """Check uploads against count, size and allowed types; the checked uploads, or problems per field."""
    problems: dict[str, str] = {}
    if len(uploads) > max_count():
        problems[prefix] = f"ten hoogste {max_count()} bijlagen per melding, niet {len(uploads)}"
    checked = []
    limit = max_bytes()
    for position, upload in enumerate(uploads):
        field = f"{prefix}[{position}]"
        name = Path(upload.name or "bijlage").name[:255]
        if not upload.content:
            problems[field] = f"'{name}' is leeg"
            continue
        if len(upload.content) > limit:
            problems[field] = (
                f"'{name}' is {readable_size(len(upload.content))}; het maximum is {readable_size(limit)}"
            )
            continue
        found = sniff(upload.content)
        if found not in allowed_types():
            what = f"een bestand van het soort {found}" if found else "geen bestand van een bekend soort"
            problems[field] = f"'{name}' is {what}; toegestaan zijn foto's (JPEG, PNG, HEIC, WebP) en PDF"
            continue
        checked.append(CheckedUpload(name, upload.content, found, hashlib.sha256(upload.content).hexdigest()))
    return problems or checked


def store(upload: CheckedUpload, at: datetime) -> str:
    """Write an upload under the attachments folder (mode 0600, folders 0700); return its stored name."""
    relative = Path(f"{at:%Y}") / f"{at:%m}" / uuid.uuid4().hex
    target = attachment_root() / relative
    for folder in (attachment_root(), target.parent.parent, target.parent):
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        folder.chmod(0o700)
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.fchmod(descriptor, 0o600)  # the umask may take bits away, never add; be exact anyway
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(upload.content)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return relative.as_posix()


def remove(stored_names: Sequence[str]) -> None:
    """Delete stored files again (the intake that wrote them failed)."""
    for name in stored_names:
        (attachment_root() / name).unlink(missing_ok=True)
