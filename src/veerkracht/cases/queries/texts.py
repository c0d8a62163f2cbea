# SPDX-License-Identifier: EUPL-1.2
"""A rule file's text (Dutch and English) in the language of the request: Dutch unless English was asked."""

from __future__ import annotations

from django.utils.translation import get_language

from veerkracht.rulefiles import Text


def text(label: Text) -> str:
    """The label in the active language.

    >>> from django.utils import translation
    >>> with translation.override("en"):
    ...     text(Text(nl="Tuin", en="Garden"))
    'Garden'
    """
    return label.en if (get_language() or "nl").startswith("en") else label.nl
