# SPDX-License-Identifier: EUPL-1.2
"""Routing rule sets in the database: seed from ``routing.yaml``, add a version, activate one, decide.

Rule sets are never edited: an administrator's change is a new version, and going back is activating an
older one. A stored rule set is checked like the file (the same Dutch errors), and also against this
installation: organisations, teams, roles, categories, pillars and areas must exist.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Max

from veerkracht.areas.queries import current
from veerkracht.cases.models import RoutingRule, RoutingRuleSet
from veerkracht.cases.rulebook import rulebook
from veerkracht.cases.rules.routing import RoutingCase, RoutingFile, route, rules_as_data
from veerkracht.cases.services.errors import NotAllowed
from veerkracht.core import events
from veerkracht.core.calendar import WorkingDayCalendar
from veerkracht.core.models import Organisation, Team
from veerkracht.core.permissions import has_permission
from veerkracht.core.roles import catalogue
from veerkracht.core.services import record_audit
from veerkracht.rulefiles import Problem, RuleFileError, read_rule_data

MANAGE = "cases.manage_routing"
RULE_SET_CREATED = "routing.rule_set_created"
RULE_SET_ACTIVATED = "routing.rule_set_activated"

_lock = threading.Lock()
# Rule sets never change once stored, so what was read of one can be kept by its id (and its moment of
# creation, in case a test database hands out an id again).
_loaded: dict[tuple[int, object], LoadedRules] = {}
# The same, by the active set's row as :func:`_active_row` reads it (its moment as the database gives it).
_active: dict[tuple[int, object], LoadedRules] = {}


@dataclass(frozen=True)
class LoadedRules:
    """A stored rule set read back: the rules to evaluate, and per position the row and its targets."""

    rule_set_id: int
    version: int
    rules: RoutingFile
    rule_ids: tuple[int, ...]
    targets: tuple[tuple[int | None, int | None], ...]


@dataclass(frozen=True)
class Routed:
    """Who handles a melding, and which rule said so."""

    rule_id: int
    organisation_id: int
    team_id: int | None
    role: str


class RoutingRulesError(RuleFileError):
    """A rule set that cannot be stored; per problem the rule and what is wrong, in Dutch."""


def _source(organisation: Organisation, version: int | str) -> str:
    return f"routeringsregels van {organisation.name}, versie {version}"


def check_rules(organisation: Organisation, data: dict[str, Any]) -> RoutingFile:
    """Check rules in the shape of ``routing.yaml`` against the file's rules and this installation."""
    source = _source(organisation, data.get("version", "nieuw"))
    rules = read_rule_data(data, RoutingFile, source, error=RoutingRulesError)
    problems: list[Problem] = []
    book = rulebook().categories
    known_categories = {code for code, _label, _subs in book.choices()}
    known_categories |= {f"{code}/{sub}" for code, _label, subs in book.choices() for sub, _ in subs}
    area_codes = {code for rule in rules.rules for code in rule.when.areas}
    existing_areas = set(current().filter(code__in=area_codes).values_list("code", flat=True))
    for position, rule in enumerate(rules.rules):
        key = f"rules[{position}]"

        def problem(where: str, text: str, key: str = key, name: str = rule.name) -> None:
            problems.append(Problem(text, key=f"{key}.{where}", item=name))

        for category in sorted(set(rule.when.categories) - known_categories):
            problem("when.categories", f"categorie '{category}' bestaat niet")
        for pillar in sorted(set(rule.when.pillars) - set(book.file.pillars)):
            problem("when.pillars", f"pijler '{pillar}' bestaat niet")
        for area in sorted(set(rule.when.areas) - existing_areas):
            problem("when.areas", f"gebied '{area}' bestaat niet")
        if rule.assign.role not in catalogue().roles:
            problem("assign.role", f"rol '{rule.assign.role}' bestaat niet")
        target = organisation
        if rule.assign.organisation:
            found = Organisation.objects.filter(slug=rule.assign.organisation).first()
            if found is None:
                problem("assign.organisation", f"organisatie '{rule.assign.organisation}' bestaat niet")
            target = found or organisation
        if rule.assign.team and not Team.objects.filter(organisation=target, slug=rule.assign.team).exists():
            problem("assign.team", f"{target.name} heeft geen team '{rule.assign.team}'")
    if problems:
        raise RoutingRulesError(source, problems)
    return rules


@transaction.atomic
def create_rule_set(
    organisation: Organisation,
    data: dict[str, Any],
    *,
    actor: Any,
    note: str = "",
    activate: bool = True,
    source: str = "",
) -> RoutingRuleSet:
    """Store rules (in the shape of ``routing.yaml``, ``version`` optional) as the next version."""
    if actor is not None and not has_permission(actor, MANAGE, organisation):
        raise NotAllowed(f"u mag de routering van {organisation.name} niet beheren")
    # Lock the organisation's row: two administrators saving at once get consecutive versions.
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    latest = RoutingRuleSet.objects.filter(organisation=organisation).aggregate(v=Max("version"))["v"] or 0
    rules = check_rules(organisation, {**data, "version": latest + 1})
    if activate:
        RoutingRuleSet.objects.filter(organisation=organisation, active=True).update(active=False)
    rule_set = RoutingRuleSet.objects.create(
        organisation=organisation,
        version=latest + 1,
        active=activate,
        office_hours_start=rules.office_hours.start,
        office_hours_end=rules.office_hours.end,
        note=note[:500],
        source=source[:200],
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    slugs = {r.assign.organisation for r in rules.rules if r.assign.organisation}
    organisations = {o.slug: o for o in Organisation.objects.filter(slug__in=slugs)}
    stored = rules_as_data(rules)["rules"]
    for position, (rule, plain) in enumerate(zip(rules.rules, stored, strict=True)):
        target = organisations.get(rule.assign.organisation or "", organisation)
        RoutingRule.objects.create(
            rule_set=rule_set,
            position=position,
            name=rule.name,
            conditions=plain.get("when", {}),
            organisation=target if rule.assign.organisation else None,
            team=Team.objects.filter(organisation=target, slug=rule.assign.team).first()
            if rule.assign.team
            else None,
            role=rule.assign.role,
        )
    record_audit(
        "routing.rule_set_created",
        actor=actor,
        organisation=organisation,
        object_type="routing_rule_set",
        object_id=rule_set.pk,
        detail={"version": rule_set.version, "active": activate, "rules": len(rules.rules), "note": note},
    )
    events.publish(RULE_SET_CREATED, {"organisation": organisation.pk, "rule_set": rule_set.pk})
    return rule_set


@transaction.atomic
def activate_rule_set(rule_set: RoutingRuleSet, *, actor: Any) -> RoutingRuleSet:
    """Put a stored version in force (going back to an earlier one, say); the others stop."""
    organisation = rule_set.organisation
    if actor is not None and not has_permission(actor, MANAGE, organisation):
        raise NotAllowed(f"u mag de routering van {organisation.name} niet beheren")
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    RoutingRuleSet.objects.filter(organisation=organisation, active=True).exclude(pk=rule_set.pk).update(
        active=False
    )
    RoutingRuleSet.objects.filter(pk=rule_set.pk).update(active=True)
    rule_set.active = True
    record_audit(
        "routing.rule_set_activated",
        actor=actor,
        organisation=organisation,
        object_type="routing_rule_set",
        object_id=rule_set.pk,
        detail={"version": rule_set.version},
    )
    events.publish(RULE_SET_ACTIVATED, {"organisation": organisation.pk, "rule_set": rule_set.pk})
    return rule_set


def seed_rule_set(organisation: Organisation) -> RoutingRuleSet:
    """The organisation's active rule set; made from the shipped ``routing.yaml`` when it has none."""
    found = RoutingRuleSet.objects.filter(organisation=organisation, active=True).first()
    if found is not None:
        return found
    defaults = rulebook().routing
    try:
        with transaction.atomic():
            return create_rule_set(
                organisation,
                rules_as_data(defaults),
                actor=None,
                note="Standaardregels",
                source=f"routing.yaml {defaults.version} {defaults.sha256[:12]}",
            )
    except IntegrityError:
        # Another intake seeded the same organisation at the same moment; use theirs.
        return RoutingRuleSet.objects.get(organisation=organisation, active=True)


def load(rule_set: RoutingRuleSet) -> LoadedRules:
    """Read a stored rule set back into the rules the pure evaluation takes (kept per id)."""
    key = (rule_set.pk, rule_set.created_at)
    with _lock:
        cached = _loaded.get(key)
    if cached is not None:
        return cached
    rows = list(rule_set.rules.select_related("organisation", "team").order_by("position"))
    data = {
        "version": rule_set.version,
        "office_hours": {"start": rule_set.office_hours_start, "end": rule_set.office_hours_end},
        "rules": [
            {
                "name": row.name,
                "when": row.conditions,
                "assign": {
                    "role": row.role,
                    **({"organisation": row.organisation.slug} if row.organisation else {}),
                    **({"team": row.team.slug} if row.team else {}),
                },
            }
            for row in rows
        ],
    }
    rules = read_rule_data(data, RoutingFile, _source(rule_set.organisation, rule_set.version))
    loaded = LoadedRules(
        rule_set.pk,
        rule_set.version,
        rules,
        tuple(row.pk for row in rows),
        tuple((row.organisation_id, row.team_id) for row in rows),
    )
    with _lock:
        _loaded[key] = loaded
    return loaded


def rules_for(organisation: Organisation) -> LoadedRules:
    """The rules an organisation routes with now (its active set; seeded when it has none)."""
    row = _active_row(organisation.pk)
    if row is None:
        return load(seed_rule_set(organisation))
    with _lock:
        cached = _active.get(row)
    if cached is None:
        cached = load(RoutingRuleSet.objects.get(pk=row[0]))
        with _lock:
            _active[row] = cached
    return cached


def _active_row(organisation_id: int) -> tuple[int, Any] | None:
    """The id and moment of creation of the organisation's active rule set, as the database gives them.

    A plain statement: through the ORM, building this query cost a tenth of an API submission's time
    (issue 9's load benchmark), and intake asks it for every melding.
    """
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote('id')}, {quote('created_at')} FROM {quote(RoutingRuleSet._meta.db_table)} "
            f"WHERE {quote('organisation_id')} = %s AND {quote('active')} = %s",
            [organisation_id, True],
        )
        row = cursor.fetchone()
    return (int(row[0]), row[1]) if row else None


def decide(
    organisation: Organisation,
    case: RoutingCase,
    calendar: WorkingDayCalendar,
    loaded: LoadedRules | None = None,
) -> Routed:
    """Route a melding received by an organisation with its active rules (read once per batch)."""
    loaded = loaded or rules_for(organisation)
    decision = route(loaded.rules, case, calendar)
    target_org, team = loaded.targets[decision.position]
    return Routed(
        rule_id=loaded.rule_ids[decision.position],
        organisation_id=target_org or organisation.pk,
        team_id=team,
        role=decision.assign.role,
    )


class Decider:
    """Routes many meldingen of one organisation with one rule set, each distinct case worked out once.

    A rule looks at a melding's areas only through the codes the rule names, so two cases that differ
    only in areas no rule names are routed alike; the memo's key leaves those areas out. Everything else
    of the case (category, pillar, channel, moment of receipt) is part of the key as it is.
    """

    def __init__(self, organisation: Organisation, calendar: WorkingDayCalendar, loaded: LoadedRules) -> None:
        self.organisation = organisation
        self.calendar = calendar
        self.loaded = loaded
        self.named = frozenset(code for rule in loaded.rules.rules for code in rule.when.areas)
        self.memo: dict[RoutingCase, Routed] = {}

    def __call__(self, case: RoutingCase) -> Routed:
        key = replace(case, areas=case.areas & self.named)
        found = self.memo.get(key)
        if found is None:
            found = self.memo[key] = decide(self.organisation, case, self.calendar, self.loaded)
        return found
