# SPDX-License-Identifier: EUPL-1.2
"""Possible duplicates before saving: open meldingen at the same address, in the same complex or nearby.

Nearby is a bounding box on the indexed point (x and y in RD New, metres) and then the exact distance
in Python: no GIS extension needed, and the box keeps the rows to measure few. Only meldingen the person
may read are candidates. (Dossiers join the candidates when they arrive, in the next issue.)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from veerkracht.cases.addresses import address_key
from veerkracht.cases.models import Melding
from veerkracht.cases.services.location import Location


@dataclass(frozen=True)
class Candidate:
    """An open melding that may be about the same thing, and why it was found."""

    melding: Melding
    same_address: bool
    same_complex: bool
    #: Metres between the points, when both have one.
    distance_m: float | None


def default_distance() -> float:
    return float(getattr(settings, "VEERKRACHT_DUPLICATE_DISTANCE_M", 50.0))


def possible_duplicates(
    user: Any,
    location: Location,
    *,
    distance_m: float | None = None,
    category: str = "",
    exclude: int | None = None,
    limit: int = 20,
) -> list[Candidate]:
    """Open meldingen the person may read near a location; same address first, then by distance.

    ``category`` narrows to one category; ``exclude`` leaves out one melding (the one being looked at).
    """
    radius = default_distance() if distance_m is None else float(distance_m)
    base = Melding.objects.visible_to(user).filter(is_open=True).select_related("organisation")
    if category:
        base = base.filter(category=category)
    if exclude is not None:
        base = base.exclude(pk=exclude)
    key = address_key(location.address)
    complex_code = location.complex_code.strip()
    found: dict[int, Melding] = {}
    if key:
        found.update((m.pk, m) for m in base.filter(address_key=key)[:limit])
    if complex_code:
        found.update((m.pk, m) for m in base.filter(complex_code=complex_code)[:limit])
    has_point = location.x is not None and location.y is not None
    if has_point and radius > 0:
        x, y = float(location.x), float(location.y)  # type: ignore[arg-type]
        box = base.filter(x__gte=x - radius, x__lte=x + radius, y__gte=y - radius, y__lte=y + radius)
        found.update((m.pk, m) for m in box[: limit * 5])
    candidates = []
    for melding in found.values():
        distance = None
        if has_point and melding.x is not None and melding.y is not None:
            distance = math.hypot(melding.x - float(location.x), melding.y - float(location.y))  # type: ignore[arg-type]
        same_address = bool(key) and melding.address_key == key
        same_complex = bool(complex_code) and melding.complex_code == complex_code
        if same_address or same_complex or (distance is not None and distance <= radius):
            candidates.append(Candidate(melding, same_address, same_complex, distance))
    candidates.sort(
        key=lambda c: (
            not c.same_address,
            not c.same_complex,
            c.distance_m if c.distance_m is not None else math.inf,
            -c.melding.received_at.timestamp(),
        )
    )
    return candidates[:limit]
