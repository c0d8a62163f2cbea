# SPDX-License-Identifier: EUPL-1.2
"""Addresses as they compare: the same dwelling however the address was typed (pure: no Django)."""

import re

_SEPARATORS = re.compile(r"[,.;:/\\\-'\"()]+")
_SPACES = re.compile(r"\s+")
_HOUSE_LETTER = re.compile(r"(\d+)\s+([a-z])\b")


def address_key(address: str) -> str:
    """Return an address in a form that compares equal however it was written (empty for none).

    Lower case, punctuation as spaces, one space between words, and a house letter joined to its number.

    >>> address_key("Hoofdstraat 12 A, Veerstad")
    'hoofdstraat 12a veerstad'
    >>> address_key("  hoofdstraat  12a  veerstad ") == address_key("Hoofdstraat 12-a, Veerstad.")
    True
    >>> address_key("")
    ''
    """
    text = _SEPARATORS.sub(" ", address.lower())
    text = _SPACES.sub(" ", text).strip()
    return _HOUSE_LETTER.sub(r"\1\2", text)
