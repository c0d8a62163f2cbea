# SPDX-License-Identifier: EUPL-1.2
"""Template filters of the programme pages."""

from collections.abc import Mapping
from typing import Any

from django import template

register = template.Library()


@register.filter
def get(mapping: Mapping[str, Any] | None, key: str) -> Any:
    """``{{ tally.planned|get:code }}``: a dictionary's value for a key (None when absent)."""
    if not mapping:
        return None
    return mapping.get(key)
