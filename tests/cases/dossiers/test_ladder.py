# SPDX-License-Identifier: EUPL-1.2
"""The escalation ladder: where a dossier stands, what the next step needs, skips and the eviction step."""

from __future__ import annotations

from typing import Any

import pytest

from veerkracht.cases.models import Dossier, LadderStep, StepEvidence, attachment_root
from veerkracht.cases.queries.ladder import position, requirements
from veerkracht.cases.services.attachments import Upload
from veerkracht.cases.services.dossier_common import DossierError
from veerkracht.cases.services.errors import NotAllowed
from veerkracht.cases.services.ladder import Evidence, add_evidence, take_step
from veerkracht.cases.services.parties import record_hearing
from veerkracht.core.models import AuditEvent

from .conftest import Network, ago, parties_of

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def talk(text: str = "Gesprek gevoerd") -> list[Evidence]:
    return [Evidence("gespreksverslag", text)]


def hear_subject(dossier: Dossier, when: Any) -> None:
    subject = parties_of(dossier, "subject")[0]
    record_hearing(subject, held_at=when, form="home_visit", statement="Ik hoor de buren nooit.", actor=None)


def test_a_new_dossier_stands_below_the_first_rung_and_knows_what_each_step_needs(nuisance: Dossier) -> None:
    place = position(nuisance)
    assert place is not None
    assert (place.current, place.rung, place.label) == (None, 0, "Escalatieladder leefbaarheid")
    steps = {step.code: step for step in place.next_steps}
    assert next(iter(steps)) == "aanspreken" and steps["aanspreken"].ready
    assert [gap.text for gap in steps["hoor_en_wederhoor"].missing] == [
        "hoor en wederhoor is niet vastgelegd voor elke veroorzaker"
    ]
    assert [gap.text for gap in steps["allonge_leefregels"].missing] == ["eerst: Stopgesprek"]
    eviction = steps["beeindiging_huurovereenkomst"]
    assert eviction.decided_by == "coordinator"
    assert eviction.evidence == ["Juridisch advies over beëindiging", "Dagvaarding of verzoekschrift"]
    assert {gap.kind for gap in eviction.missing} == {"steps", "heard", "documented_steps"}


def test_climbing_the_ladder_in_order_meets_every_precondition(network: Network, nuisance: Dossier) -> None:
    person = network["wijkbeheerder"]
    take_step(
        nuisance, "aanspreken", outcome="afspraken_gemaakt", evidence=talk(), actor=person, taken_at=ago(27)
    )
    with pytest.raises(DossierError, match="hoor en wederhoor is niet vastgelegd"):
        take_step(nuisance, "hoor_en_wederhoor", outcome="beide_gehoord", evidence=talk(), actor=person)
    hear_subject(nuisance, ago(26))
    take_step(
        nuisance,
        "hoor_en_wederhoor",
        outcome="beide_gehoord",
        evidence=talk(),
        actor=person,
        taken_at=ago(25),
    )
    with pytest.raises(DossierError, match="eerst: Brief"):
        take_step(nuisance, "stopgesprek", outcome="afspraken_gemaakt", evidence=talk(), actor=person)
    take_step(
        nuisance,
        "brief",
        outcome="niet_opgelost",
        evidence=[Evidence("brief", "Waarschuwingsbrief")],
        actor=person,
        taken_at=ago(20),
    )
    take_step(
        nuisance, "stopgesprek", outcome="afspraken_gemaakt", evidence=talk(), actor=person, taken_at=ago(15)
    )
    step = take_step(
        nuisance,
        "allonge_leefregels",
        outcome="ondertekend",
        evidence=[Evidence("ondertekende_allonge", "Allonge getekend")],
        actor=person,
        taken_at=ago(10),
    )
    assert step.documented and step.skipped == [] and not step.is_eviction
    place = position(nuisance)
    assert place is not None and (place.current, place.rung) == ("allonge_leefregels", 7)
    assert [s.code for s in place.next_steps] == ["beeindiging_huurovereenkomst"]
    assert place.next_steps[0].ready


def test_an_allonge_without_a_stopgesprek_needs_a_reason_and_a_coordinator(
    network: Network, nuisance: Dossier
) -> None:
    city = network.city
    allonge = [Evidence("ondertekende_allonge", "Allonge getekend")]
    with pytest.raises(
        DossierError, match=r"eerst: Stopgesprek.*Overslaan kan alleen met een reden en een coordinator"
    ):
        take_step(
            nuisance,
            "allonge_leefregels",
            outcome="ondertekend",
            evidence=allonge,
            actor=city["wijkbeheerder"],
        )
    with pytest.raises(DossierError, match="Overslaan"):
        take_step(
            nuisance,
            "allonge_leefregels",
            outcome="ondertekend",
            evidence=allonge,
            actor=city["wijkbeheerder"],
            approved_by=city["coordinator"],
        )
    with pytest.raises(NotAllowed, match="geen coordinator"):
        take_step(
            nuisance,
            "allonge_leefregels",
            outcome="ondertekend",
            evidence=allonge,
            actor=city["wijkbeheerder"],
            skip_reason="Huurder wil zelf tekenen",
            approved_by=city["sociaal"],
        )
    step = take_step(
        nuisance,
        "allonge_leefregels",
        outcome="ondertekend",
        evidence=allonge,
        actor=city["wijkbeheerder"],
        skip_reason="Huurder biedt zelf aan de leefregels te tekenen",
        approved_by=city["coordinator"],
    )
    assert step.skipped == ["eerst: Stopgesprek"] and step.approved_by == city["coordinator"]
    audit = AuditEvent.objects.filter(action="dossier.step_taken").latest("id")
    assert audit.detail["skipped"] == 1 and audit.detail["approved_by"] == city["coordinator"].pk
    assert "Huurder" not in str(audit.detail)


def test_ending_the_tenancy_needs_a_documented_history_and_is_decided_by_a_coordinator(
    network: Network, nuisance: Dossier
) -> None:
    city = network.city
    person = city["wijkbeheerder"]
    hear_subject(nuisance, ago(27))
    take_step(
        nuisance,
        "hoor_en_wederhoor",
        outcome="beide_gehoord",
        evidence=talk(),
        actor=person,
        taken_at=ago(26),
    )
    # A letter without its evidence counts as a step, but not as a documented one.
    letter = take_step(nuisance, "brief", outcome="niet_opgelost", actor=person, taken_at=ago(20))
    assert not letter.documented
    take_step(nuisance, "stopgesprek", outcome="geweigerd", evidence=talk(), actor=person, taken_at=ago(15))
    evidence = [
        Evidence("juridisch_advies", "Advies advocaat"),
        Evidence("dagvaarding", "Dagvaarding kantonrechter"),
    ]
    need = requirements(nuisance, "beeindiging_huurovereenkomst")
    assert [gap.text for gap in need.missing] == [
        "ten minste 4 eerdere stappen met volledig bewijs nodig, er zijn er 2"
    ]
    take_step(nuisance, "aanspreken", outcome="geweigerd", evidence=talk(), actor=person, taken_at=ago(14))
    add_evidence(letter, [Evidence("brief", "Kopie van de brief")], actor=person)
    letter.refresh_from_db()
    assert letter.documented
    assert requirements(nuisance, "beeindiging_huurovereenkomst").ready
    with pytest.raises(NotAllowed, match="besloten door een coordinator"):
        take_step(
            nuisance, "beeindiging_huurovereenkomst", outcome="ontruimd", evidence=evidence, actor=person
        )
    step = take_step(
        nuisance,
        "beeindiging_huurovereenkomst",
        outcome="ontruimd",
        evidence=evidence,
        actor=city["coordinator"],
    )
    assert step.is_eviction and step.documented


def test_a_coordinator_may_approve_the_eviction_another_records(network: Network, nuisance: Dossier) -> None:
    city = network.city
    step = take_step(
        nuisance,
        "beeindiging_huurovereenkomst",
        outcome="overeenkomst_beeindigd",
        actor=city["wijkbeheerder"],
        skip_reason="Drugshandel vanuit de woning (Opiumwet artikel 13b), seed 004 §5",
        approved_by=city["coordinator"],
    )
    assert step.is_eviction and len(step.skipped) == 5 and not step.documented


@pytest.mark.parametrize(
    ("step", "outcome", "message"),
    [
        ("aanspreken", "ontruimd", "past niet bij Aanspreken"),
        ("huisbezoek", "opgelost", "staat niet op de ladder"),
    ],
)
def test_an_unknown_step_or_an_outcome_that_does_not_fit_is_refused(
    network: Network, nuisance: Dossier, step: str, outcome: str, message: str
) -> None:
    with pytest.raises(DossierError, match=message):
        take_step(nuisance, step, outcome=outcome, actor=network["wijkbeheerder"])


def test_evidence_files_are_checked_kept_private_and_removed_when_the_step_is_refused(
    network: Network, nuisance: Dossier, data_dir: Any
) -> None:
    person = network["wijkbeheerder"]
    stored_first = [
        Evidence("gespreksverslag", "Verslag", upload=Upload("verslag.pdf", PDF)),
        Evidence("foto", "?"),
    ]
    with pytest.raises(DossierError, match="soort 'foto' bestaat niet"):
        take_step(nuisance, "aanspreken", outcome="opgelost", evidence=stored_first, actor=person)
    root = attachment_root()
    assert root.is_dir() and not [p for p in root.rglob("*") if p.is_file()]  # written, then removed
    step = take_step(
        nuisance,
        "aanspreken",
        outcome="opgelost",
        evidence=[Evidence("gespreksverslag", "Verslag", upload=Upload("verslag.pdf", PDF))],
        actor=person,
    )
    stored = StepEvidence.objects.get(step=step)
    assert stored.content_type == "application/pdf" and stored.original_name == "verslag.pdf"
    assert (attachment_root() / stored.stored_name).stat().st_mode & 0o777 == 0o600
    with pytest.raises(DossierError, match="toegestaan zijn"):
        take_step(
            nuisance,
            "aanspreken",
            outcome="opgelost",
            evidence=[Evidence("gespreksverslag", "Script", upload=Upload("x.pdf", b"#!/bin/sh\necho hi\n"))],
            actor=person,
        )
    assert LadderStep.objects.filter(dossier=nuisance).count() == 1
