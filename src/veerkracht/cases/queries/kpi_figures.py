# SPDX-License-Identifier: EUPL-1.2
"""One cell of the KPI dashboard as the page writes it: a number, "afgeschermd" or "–"."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Figure:
    """One cell: a value, or suppressed ("afgeschermd"), or nothing known (both empty)."""

    value: float | None = None
    suppressed: bool = False

    @property
    def text(self) -> str:
        """As the page writes it: "afgeschermd", "–" for nothing known, else the number in the language."""
        if self.suppressed:
            return str(_("afgeschermd"))
        if self.value is None:
            return "–"
        return number_text(self.value)


def number_text(value: float) -> str:
    """A figure as the page writes it: whole numbers without decimals, others with one, grouped by
    language (1.234,5 in Dutch, 1,234.5 in English). Plain string formatting: the page writes thousands.

    >>> from django.utils import translation
    >>> with translation.override("nl"):
    ...     number_text(1234.0), number_text(12.345)
    ('1.234', '12,3')
    """
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    if (get_language() or "nl").startswith("en"):
        return text
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")
