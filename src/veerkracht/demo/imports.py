# SPDX-License-Identifier: EUPL-1.2
"""Importing the demo's files so that building a demo again reuses what is already there."""

from pathlib import Path
from typing import Any

from veerkracht.indicators.models import ImportRun
from veerkracht.indicators.services import AlreadyImported, import_values


def import_once(path: Path, **options: Any) -> ImportRun:
    """Import a file of values, or return the active import that holds its values already."""
    try:
        return import_values(path, **options)
    except AlreadyImported as already:
        return already.run
