# SPDX-License-Identifier: EUPL-1.2
"""Routing: ordered rules, first match wins, versioned per organisation, with a "test this rule" preview."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from veerkracht.cases.models import RoutingRuleSet
from veerkracht.cases.queries.routing import preview, sample, versions
from veerkracht.cases.rulebook import rulebook
from veerkracht.cases.rules.routing import RoutingFile, rules_as_data
from veerkracht.cases.services.errors import NotAllowed
from veerkracht.cases.services.location import Location
from veerkracht.cases.services.routing import RoutingRulesError, activate_rule_set, create_rule_set
from veerkracht.core.models import AuditEvent
from veerkracht.rulefiles import RuleFileError, read_rule_data

from .conftest import BUURT_2, IN_BUURT_2, City, moment


def defaults() -> dict[str, Any]:
    return copy.deepcopy(rules_as_data(rulebook().routing))


@pytest.mark.parametrize(
    ("category", "subcategory", "received", "role", "rule"),
    [
        (
            "vervuiling",
            "zwerfafval",
            moment(2026, 11, 23, 10),
            "wijkbeheerder",
            "Fysieke woonomgeving: wijkbeheerder",
        ),
        (
            "overlast",
            "geluid",
            moment(2026, 11, 23, 10),
            "sociaal_beheerder",
            "Overlast en burenruzies: sociaal beheerder",
        ),
        (
            "zorgsignaal",
            "vereenzaming",
            moment(2026, 11, 23, 10),
            "sociaal_beheerder",
            "Zorgsignalen en huurachterstand: sociaal beheerder",
        ),
        (
            "vervuiling",
            "vervuilde_woning",
            moment(2026, 11, 23, 10),
            "sociaal_beheerder",
            "Zorgsignalen en huurachterstand: sociaal beheerder",
        ),
        (
            "woonfraude",
            "onderverhuur",
            moment(2026, 11, 23, 10),
            "leefbaarheidsmedewerker",
            "Criminaliteit, ondermijning en woonfraude: leefbaarheidsmedewerker",
        ),
        (
            "criminaliteit",
            "drugshandel",
            moment(2026, 11, 23, 17, 0),
            "coordinator",
            "Criminaliteit buiten kantoortijd: coördinator",
        ),
        (
            "criminaliteit",
            "drugshandel",
            moment(2026, 11, 23, 16, 59),
            "leefbaarheidsmedewerker",
            "Criminaliteit, ondermijning en woonfraude: leefbaarheidsmedewerker",
        ),
        (
            "criminaliteit",
            "drugshandel",
            moment(2026, 11, 23, 8, 29),
            "coordinator",
            "Criminaliteit buiten kantoortijd: coördinator",
        ),
        (
            "criminaliteit",
            "drugshandel",
            moment(2026, 11, 22, 12),
            "coordinator",
            "Criminaliteit buiten kantoortijd: coördinator",
        ),
        (
            "criminaliteit",
            "drugshandel",
            moment(2026, 12, 25, 12),
            "coordinator",
            "Criminaliteit buiten kantoortijd: coördinator",
        ),
        (
            "samen_wonen",
            "bewonersinitiatief",
            moment(2026, 11, 23, 10),
            "leefbaarheidsmedewerker",
            "Samen wonen en bewonersinitiatieven: leefbaarheidsmedewerker",
        ),
    ],
)
def test_the_default_rules_route_by_pillar_category_and_office_hours(
    city: City, take_in: Any, category: str, subcategory: str, received: Any, role: str, rule: str
) -> None:
    import time_machine

    with time_machine.travel(moment(2026, 12, 31), tick=False):
        melding = take_in(category, subcategory, received_at=received)
    assert (melding.responsible_role, melding.routing_rule.name) == (role, rule)


def test_a_new_version_routes_new_meldingen_and_old_ones_keep_the_rule_that_routed_them(
    city: City, take_in: Any
) -> None:
    before = take_in(point=IN_BUURT_2)
    rules = defaults()
    rules["rules"].insert(
        0,
        {
            "name": "Oostbuurt: Wijkbeheer Noord",
            "when": {"areas": [BUURT_2], "pillars": ["fysieke_woonomgeving"]},
            "assign": {"role": "wijkbeheerder", "team": "wijkbeheer-noord"},
        },
    )
    second = create_rule_set(city.corporation, rules, actor=city["beheerder"], note="Oostbuurt apart")
    assert second.version == 2 and second.active
    assert RoutingRuleSet.objects.get(organisation=city.corporation, version=1).active is False
    after = take_in(point=IN_BUURT_2)
    assert after.responsible_team == city.noord and after.routing_rule.rule_set == second
    assert after.routing_rule.position == 0
    before.refresh_from_db()
    assert before.routing_rule.rule_set.version == 1 and before.responsible_team is None
    # Going back is activating the old version; nothing is edited.
    activate_rule_set(before.routing_rule.rule_set, actor=city["beheerder"])
    assert take_in(point=IN_BUURT_2).responsible_team is None
    assert [v.version for v in versions(city.corporation)] == [2, 1]
    assert AuditEvent.objects.filter(action="routing.rule_set_created").count() == 2


def test_a_rule_can_send_meldingen_to_another_organisation(city: City, take_in: Any) -> None:
    rules = defaults()
    rules["rules"].insert(
        0,
        {
            "name": "Woonfraude naar de gemeente",
            "when": {"categories": ["woonfraude"]},
            "assign": {"role": "coordinator", "organisation": "gemeente-teststad"},
        },
    )
    create_rule_set(city.corporation, rules, actor=None)
    melding = take_in("woonfraude", "onderverhuur")
    assert melding.organisation == city.gemeente and melding.received_by == city.corporation


def test_rules_that_do_not_fit_this_installation_are_refused_with_each_problem(city: City) -> None:
    rules = defaults()
    rules["rules"].insert(
        0,
        {
            "name": "Fout",
            "when": {
                "categories": ["onzin", "vervuiling/graffiti"],
                "pillars": ["vrolijk"],
                "areas": ["BU00000000"],
            },
            "assign": {"role": "tovenaar", "team": "geen-team", "organisation": "nergens"},
        },
    )
    with pytest.raises(RoutingRulesError) as refused:
        create_rule_set(city.corporation, rules, actor=None)
    text = str(refused.value)
    for words in (
        "categorie 'onzin'",
        "categorie 'vervuiling/graffiti'",
        "pijler 'vrolijk'",
        "gebied 'BU00000000'",
        "rol 'tovenaar'",
        "organisatie 'nergens'",
        "sleutel 'rules[0].assign.role' (Fout)",
    ):
        assert words in text
    assert not RoutingRuleSet.objects.exists()


def test_a_rule_set_must_end_with_a_rule_for_everything(city: City) -> None:
    rules = defaults()
    rules["rules"] = rules["rules"][:-1]
    with pytest.raises(RuleFileError, match="laatste regel moet zonder voorwaarden"):
        create_rule_set(city.corporation, rules, actor=None)
    with pytest.raises(RuleFileError, match="ligt niet na het begin"):
        read_rule_data(
            {**defaults(), "version": 1, "office_hours": {"start": "17:00", "end": "08:30"}}, RoutingFile, "x"
        )
    broken = defaults()
    broken["rules"][0]["when"]["channels"] = ["fax"]
    with pytest.raises(RuleFileError, match="verwacht een kanaal"):
        read_rule_data({**broken, "version": 1}, RoutingFile, "x")


def test_only_the_organisations_administrators_change_its_rules(city: City) -> None:
    for username in ("wijkbeheerder", "anders", "bewoner"):
        with pytest.raises(NotAllowed):
            create_rule_set(city.corporation, defaults(), actor=city[username])
    create_rule_set(city.corporation, defaults(), actor=city["coordinator"])


def test_the_preview_says_for_each_rule_why_it_matches_or_not(city: City) -> None:
    case = sample(
        "criminaliteit",
        "drugshandel",
        location=Location(x=IN_BUURT_2[0], y=IN_BUURT_2[1]),
        received_at=moment(2026, 11, 23, 20),
    )
    assert BUURT_2 in case.areas
    draft = defaults()
    result = preview(city.corporation, draft, case)
    assert result.chosen == 0
    first = result.results[0]
    assert first.matches and [(c.condition, c.found, c.holds) for c in first.checks] == [
        ("pillars", "sociaal_repressief", True),
        ("outside_office_hours", "buiten kantoortijd", True),
    ]
    by_day = preview(
        city.corporation, draft, sample("criminaliteit", "drugshandel", received_at=moment(2026, 11, 23, 10))
    )
    assert by_day.chosen == 1 and not by_day.results[0].matches
    assert not by_day.results[0].checks[1].holds
    draft["rules"][2]["when"]["categories"] = ["bestaat_niet"]
    with pytest.raises(RoutingRulesError, match="categorie 'bestaat_niet'"):
        preview(city.corporation, draft, case)
    stored = create_rule_set(city.corporation, defaults(), actor=None)
    assert preview(city.corporation, stored, case).chosen == 0
