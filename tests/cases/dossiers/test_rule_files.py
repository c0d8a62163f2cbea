# SPDX-License-Identifier: EUPL-1.2
"""The dossier rule files: what the shipped ones say, and clear Dutch errors for a wrong one of a city."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from veerkracht.cases.dossier_rulebook import dossier_rules
from veerkracht.cases.rules.dossier_types import DOSSIER_TYPES_FILE, read_dossier_types
from veerkracht.cases.rules.ladder import LADDER_FILE, read_ladder
from veerkracht.cases.rules.retention import RETENTION_FILE, read_retention
from veerkracht.rulefiles import RuleFileError


def _edited(source: Path, folder: Path, change: Any) -> Path:
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    change(data)
    target = folder / source.name
    target.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return target


def test_the_ladder_has_the_eight_instruments_of_seed_004_in_order() -> None:
    ladder = read_ladder().ladder("standaard")
    assert [step.code for step in ladder.in_order()] == [
        "aanspreken",
        "hoor_en_wederhoor",
        "brief",
        "buurtbemiddeling",
        "mediation",
        "stopgesprek",
        "allonge_leefregels",
        "beeindiging_huurovereenkomst",
    ]
    assert ladder.step("allonge_leefregels").requires.steps == ("stopgesprek",)
    assert read_ladder().eviction_outcomes() == {"overeenkomst_beeindigd", "ontruimd"}


def test_each_dossier_type_maps_to_a_zgw_zaaktype() -> None:
    types = read_dossier_types()
    for code in ("overlast", "woonomgeving", "zorg", "ondermijning", "huurachterstand"):
        zaaktype = types.type(code).as_zaaktype()
        assert set(zaaktype) >= {
            "identificatie",
            "omschrijving",
            "vertrouwelijkheidaanduiding",
            "doorlooptijd",
            "servicenorm",
            "opschortingEnAanhoudingMogelijk",
            "verlengingMogelijk",
            "verlengingstermijn",
        }
        assert zaaktype["doorlooptijd"].startswith("P") and zaaktype["doorlooptijd"].endswith("D")
    assert types.type("zorg").as_zaaktype()["vertrouwelijkheidaanduiding"] == "confidentieel"
    assert types.type("huurachterstand").as_zaaktype()["opschortingEnAanhoudingMogelijk"] is False


@pytest.mark.parametrize(
    ("source", "reader", "change", "message"),
    [
        (
            LADDER_FILE,
            read_ladder,
            lambda d: d["ladders"]["standaard"]["steps"]["allonge_leefregels"]["requires"].update(
                steps=["ontruimen"]
            ),
            "sleutel 'ladders.standaard.steps.allonge_leefregels.requires.steps': onbekende stap 'ontruimen'",
        ),
        (
            LADDER_FILE,
            read_ladder,
            lambda d: d["ladders"]["standaard"]["steps"]["brief"]["requires"].update(steps=["stopgesprek"]),
            "'stopgesprek' staat niet lager op de ladder dan 'brief'",
        ),
        (
            LADDER_FILE,
            read_ladder,
            lambda d: d["ladders"]["standaard"]["steps"]["brief"].update(evidence=["foto"]),
            "onbekend soort bewijs 'foto'",
        ),
        (
            LADDER_FILE,
            read_ladder,
            lambda d: d["ladders"]["standaard"]["steps"]["brief"].update(rung=1),
            "trede 1 is al van 'aanspreken'",
        ),
        (
            DOSSIER_TYPES_FILE,
            read_dossier_types,
            lambda d: d["types"]["overlast"]["zaaktype"].update(servicenorm_days=400),
            "de servicenorm (400) is langer dan de doorlooptijd (182)",
        ),
        (
            DOSSIER_TYPES_FILE,
            read_dossier_types,
            lambda d: d["types"]["overlast"]["zaaktype"].update(extension={"allowed": True}),
            "noem met hoeveel dagen verlengen mag",
        ),
        (
            DOSSIER_TYPES_FILE,
            read_dossier_types,
            lambda d: d["types"]["zorg"].update(categories=["overlast"]),
            "categorie 'overlast' opent al een dossier van type 'overlast'",
        ),
        (
            DOSSIER_TYPES_FILE,
            read_dossier_types,
            lambda d: d["types"]["overlast"]["zaaktype"].update(vertrouwelijkheidaanduiding="stiekem"),
            "vertrouwelijkheidaanduiding",
        ),
        (RETENTION_FILE, read_retention, lambda d: d["dossiers"]["default"].update(months=0), "months"),
    ],
)
def test_a_wrong_rule_file_is_refused_with_its_file_and_key(
    tmp_path: Path, source: Path, reader: Any, change: Any, message: str
) -> None:
    with pytest.raises(RuleFileError) as caught:
        reader(_edited(source, tmp_path, change))
    assert source.name in str(caught.value) and message in str(caught.value), str(caught.value)


def test_a_citys_own_files_are_checked_against_the_categories_and_roles(
    tmp_path: Path, settings: Any
) -> None:
    _edited(DOSSIER_TYPES_FILE, tmp_path, lambda d: d["types"]["overlast"].update(access_level="geheim"))
    settings.VEERKRACHT_CASES_RULES_DIR = str(tmp_path)
    with pytest.raises(
        RuleFileError, match=r"types.overlast.access_level.*onbekend vertrouwelijkheidsniveau 'geheim'"
    ):
        dossier_rules()
    (tmp_path / DOSSIER_TYPES_FILE.name).unlink()
    _edited(LADDER_FILE, tmp_path, lambda d: d.update(skip_approver_role="baas"))
    settings.VEERKRACHT_CASES_RULES_DIR = str(tmp_path) + "/"
    with pytest.raises(RuleFileError, match="onbekende rol 'baas'"):
        dossier_rules()
    settings.VEERKRACHT_CASES_RULES_DIR = None
    assert dossier_rules().ladder.file.skip_approver_role == "coordinator"


def test_a_citys_own_retention_is_used(tmp_path: Path, settings: Any) -> None:
    _edited(
        RETENTION_FILE,
        tmp_path,
        lambda d: d["dossiers"]["categories"]["overlast"].update(default={"months": 36}),
    )
    settings.VEERKRACHT_CASES_RULES_DIR = str(tmp_path)
    assert dossier_rules().retention.dossier_period("overlast", "opgelost").months == 36
