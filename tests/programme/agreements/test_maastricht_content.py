# SPDX-License-Identifier: EUPL-1.2
"""Seed 003 as data: every agreement with its code, goal, leads and start, loaded all or nothing."""

from pathlib import Path

import pytest
import yaml

from veerkracht.core.models import Organisation
from veerkracht.programme.content.agreement_file import ContentError, parse_agreement_file
from veerkracht.programme.models import Agreement, AgreementSet, Milestone, Theme
from veerkracht.programme.services.agreement_loader import (
    MAASTRICHT_AGREEMENTS,
    load_agreement_file,
    load_maastricht_agreements,
)

pytestmark = pytest.mark.django_db

# The codes of seed 003, theme by theme (the text layer lost the letters; the order is the document's).
EXPECTED_CODES = {
    0: "abc",
    1: "abcde",
    2: "abcdefg",
    3: "abcde",
    4: "abc",
    5: "abcdefghijklmnopqrstuvw",
    6: "abcdefghij",
}


def _content() -> dict:
    return yaml.safe_load(MAASTRICHT_AGREEMENTS.read_text(encoding="utf-8"))


def test_every_agreement_of_seed_003_is_in_the_data_file(maastricht: AgreementSet) -> None:
    themes = {t.number: t.title for t in Theme.objects.filter(agreement_set=maastricht)}
    assert themes == {
        0: "Proces en samenwerking",
        1: "Betaalbaarheid",
        2: "Wonen en zorg",
        3: "Woonruimteverdeling",
        4: "Veiligheid en leefbaarheid",
        5: "Vastgoed, studentenhuisvesting, tijdelijkheid en duurzaamheid",
        6: "Gebiedsgerichte aanpak",
    }
    for number, letters in EXPECTED_CODES.items():
        codes = list(
            Agreement.objects.filter(theme__agreement_set=maastricht, theme__number=number).values_list(
                "code", flat=True
            )
        )
        assert codes == [f"{number}{letter}" for letter in letters]
    assert Agreement.objects.filter(theme__agreement_set=maastricht).count() == 56


def test_goals_leads_and_starting_actions_are_those_of_the_document(maastricht: AgreementSet) -> None:
    lobby = Agreement.objects.get(code="0a")
    assert lobby.goal == "Behartigen belangen volkshuisvesting Maastricht"
    assert lobby.starting_actions.startswith("Het gezamenlijk opstellen en aanvullen van een lobbydocument")
    assert [o.name for o in lobby.lead_organisations.all()] == ["Gemeente Maastricht"]
    target = Agreement.objects.get(code="1c")
    assert "80 procent van de DAEB-huurwoningen" in target.title
    assert [w.name for w in target.lead_workgroups.all()] == ["Werkgroep Betaalbaarheid"]
    shelter = Agreement.objects.get(code="2b")
    assert {o.name for o in shelter.lead_organisations.all()} == {
        "Gemeente Maastricht",
        "Servatius",
        "Trajekt",
    }
    pottenberg = Agreement.objects.get(code="6a")
    assert pottenberg.goal.startswith("Tweedeling in de wijk voorkomen")
    assert "Poortgebouw" in pottenberg.starting_actions and "Mammoetflat" in pottenberg.starting_actions
    assert {o.name for o in pottenberg.lead_organisations.all()} == {
        "Woonpunt",
        "Servatius",
        "Gemeente Maastricht",
    }
    assert [a.code for a in pottenberg.areas.all()] == ["BU09350203"]
    assert pottenberg.areas.get().name == "Pottenberg"


def test_the_real_organisations_are_created(maastricht: AgreementSet) -> None:
    kinds = dict(Organisation.objects.values_list("name", "kind"))
    for name in ("Servatius", "Woonpunt", "Maasvallei", "Wonen Limburg"):
        assert kinds[name] == "woningcorporatie"
    assert kinds["Gemeente Maastricht"] == "gemeente"
    assert kinds["Trajekt"] == "welzijn"
    assert kinds["Huurdersbelangenverenigingen Maastricht"] == "huurdersvereniging"


def test_dated_steps_become_milestones_with_the_words_of_the_document(maastricht: AgreementSet) -> None:
    steps = list(Agreement.objects.get(code="2c").milestones.values_list("due_on", "due_text"))
    assert [(d.isoformat(), text) for d, text in steps] == [
        ("2021-12-31", "2021 Q4"),
        ("2022-03-31", "2022 Q1"),
    ]
    assert Milestone.objects.filter(agreement__theme__agreement_set=maastricht).count() == 56


def test_loading_twice_is_refused_and_the_demo_hook_skips(maastricht: AgreementSet) -> None:
    with pytest.raises(ContentError, match="al geladen"):
        load_agreement_file(MAASTRICHT_AGREEMENTS)
    assert "al geladen" in load_maastricht_agreements()
    assert AgreementSet.objects.count() == 1


def test_an_unknown_lead_names_file_and_key_and_nothing_is_written(maastricht_areas: None) -> None:
    data = _content()
    data["themes"][6]["agreements"][0]["lead_organisations"][1] = "onbekend"
    with pytest.raises(ContentError) as problem:
        parse_agreement_file(data, "agreements.yaml")
    assert str(problem.value) == (
        "agreements.yaml, sleutel themes[6].agreements[0].lead_organisations[1]: "
        "onbekende organisatie 'onbekend'"
    )


def test_a_missing_area_rolls_back_everything(maastricht_areas: None, tmp_path: Path) -> None:
    data = _content()
    data["themes"][6]["agreements"][9]["areas"] = ["BU09359999"]
    broken = tmp_path / "agreements.yaml"
    broken.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    before = Organisation.objects.count()
    with pytest.raises(ContentError, match=r"themes\[6\]\.agreements\[9\]\.areas\[0\]: gebied BU09359999"):
        load_agreement_file(broken)
    assert AgreementSet.objects.count() == 0 and Organisation.objects.count() == before


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["themes"][1]["agreements"][0].pop("title"),
            r"themes\[1\]\.agreements\[0\]\.title: ontbreekt",
        ),
        (lambda d: d["themes"][1]["agreements"][1].update(code="2b"), "begint niet met het themanummer 1"),
        (lambda d: d["themes"][1]["agreements"][1].update(code="1a"), "de code '1a' komt twee keer voor"),
        (
            lambda d: d["themes"][2]["agreements"][2]["milestones"][0].update(due="Q4"),
            r"milestones\[0\]\.due: verwacht een datum als JJJJ-MM-DD",
        ),
        (lambda d: d["set"].update(kleur="rood"), r"set\.kleur: onbekende sleutel"),
    ],
)
def test_bad_content_gets_a_dutch_error_naming_the_key(change: object, message: str) -> None:
    data = _content()
    change(data)  # type: ignore[operator]
    with pytest.raises(ContentError, match=message):
        parse_agreement_file(data, "agreements.yaml")
