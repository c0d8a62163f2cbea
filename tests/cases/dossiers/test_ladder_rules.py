# SPDX-License-Identifier: EUPL-1.2
"""The ladder's preconditions and retention's periods as pure rules, table-driven (no database)."""

from __future__ import annotations

import pytest

from veerkracht.cases.rules.ladder import DossierFacts, TakenStep, read_ladder
from veerkracht.cases.rules.retention import read_retention

LADDER = read_ladder().ladder("standaard")


def facts(
    steps: tuple[str, ...] = (),
    *,
    undocumented: tuple[str, ...] = (),
    heard: tuple[str, ...] = (),
    roles: tuple[str, ...] = ("subject",),
    meldingen: int = 3,
) -> DossierFacts:
    taken = tuple(TakenStep(code, code not in undocumented) for code in steps)
    return DossierFacts(taken, frozenset(heard), frozenset(roles), meldingen)


FULL = ("aanspreken", "hoor_en_wederhoor", "brief", "stopgesprek")


@pytest.mark.parametrize(
    ("step", "state", "gaps"),
    [
        ("aanspreken", facts(), []),
        ("hoor_en_wederhoor", facts(heard=("subject",)), []),
        ("hoor_en_wederhoor", facts(), ["heard"]),
        ("hoor_en_wederhoor", facts(roles=()), ["heard"]),
        ("brief", facts(("hoor_en_wederhoor",)), []),
        ("brief", facts(("aanspreken",)), ["steps"]),
        ("stopgesprek", facts(("brief",)), []),
        ("allonge_leefregels", facts(("stopgesprek",)), []),
        ("allonge_leefregels", facts(("brief",)), ["steps"]),
        ("beeindiging_huurovereenkomst", facts(FULL, heard=("subject",)), []),
        ("beeindiging_huurovereenkomst", facts(FULL, heard=("subject",), meldingen=2), ["meldingen"]),
        (
            "beeindiging_huurovereenkomst",
            facts(FULL, heard=("subject",), undocumented=("brief",)),
            ["documented_steps"],
        ),
        ("beeindiging_huurovereenkomst", facts(FULL[1:], heard=("subject",)), ["documented_steps"]),
        ("beeindiging_huurovereenkomst", facts(FULL[:3], heard=("subject",)), ["steps", "documented_steps"]),
        ("beeindiging_huurovereenkomst", facts(FULL), ["heard"]),
    ],
)
def test_each_precondition_holds_or_is_named(step: str, state: DossierFacts, gaps: list[str]) -> None:
    assert [gap.kind for gap in LADDER.missing(step, state)] == gaps


def test_the_missing_texts_say_what_to_do_in_plain_dutch() -> None:
    texts = [gap.text for gap in LADDER.missing("beeindiging_huurovereenkomst", facts(meldingen=1, roles=()))]
    assert texts == [
        "eerst: Hoor en wederhoor",
        "eerst: Brief (waarschuwing of sommatie)",
        "eerst: Stopgesprek",
        "er is geen veroorzaker in het dossier vastgelegd",
        "ten minste 3 meldingen nodig, het dossier heeft er 1",
        "ten minste 4 eerdere stappen met volledig bewijs nodig, er zijn er 0",
    ]


def test_one_of_needs_at_least_one_of_its_steps() -> None:
    from veerkracht.cases.rules.ladder import Ladder, Requires

    spec = LADDER.model_dump(by_alias=True)
    spec["steps"]["mediation"]["requires"] = Requires(one_of=("brief", "buurtbemiddeling")).model_dump()
    ladder = Ladder.model_validate(spec)
    assert [g.kind for g in ladder.missing("mediation", facts(("aanspreken",)))] == ["one_of"]
    assert ladder.missing("mediation", facts(("buurtbemiddeling",))) == []


@pytest.mark.parametrize(
    ("category", "outcome", "months", "rule"),
    [
        ("overlast", "opgelost", 24, "dossiers.categories.overlast.default"),
        (
            "overlast",
            "huurovereenkomst_beeindigd",
            84,
            "dossiers.categories.overlast.outcomes.huurovereenkomst_beeindigd",
        ),
        ("zorg", "opgelost", 12, "dossiers.categories.zorg.default"),
        ("ondermijning", "opgelost", 60, "dossiers.categories.ondermijning.default"),
        ("onbekend", "opgelost", 24, "dossiers.default"),
    ],
)
def test_a_dossiers_period_comes_from_the_most_specific_entry(
    category: str, outcome: str, months: int, rule: str
) -> None:
    period = read_retention().dossier_period(category, outcome)
    assert (period.months, period.rule, period.version) == (months, rule, "2026.1")


@pytest.mark.parametrize(
    ("category", "status", "months", "rule"),
    [
        ("vervuiling", "gekoppeld", 12, "meldingen.categories.vervuiling.statuses.gekoppeld"),
        ("vervuiling", "afgehandeld", 12, "meldingen.categories.vervuiling.default"),
        ("criminaliteit", "afgehandeld", 24, "meldingen.categories.criminaliteit.default"),
        ("parkeren", "afgehandeld", 12, "meldingen.default"),
    ],
)
def test_a_meldings_period_comes_from_the_most_specific_entry(
    category: str, status: str, months: int, rule: str
) -> None:
    period = read_retention().melding_period(category, status)
    assert (period.months, period.rule) == (months, rule)
