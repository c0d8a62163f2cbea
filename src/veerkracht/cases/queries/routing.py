# SPDX-License-Identifier: EUPL-1.2
"""Routing rules to read: the versions of an organisation, and the "test this rule" preview."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone

from veerkracht.cases.models import RoutingRuleSet
from veerkracht.cases.rulebook import rulebook
from veerkracht.cases.rules.routing import RoutingCase, RoutingFile, RuleResult, explain, first_position_of
from veerkracht.cases.services import routing
from veerkracht.cases.services.errors import IntakeError
from veerkracht.cases.services.location import Location, Place, resolve
from veerkracht.core.models import Organisation
from veerkracht.core.queries import calendar_for


@dataclass(frozen=True)
class Preview:
    """Every rule against a sample melding, and the position of the rule that would route it."""

    results: list[RuleResult]
    chosen: int | None


def versions(organisation: Organisation) -> list[RoutingRuleSet]:
    """The organisation's rule sets, newest first, with their rules."""
    return list(
        RoutingRuleSet.objects.filter(organisation=organisation)
        .prefetch_related("rules__team", "rules__organisation")
        .order_by("-version")
    )


def sample(
    category: str,
    subcategory: str,
    *,
    channel: str = "web",
    location: Location | None = None,
    received_at: datetime | None = None,
) -> RoutingCase:
    """A sample melding for the preview; its location is resolved as intake would."""
    kind = rulebook().categories.classify(category, subcategory)
    areas: frozenset[str] = frozenset()
    if location is not None:
        place = resolve([location])[0]
        if not isinstance(place, Place):
            raise IntakeError(place)
        areas = place.area_codes
    return RoutingCase(category, subcategory, kind.pillar, channel, areas, received_at or timezone.now())


def preview(organisation: Organisation, rules: RoutingRuleSet | dict[str, Any], case: RoutingCase) -> Preview:
    """Evaluate a stored rule set, or a draft in the shape of ``routing.yaml``, against a sample melding.

    A draft is checked first and raises the same Dutch errors as saving it would.
    """
    loaded: RoutingFile = (
        routing.load(rules).rules
        if isinstance(rules, RoutingRuleSet)
        else routing.check_rules(organisation, {"version": "concept", **rules})
    )
    results = explain(loaded, case, calendar_for(organisation))
    return Preview(results, first_position_of(results))
