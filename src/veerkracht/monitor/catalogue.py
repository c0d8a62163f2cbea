# SPDX-License-Identifier: EUPL-1.2
"""Indicator specifications: what an indicator is, how it aggregates and how it is protected."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, cast

Kind = Literal["count", "share", "score", "rate"]
Direction = Literal["higher_is_better", "higher_is_worse"]

KINDS: tuple[str, ...] = ("count", "share", "score", "rate")
DIRECTIONS: tuple[str, ...] = ("higher_is_better", "higher_is_worse")
DEFAULT_MINIMUM_COUNT = 5
#: Shares are stored in percent and rates per 1,000, as CBS and most municipal monitors publish them.
DEFAULT_SCALE: dict[str, float] = {"count": 1.0, "share": 100.0, "score": 1.0, "rate": 1000.0}


class CatalogueError(ValueError):
    """An indicator specification is incomplete or contradictory."""


@dataclass(frozen=True)
class PrivacyRule:
    """Suppress an indicator where one of the counts it depends on is small.

    Attributes
    ----------
    minimum_count : int
        Counts ``0 < n < minimum_count`` are disclosive (CBS: fewer than 5 persons or dwellings).
        0 disables the rule.
    applies_to : tuple of str
        Indicator codes of the counts the rule looks at. Empty means the default: the indicator
        itself for a count, numerator and denominator for a share or rate, the weight for a score.
    """

    minimum_count: int = DEFAULT_MINIMUM_COUNT
    applies_to: tuple[str, ...] = ()


@dataclass(frozen=True)
class IndicatorSpec:
    """One entry of the indicator catalogue, as the monitor needs it.

    Examples
    --------
    >>> spec = IndicatorSpec.from_dict({"code": "kwetsbaar_pct", "kind": "share",
    ...                                 "numerator": "kwetsbaar", "denominator": "inwoners"})
    >>> spec.scale, spec.privacy_counts()
    (100.0, ('kwetsbaar', 'inwoners'))
    """

    code: str
    kind: Kind = "count"
    numerator: str | None = None
    denominator: str | None = None
    weight: str | None = None
    direction: Direction = "higher_is_worse"
    privacy: PrivacyRule = field(default_factory=PrivacyRule)
    scale: float = 1.0
    label: str = ""

    def __post_init__(self) -> None:
        where = f"indicator {self.code!r}"
        if not self.code:
            raise CatalogueError("indicator: 'code' must be a non-empty string")
        if self.kind not in KINDS:
            raise CatalogueError(f"{where}: kind {self.kind!r}; expected one of {list(KINDS)}")
        if self.direction not in DIRECTIONS:
            raise CatalogueError(f"{where}: direction {self.direction!r}; expected one of {list(DIRECTIONS)}")
        if self.kind in ("share", "rate") and not (self.numerator and self.denominator):
            raise CatalogueError(
                f"{where}: a {self.kind} needs 'numerator' and 'denominator' indicator codes"
            )
        if self.kind == "score" and not self.weight:
            raise CatalogueError(
                f"{where}: a score needs a 'weight' indicator (e.g. inhabitants or dwellings)"
            )
        if self.kind == "count" and (self.numerator or self.denominator or self.weight):
            raise CatalogueError(f"{where}: a count has no numerator, denominator or weight")
        if self.privacy.minimum_count < 0:
            raise CatalogueError(f"{where}: privacy.minimum_count must be >= 0")
        if self.scale <= 0:
            raise CatalogueError(f"{where}: scale must be positive")

    def privacy_counts(self) -> tuple[str, ...]:
        """Codes of the counts whose smallness makes this indicator disclosive."""
        if self.privacy.applies_to:
            return self.privacy.applies_to
        if self.kind == "count":
            return (self.code,)
        if self.kind in ("share", "rate"):
            return (cast(str, self.numerator), cast(str, self.denominator))
        return (cast(str, self.weight),)

    def components(self) -> tuple[str, ...]:
        """Codes of the counts this indicator is computed from (empty for a count)."""
        return tuple(code for code in (self.numerator, self.denominator, self.weight) if code)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> IndicatorSpec:
        """Build a spec from a plain mapping (as the Django catalogue stores it).

        Unknown keys are an error, so that a typo does not silently fall back to a default.
        ``privacy`` may be a mapping ``{"minimum_count": 5, "applies_to": ["inwoners"]}``, a bare
        integer (the minimum count) or omitted. ``scale`` defaults to 100 for shares (percent),
        1000 for rates (per 1,000) and 1 otherwise.
        """
        allowed = {
            "code",
            "kind",
            "numerator",
            "denominator",
            "weight",
            "direction",
            "privacy",
            "scale",
            "label",
        }
        unknown = sorted(set(data) - allowed)
        code = str(data.get("code", ""))
        if unknown:
            raise CatalogueError(f"indicator {code!r}: unknown key(s) {unknown}; allowed {sorted(allowed)}")
        kind = str(data.get("kind", "count"))
        raw_privacy = data.get("privacy")
        if raw_privacy is None:
            privacy = PrivacyRule()
        elif isinstance(raw_privacy, int) and not isinstance(raw_privacy, bool):
            privacy = PrivacyRule(minimum_count=raw_privacy)
        elif isinstance(raw_privacy, Mapping):
            extra = sorted(set(raw_privacy) - {"minimum_count", "applies_to"})
            if extra:
                raise CatalogueError(f"indicator {code!r}: unknown privacy key(s) {extra}")
            applies = raw_privacy.get("applies_to") or ()
            if isinstance(applies, str):
                applies = (applies,)
            privacy = PrivacyRule(
                minimum_count=int(raw_privacy.get("minimum_count", DEFAULT_MINIMUM_COUNT)),
                applies_to=tuple(str(item) for item in applies),
            )
        else:
            raise CatalogueError(f"indicator {code!r}: privacy must be a mapping or an integer")
        scale = data.get("scale")
        return cls(
            code=code,
            kind=cast(Kind, kind),
            numerator=data.get("numerator"),
            denominator=data.get("denominator"),
            weight=data.get("weight"),
            direction=cast(Direction, data.get("direction", "higher_is_worse")),
            privacy=privacy,
            scale=float(scale) if scale is not None else DEFAULT_SCALE.get(kind, 1.0),
            label=str(data.get("label", "")),
        )


Catalogue = dict[str, IndicatorSpec]


def build_catalogue(
    specs: Iterable[IndicatorSpec | Mapping[str, Any]] | Mapping[str, IndicatorSpec],
) -> Catalogue:
    """Index specs by code and add the counts they refer to but do not define.

    A share's numerator and denominator, a score's weight and a privacy rule's counts must be
    counts; when the catalogue does not list them they are added as plain counts with the default
    privacy rule, because they are persons, households or dwellings.

    Examples
    --------
    >>> catalogue = build_catalogue([{"code": "kwetsbaar_pct", "kind": "share",
    ...                               "numerator": "kwetsbaar", "denominator": "inwoners"}])
    >>> sorted(catalogue)
    ['inwoners', 'kwetsbaar', 'kwetsbaar_pct']
    """
    items = specs.values() if isinstance(specs, Mapping) else specs
    catalogue: Catalogue = {}
    for item in items:
        spec = item if isinstance(item, IndicatorSpec) else IndicatorSpec.from_dict(item)
        if spec.code in catalogue:
            raise CatalogueError(f"indicator {spec.code!r} is defined twice")
        catalogue[spec.code] = spec
    for spec in list(catalogue.values()):
        for code in (*spec.components(), *spec.privacy_counts()):
            if code not in catalogue:
                catalogue[code] = IndicatorSpec(code=code, kind="count")
            elif catalogue[code].kind != "count":
                raise CatalogueError(
                    f"indicator {spec.code!r} refers to {code!r}, "
                    f"which is a {catalogue[code].kind}, not a count"
                )
    return catalogue
