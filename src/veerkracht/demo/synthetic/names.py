# SPDX-License-Identifier: EUPL-1.2
"""Fictional, Dutch-sounding names for synthetic gemeenten, wijken, buurten and rayons."""

import numpy as np

BUURT_PREFIXES = (
    "Hoog",
    "Laag",
    "Klooster",
    "Brug",
    "Molen",
    "Kerk",
    "Linden",
    "Eiken",
    "Beuken",
    "Berken",
    "Wilgen",
    "Heide",
    "Zand",
    "Veen",
    "Water",
    "Dijk",
    "Kasteel",
    "Slot",
    "Vossen",
    "Haver",
    "Rogge",
    "Vlas",
    "Koren",
    "Rozen",
    "Vogel",
    "Zwanen",
    "Kievit",
    "Hazel",
    "Esdoorn",
    "Meidoorn",
    "Populieren",
    "Hulst",
    "Wouden",
    "Gans",
    "Reiger",
    "Schapen",
    "Valken",
    "Sterren",
    "Zonne",
    "Maan",
    "Akker",
    "Hooi",
    "Kalk",
    "Leem",
    "Turf",
    "Beek",
    "Bron",
    "Vijver",
    "Ridder",
    "Abdij",
)
BUURT_SUFFIXES = (
    "veld",
    "hof",
    "wijk",
    "kamp",
    "dal",
    "hoven",
    "park",
    "rode",
    "donk",
    "laar",
    "weide",
    "akker",
    "beemd",
    "horst",
    "kwartier",
    "oord",
    "burg",
    "hage",
    "werf",
    "gaarde",
)
DIRECTIONS = ("Noord", "Zuid", "Oost", "West")
GEMEENTE_PREFIXES = (
    "Veer",
    "Heide",
    "Zand",
    "Molen",
    "Brug",
    "Linden",
    "Eiken",
    "Wilgen",
    "Klooster",
    "Beek",
    "Vossen",
    "Reiger",
    "Haver",
    "Valken",
    "Ridder",
    "Kievit",
    "Hazel",
    "Esdoorn",
    "Gans",
    "Zwanen",
    "Leem",
    "Kalk",
    "Turf",
    "Vlas",
    "Rogge",
    "Hulst",
    "Akker",
    "Bron",
    "Abdij",
    "Sterren",
)
GEMEENTE_SUFFIXES = (
    "stad",
    "dam",
    "veen",
    "hoven",
    "mond",
    "horst",
    "broek",
    "rode",
    "lo",
    "oord",
    "dorp",
    "hage",
    "burg",
    "werd",
    "sluis",
)
WIJK_NAMES = (
    "Centrum",
    "Kloosterkwartier",
    "De Hoven",
    "Molenwijk",
    "Heidepark",
    "Waterland",
    "Beekdal",
    "Vossenberg",
    "Lindenhof",
    "Eikenrode",
    "Zandvoorde",
    "Veenhorst",
    "Rozenweide",
    "Ridderkamp",
    "Bronland",
    "Akkerveld",
    "Valkenhage",
    "Sterrenbeemd",
    "Abdijwerf",
    "Hazeldonk",
)
# Real Maastricht buurt names must never be generated: the demo city is fictional.
REAL_NAMES_TO_AVOID = frozenset(
    {
        "Heugemerveld",
        "Wyckerpoort",
        "Lanakerveld",
        "Belvédère",
        "Frontenkwartier",
        "Bosscherveld",
        "Boschpoort",
        "Daalhof",
        "Dousberg-Hazendans",
        "Malberg",
        "Oud-Caberg",
        "Caberg",
        "Malpertuis",
        "Vroendaal",
        "De Heeg",
        "Heer",
        "Heugem",
        "Randwyck",
        "Meerssenhoven",
        "Itteren",
        "Borgharen",
        "Beatrixhaven",
        "Amby",
        "Scharn",
        "Binnenstad",
        "Pottenberg",
        "Belfort",
        "Mariaberg",
        "Brusselsepoort",
        "Sint Pieter",
        "Wolder",
        "Campagne",
        "Biesland",
        "Jekerdal",
        "Villapark",
        "Wyck",
        "Sint Maartenspoort",
        "Boschstraatkwartier",
        "Statenkwartier",
        "Kommelkwartier",
        "Jekerkwartier",
        "Limmel",
        "Nazareth",
        "Wittevrouwenveld",
        "Maastricht",
    }
)


class NamePicker:
    """Hands out unique names from a combinatorial pool, deterministically for a given generator."""

    def __init__(
        self, rng: np.random.Generator, prefixes: tuple[str, ...], suffixes: tuple[str, ...]
    ) -> None:
        pool = [p + s for p in prefixes for s in suffixes]
        pool = [name for name in pool if name not in REAL_NAMES_TO_AVOID]
        order = rng.permutation(len(pool))
        self._pool = [pool[i] for i in order]
        self._used: set[str] = set()
        self._next = 0

    def take(self) -> str:
        """Return the next unused name (with a direction or number appended once the pool runs dry)."""
        while True:
            index = self._next
            self._next += 1
            base = self._pool[index % len(self._pool)]
            lap = index // len(self._pool)
            name = base if lap == 0 else f"{base}-{DIRECTIONS[(lap - 1) % 4]}"
            if lap > 4:
                name = f"{base} {lap}"
            if name not in self._used:
                self._used.add(name)
                return name

    def reserve(self, name: str) -> None:
        """Mark a name as used (e.g. a fixed name like the default city's)."""
        self._used.add(name)


def buurt_names(rng: np.random.Generator) -> NamePicker:
    """Return a picker of buurt names like "Hoogveld" or "Kloosterhof"."""
    return NamePicker(rng, BUURT_PREFIXES, BUURT_SUFFIXES)


def gemeente_names(rng: np.random.Generator) -> NamePicker:
    """Return a picker of gemeente names like "Heidehoven"."""
    return NamePicker(rng, GEMEENTE_PREFIXES, GEMEENTE_SUFFIXES)


def compass_name(dx: float, dy: float) -> str:
    """Return a Dutch compass direction ("Noord-West") for an offset from the city centre."""
    angle = (np.degrees(np.arctan2(dy, dx)) + 360.0) % 360.0
    names = ("Oost", "Noord-Oost", "Noord", "Noord-West", "West", "Zuid-West", "Zuid", "Zuid-Oost")
    return names[int(((angle + 22.5) % 360.0) // 45.0)]
