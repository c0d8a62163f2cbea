# SPDX-License-Identifier: EUPL-1.2
"""The paragraph under each map of the city report: what rose or fell, where most, against the country.

Written from the figures alone, in Dutch or English, so a municipality can hand the report to its council
without anybody typing a sentence. Two rules keep it honest:

- Its numbers never contradict its words. Every value is first rounded to the decimals the text shows
  (counted in whole units of the last decimal), and the verb ("steeg", "daalde", "bleef gelijk") is taken
  from those rounded units: a change too small to show is "gelijk", never "steeg met 0,0".
- A suppressed area (too few residents) is never named and never ranked; it is only counted.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from veerkracht.monitor.number_text import MINUS

ROSE, FELL, SAME, UNKNOWN = "rose", "fell", "same", "unknown"
#: How many areas the paragraph names where the figure moved most.
NAMED = 3

WORDS: dict[str, dict[str, str]] = {
    "nl": {
        ROSE: "steeg het cijfer van {a} in {p0} naar {b} in {p1} ({d})",
        FELL: "daalde het cijfer van {a} in {p0} naar {b} in {p1} ({d})",
        SAME: "bleef het cijfer gelijk: {a} in {p0} en {b} in {p1}",
        UNKNOWN: "is geen ontwikkeling bekend, want een cijfer van {p0} of {p1} ontbreekt",
        "city": "In {place} {what}.",
        "country": "In {reference} {what}.",
        "no_country": "Een vergelijking met {reference} is niet mogelijk.",
        "stronger": "{place} steeg dus sterker dan {reference}.",
        "weaker": "{place} steeg dus minder sterk dan {reference}.",
        "equal": "{place} en {reference} veranderden dus evenveel.",
        "fell_stronger": "{place} daalde dus sterker dan {reference}.",
        "fell_weaker": "{place} daalde dus minder sterk dan {reference}.",
        "opposite": "{place} ging dus de andere kant op dan {reference}.",
        "most_rose": "Het meest steeg het in {names}.",
        "most_fell": "Het meest daalde het in {names}.",
        "counts": "Van de {n} buurten met cijfers steeg het in {rose}, daalde het in {fell} en bleef het "
        "gelijk in {same}.",
        "suppressed": "Van {n} buurten zijn de cijfers afgeschermd omdat er te weinig bewoners zijn; zij "
        "worden niet genoemd.",
        "missing": "Van {n} buurten ontbreekt een cijfer van {p0} of {p1}.",
        "suppressed_one": "Van 1 buurt zijn de cijfers afgeschermd omdat er te weinig bewoners zijn; zij "
        "wordt niet genoemd.",
        "missing_one": "Van 1 buurt ontbreekt een cijfer van {p0} of {p1}.",
        "and": "en",
    },
    "en": {
        ROSE: "the figure rose from {a} in {p0} to {b} in {p1} ({d})",
        FELL: "the figure fell from {a} in {p0} to {b} in {p1} ({d})",
        SAME: "the figure stayed the same: {a} in {p0} and {b} in {p1}",
        UNKNOWN: "no development is known, because a figure of {p0} or {p1} is missing",
        "city": "In {place} {what}.",
        "country": "In {reference} {what}.",
        "no_country": "A comparison with {reference} is not possible.",
        "stronger": "So {place} rose more than {reference}.",
        "weaker": "So {place} rose less than {reference}.",
        "equal": "So {place} and {reference} changed by the same amount.",
        "fell_stronger": "So {place} fell more than {reference}.",
        "fell_weaker": "So {place} fell less than {reference}.",
        "opposite": "So {place} went the other way from {reference}.",
        "most_rose": "It rose most in {names}.",
        "most_fell": "It fell most in {names}.",
        "counts": "Of the {n} neighbourhoods with figures it rose in {rose}, fell in {fell} and stayed the "
        "same in {same}.",
        "suppressed": "The figures of {n} neighbourhoods are withheld because too few people live there; "
        "they are not named.",
        "missing": "{n} neighbourhoods lack a figure of {p0} or {p1}.",
        "suppressed_one": "The figures of 1 neighbourhood are withheld because too few people live there; "
        "it is not named.",
        "missing_one": "1 neighbourhood lacks a figure of {p0} or {p1}.",
        "and": "and",
    },
}


@dataclass(frozen=True)
class AreaFigures:
    """One area's value in the first and the last year; ``suppressed`` when either is withheld."""

    name: str
    start: float | None
    end: float | None
    suppressed: bool = False


@dataclass(frozen=True)
class Change:
    """A development as the text shows it: the rounded values and their difference, in whole units."""

    trend: str
    start: int | None
    end: int | None

    @property
    def units(self) -> int | None:
        return None if self.start is None or self.end is None else self.end - self.start


@dataclass(frozen=True)
class LayerStory:
    """The paragraph and the figures it says, so that a test can hold one against the other."""

    city: Change
    country: Change
    named: tuple[tuple[str, int], ...]
    rose: int
    fell: int
    same: int
    suppressed: int
    missing: int
    decimals: int
    text: str


def _units(value: float | None, decimals: int) -> int | None:
    if value is None or not math.isfinite(value):
        return None
    return round(value * 10**decimals)  # Python rounds half to even, as the maps' labels do


def change(start: float | None, end: float | None, decimals: int) -> Change:
    """The development from ``start`` to ``end`` as it will be shown with ``decimals`` decimals.

    Examples
    --------
    >>> change(10.04, 10.96, 1)
    Change(trend='rose', start=100, end=110)
    >>> change(10.04, 10.01, 1).trend  # both show as 10,0: no change, whatever the third decimal says
    'same'
    >>> change(None, 3.0, 1).trend
    'unknown'
    """
    a, b = _units(start, decimals), _units(end, decimals)
    if a is None or b is None:
        return Change(UNKNOWN, a, b)
    return Change(ROSE if b > a else FELL if b < a else SAME, a, b)


def number(units: int, decimals: int, language: str, *, sign: bool = False) -> str:
    """A number counted in units of its last decimal, the Dutch or the English way.

    >>> number(-1234, 1, "nl", sign=True), number(1234, 2, "en", sign=True), number(0, 0, "nl", sign=True)
    ('−123,4', '+12.34', '0')
    """
    whole, fraction = divmod(abs(units), 10**decimals)
    text = f"{whole:,}".replace(",", "." if language == "nl" else ",")
    if decimals:
        text += ("," if language == "nl" else ".") + str(fraction).zfill(decimals)
    prefix = MINUS if units < 0 else ("+" if sign and units > 0 else "")
    return prefix + text


def _development(c: Change, first: int, last: int, decimals: int, language: str) -> str:
    words = WORDS[language]
    if c.trend == UNKNOWN or c.start is None or c.end is None or c.units is None:
        return words[UNKNOWN].format(p0=first, p1=last)
    return words[c.trend].format(
        a=number(c.start, decimals, language),
        b=number(c.end, decimals, language),
        p0=first,
        p1=last,
        d=number(c.units, decimals, language, sign=True),
    )


def _comparison(city: Change, country: Change) -> str:
    if city.units is None or country.units is None or SAME in (city.trend, country.trend):
        return ""
    if city.trend != country.trend:
        return "opposite"
    if abs(city.units) == abs(country.units):
        return "equal"
    stronger = abs(city.units) > abs(country.units)
    if city.trend == ROSE:
        return "stronger" if stronger else "weaker"
    return "fell_stronger" if stronger else "fell_weaker"


def _listing(items: Sequence[str], language: str) -> str:
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {WORDS[language]['and']} {items[-1]}"


def layer_story(
    *,
    place: str,
    reference: str,
    first: int,
    last: int,
    decimals: int,
    city: tuple[float | None, float | None],
    country: tuple[float | None, float | None],
    areas: Sequence[AreaFigures],
    language: str = "nl",
) -> LayerStory:
    """The paragraph for one layer: the city's development, the country's, and where it moved most.

    ``city`` and ``country`` are (first year, last year) values; ``areas`` the buurten. Suppressed areas
    are counted, never named; the areas named moved the same way as the city (the biggest rises when
    the city stayed the same or is unknown).

    Examples
    --------
    >>> story = layer_story(place="Veerstad", reference="Nederland", first=2014, last=2020, decimals=1,
    ...     city=(12.0, 13.5), country=(10.0, 10.4), areas=[AreaFigures("Oost", 10.0, 14.0),
    ...     AreaFigures("West", 9.0, 8.0), AreaFigures("Hof", 3.0, 9.0, suppressed=True)])
    >>> print(story.text)
    In Veerstad steeg het cijfer van 12,0 in 2014 naar 13,5 in 2020 (+1,5). In Nederland steeg het cijfer \
van 10,0 in 2014 naar 10,4 in 2020 (+0,4). Veerstad steeg dus sterker dan Nederland. Het meest steeg het \
in Oost (+4,0). Van de 2 buurten met cijfers steeg het in 1, daalde het in 1 en bleef het gelijk in 0. \
Van 1 buurt zijn de cijfers afgeschermd omdat er te weinig bewoners zijn; zij wordt niet genoemd.
    >>> story.named, story.city.units
    ((('Oost', 40),), 15)
    """
    words = WORDS[language]
    city_change = change(*city, decimals)
    country_change = change(*country, decimals)
    sentences = [
        words["city"].format(place=place, what=_development(city_change, first, last, decimals, language))
    ]
    if country_change.trend == UNKNOWN:
        sentences.append(words["no_country"].format(reference=reference))
    else:
        what = _development(country_change, first, last, decimals, language)
        sentences.append(words["country"].format(reference=reference, what=what))
        verdict = _comparison(city_change, country_change)
        if verdict:
            sentences.append(words[verdict].format(place=place, reference=reference))
    shown = [(a.name, change(a.start, a.end, decimals)) for a in areas if not a.suppressed]
    known = [(name, c) for name, c in shown if c.units is not None]
    wanted = FELL if city_change.trend == FELL else ROSE
    movers = sorted(
        ((name, int(c.units or 0)) for name, c in known if c.trend == wanted),
        key=lambda item: (-abs(item[1]), item[0]),
    )[:NAMED]
    if movers:
        names = [f"{name} ({number(units, decimals, language, sign=True)})" for name, units in movers]
        sentences.append(words[f"most_{wanted}"].format(names=_listing(names, language)))
    trends = [c.trend for _name, c in known]
    counts = {t: trends.count(t) for t in (ROSE, FELL, SAME)}
    if known:
        sentences.append(words["counts"].format(n=len(known), **counts))
    suppressed = sum(1 for a in areas if a.suppressed)
    if suppressed:
        sentences.append(words["suppressed_one" if suppressed == 1 else "suppressed"].format(n=suppressed))
    missing = len(shown) - len(known)
    if missing:
        sentences.append(
            words["missing_one" if missing == 1 else "missing"].format(n=missing, p0=first, p1=last)
        )
    return LayerStory(
        city=city_change,
        country=country_change,
        named=tuple(movers),
        rose=counts[ROSE],
        fell=counts[FELL],
        same=counts[SAME],
        suppressed=suppressed,
        missing=missing,
        decimals=decimals,
        text=" ".join(sentences),
    )
