# SPDX-License-Identifier: EUPL-1.2
"""A year of synthetic meldingen in a demo city, through the bulk path of the historic import.

Each planned melding is taken in as the historic import takes one (intake's checks, the routing rules,
its handling replayed on the working-day calendar), flagged synthetic, in one transaction per
corporation. Maasoever first gets a routing version that hands physical matters to its team Wijkbeheer
Noord and social ones to Sociaal beheer (through the routing service, as its administrator would), so its
teams' work lists fill; the resident team Hoogveld's rounds come in as rounds with their findings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from veerkracht.cases.access import grants_of
from veerkracht.cases.importers.history import Moments
from veerkracht.cases.importers.store import HistoricMelding, HistoricStore
from veerkracht.cases.models import Melding, ResidentTeamRound, RoutingRuleSet
from veerkracht.cases.rulebook import rulebook
from veerkracht.cases.rules.routing import rules_as_data
from veerkracht.cases.services import routing
from veerkracht.cases.services.intake import NewMelding, Reporter
from veerkracht.cases.services.location import Location
from veerkracht.core.models import Organisation, Team, User
from veerkracht.core.queries import calendar_for
from veerkracht.demo.meldingen.places import places_of
from veerkracht.demo.meldingen.plan import PlannedMelding, plan_year
from veerkracht.demo.synthetic import City

#: The two corporations of the demo (made by ``create_demo_people``), in the order of the plan's owners.
CORPORATIONS = ("Woonstichting Maasoever", "Woonvereniging Heuvelrand")
RESIDENT_TEAM = "Bewonersteam Hoogveld"
ROUND_SUBMITTER = "bewoner"
#: Who takes on a melding of each pillar, per corporation (a person is only given what they may handle).
HANDLERS = {
    "Woonstichting Maasoever": {
        "fysieke_woonomgeving": "wijkbeheerder",
        "sociaal_preventief": "sociaalbeheerder",
        "sociaal_repressief": "leefbaarheid",
        "samen_wonen": "leefbaarheid",
    },
    "Woonvereniging Heuvelrand": dict.fromkeys(
        ("fysieke_woonomgeving", "sociaal_preventief", "sociaal_repressief", "samen_wonen"), "heuvelrand"
    ),
}
TEAM_OF_ROLE = {"wijkbeheerder": "wijkbeheer-noord", "sociaal_beheerder": "sociaal-beheer"}
DEMO_ROUTING = "demo: teams"


@dataclass(frozen=True)
class DemoMeldingen:
    per_corporation: dict[str, int]
    rounds: int
    open: int
    overdue: int

    def line(self) -> str:
        counts = ", ".join(f"{name} {count}" for name, count in self.per_corporation.items())
        total = sum(self.per_corporation.values())
        return (
            f"meldingen: {total} synthetisch over het afgelopen jaar ({counts}), {self.rounds} rondes van "
            f"{RESIDENT_TEAM}, {self.open} open, waarvan {self.overdue} over de termijn"
        )


def build_demo_meldingen(
    city: City, *, seed: int, now: datetime | None = None, with_complexes: bool = True
) -> DemoMeldingen | None:
    """Add a year of synthetic meldingen for the demo's corporations; None when they are there already."""
    corporations = [Organisation.objects.get(name=name) for name in CORPORATIONS]
    if Melding.objects.filter(synthetic=True, received_by__in=corporations).exists():
        return None
    moment = now or timezone.now()
    _route_to_teams(corporations[0])
    book = rulebook()
    places = places_of(city, seed=seed, corporations=len(corporations), with_complexes=with_complexes)
    plan = plan_year(
        places,
        seed=seed,
        now=moment,
        calendar=calendar_for(corporations[0]),
        workflows={code: spec.workflow for code, spec in book.categories.file.categories.items()},
        corporations=len(corporations),
    )
    team = Team.objects.get(name=RESIDENT_TEAM)
    submitter = User.objects.filter(username=ROUND_SUBMITTER).first()
    counts: dict[str, int] = {}
    opened = 0
    with transaction.atomic():
        for owner, corporation in enumerate(corporations):
            store = HistoricStore(corporation, synthetic=True, now=moment)
            rounds: dict[int, ResidentTeamRound] = {}
            if owner == 0:
                for index, planned in enumerate(plan.rounds):
                    rounds[index] = store.create_round(
                        team=team,
                        walked_on=planned.walked_on,
                        route=planned.route,
                        submitted_by=submitter,
                        submitted_at=planned.submitted_at,
                    )
            handlers = _handlers(corporation)
            records = [
                _record(planned, corporation, rounds, submitter, handlers, book)
                for planned in plan.meldingen
                if planned.owner == owner
            ]
            prepared, problems = store.prepare(records)
            if problems:
                first = next(iter(problems.items()))
                raise RuntimeError(f"the demo planned a melding that intake refuses: {first}")
            store.write(prepared)
            store.finish(actor=None, detail={"source": "demo", "seed": seed})
            counts[corporation.name] = len(store.ids)
            opened += store.open
    overdue = Melding.objects.filter(
        synthetic=True, received_by__in=corporations, is_open=True, next_deadline__lt=moment
    ).count()
    return DemoMeldingen(counts, len(plan.rounds), opened, overdue)


def _route_to_teams(corporation: Organisation) -> None:
    """A routing version that names Maasoever's teams (made once, as its administrator would)."""
    if RoutingRuleSet.objects.filter(organisation=corporation, note=DEMO_ROUTING).exists():
        return
    data = rules_as_data(rulebook().routing)
    for rule in data["rules"]:
        team = TEAM_OF_ROLE.get(rule["assign"]["role"])
        if team is not None and Team.objects.filter(organisation=corporation, slug=team).exists():
            rule["assign"]["team"] = team
    routing.create_rule_set(corporation, data, actor=None, note=DEMO_ROUTING, source="demo")


def _handlers(corporation: Organisation) -> dict[str, User]:
    usernames = HANDLERS.get(corporation.name, {})
    people = {user.username: user for user in User.objects.filter(username__in=set(usernames.values()))}
    return {pillar: people[name] for pillar, name in usernames.items() if name in people}


def _record(
    planned: PlannedMelding,
    corporation: Organisation,
    rounds: dict[int, ResidentTeamRound],
    submitter: User | None,
    handlers: dict[str, User],
    book: Any,
) -> HistoricMelding:
    kind = book.categories.classify(planned.category, planned.subcategory)
    handler = handlers.get(kind.pillar) if planned.assigned else None
    if handler is not None:
        grants = grants_of(handler)
        if corporation.pk not in grants.edit or not grants.may_view(corporation.pk, kind.confidentiality):
            handler = None  # a wijkbeheerder does not read care signals, so is not given them
    reporter = planned.reporter
    handling = planned.handling
    round = rounds.get(planned.round) if planned.round is not None else None
    return HistoricMelding(
        NewMelding(
            category=planned.category,
            subcategory=planned.subcategory,
            description=planned.description,
            location=Location(
                address=planned.address, x=planned.x, y=planned.y, complex_code=planned.complex_id
            ),
            channel=planned.channel,
            reporter=Reporter(
                kind=reporter.kind,
                name=reporter.name,
                email=reporter.email,
                phone=reporter.phone,
                address=reporter.address,
            ),
            received_at=planned.received_at,
        ),
        Moments(
            received_at=planned.received_at,
            acknowledged_at=handling.acknowledged_at,
            feedback_at=handling.feedback_at,
            closed_at=handling.closed_at,
            status=handling.status,
            status_at=handling.status_at,
            feedback=handling.feedback,
            close_reason=handling.close_reason,
            partner=handling.partner,
        ),
        submitted_by=submitter if round is not None else None,
        round=round,
        assignee=handler,
    )
