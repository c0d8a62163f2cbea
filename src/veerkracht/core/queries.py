# SPDX-License-Identifier: EUPL-1.2
"""Reads of the shared kernel that are more than a lookup: checking the audit chain."""

from veerkracht.core import audit_chain
from veerkracht.core.models import AuditEvent


def verify_audit_log(anchor: tuple[int, str] | None = None) -> audit_chain.ChainCheck:
    """Walk the whole audit log in chain order and report the first broken link (None: intact)."""
    lines = (
        AuditEvent.objects.order_by("seq").values("id", *audit_chain.FIELDS, "hash").iterator(chunk_size=5000)
    )
    return audit_chain.verify(lines, anchor=anchor)
