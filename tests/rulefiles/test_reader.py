# SPDX-License-Identifier: EUPL-1.2
"""The one reader of rule files: what it accepts, and errors that name file, line, key and expectation."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import pytest
from pydantic import Field, model_validator

from veerkracht.rulefiles import (
    Colour,
    Items,
    Name,
    RuleFile,
    RuleFileError,
    RuleModel,
    RuleProblem,
    Text,
    one_of,
    read_rule_data,
    read_rule_file,
)


class Step(RuleModel):
    code: Name
    label: Text
    colour: Colour = "#000000"
    days: Annotated[int, Field(ge=0)] = 0


class Workflow(RuleFile):
    """A small rule file in the style of the coming workflow and service-level files."""

    steps: Annotated[Items[Step], Field(min_length=1)]
    start: Annotated[str, one_of(("ontvangen", "in_behandeling"))] = "ontvangen"
    sheet: str | int | None = None

    @model_validator(mode="after")
    def _codes_differ(self) -> Workflow:
        codes = [step.code for step in self.steps]
        for index, code in enumerate(codes):
            if code in codes[:index]:
                raise RuleProblem(("steps", index, "code"), f"'{code}' staat al eerder in de lijst")
        return self


GOOD = """\
version: "2026.1"
x-colours:
  red: &red "#E31A1C"
steps:
  - code: ontvangen
    label: {nl: Ontvangen, en: Received}
    why: the first step of every melding
  - code: afgehandeld
    label: {nl: Afgehandeld, en: Closed}
    colour: *red
    days: 10
"""


def _write(tmp_path: Path, text: str, name: str = "workflow.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_file_gives_a_typed_model_with_version_files_and_hash(tmp_path: Path) -> None:
    read = read_rule_file(_write(tmp_path, GOOD), Workflow)
    assert [step.code for step in read.steps] == ["ontvangen", "afgehandeld"]
    assert read.steps[1].colour == "#E31A1C" and read.steps[1].days == 10
    assert read.version == "2026.1"
    assert read.files == (str(tmp_path / "workflow.yaml"),) and read.source == read.files[0]
    assert len(read.sha256) == 64


def test_the_hash_follows_the_rules_not_the_comments_layout_or_anchor_holders(tmp_path: Path) -> None:
    first = read_rule_file(_write(tmp_path, GOOD, "a.yaml"), Workflow).sha256
    relaid = GOOD.replace("x-colours:\n  red: &red", "# kleuren\nx-kleuren:\n  rood: &red")
    assert read_rule_file(_write(tmp_path, relaid, "b.yaml"), Workflow).sha256 == first
    changed = GOOD.replace("days: 10", "days: 5")
    assert read_rule_file(_write(tmp_path, changed, "c.yaml"), Workflow).sha256 != first


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("days: 10", "days: tien"),
            "regel 11, sleutel 'steps[1].days' (afgehandeld): verwacht een geheel getal",
        ),
        (
            ("days: 10", "days: -1"),
            "sleutel 'steps[1].days' (afgehandeld): verwacht een getal >= 0, gekregen -1",
        ),
        (("days: 10", 'days: "10"'), "verwacht een geheel getal, gekregen '10'"),
        (
            ("colour: *red", "colour: rood"),
            "regel 10, sleutel 'steps[1].colour' (afgehandeld): verwacht een hexkleur",
        ),
        (
            ("    days: 10", "    days: 10\n    dagen: 10"),
            "sleutel 'steps[1]' (afgehandeld): onbekende sleutel(s)",
        ),
        (("{nl: Afgehandeld, en: Closed}", "{nl: Afgehandeld}"), "regel 9, sleutel 'steps[1].label.en'"),
        (
            ("code: afgehandeld", "code: ontvangen"),
            "regel 8, sleutel 'steps[1].code' (ontvangen): 'ontvangen' staat al",
        ),
        (('version: "2026.1"\n', ""), "workflow.yaml, sleutel 'version': ontbreekt"),
        (
            ("steps:", "start: gesloten\nsteps:"),
            "regel 4, sleutel 'start': verwacht een van ['ontvangen', 'in_beh",
        ),
        (("steps:", "sheet: [1]\nsteps:"), "sleutel 'sheet': verwacht een tekst of een geheel getal"),
        (
            ("steps:", "steps: []\nold_steps:"),
            "onbekende sleutel(s) ['old_steps']; toegestaan ['sheet', 'start', 'steps'",
        ),
    ],
)
def test_a_wrong_value_is_named_by_file_line_key_and_expectation(
    tmp_path: Path, change: tuple[str, str], expected: str
) -> None:
    assert change[0] in GOOD
    path = _write(tmp_path, GOOD.replace(*change))
    with pytest.raises(RuleFileError) as caught:
        read_rule_file(path, Workflow)
    assert expected in str(caught.value)
    assert str(caught.value).startswith(str(path))
    assert caught.value.source == str(path)


def test_every_problem_is_listed_at_once_up_to_ten(tmp_path: Path) -> None:
    steps = "".join(f"  - {{code: s{i}, label: {{nl: S}}}}\n" for i in range(12))
    path = _write(tmp_path, f"version: 1\nsteps:\n{steps}")
    with pytest.raises(RuleFileError) as caught:
        read_rule_file(path, Workflow)
    lines = str(caught.value).splitlines()
    assert len(caught.value.problems) == 12
    assert len(lines) == 11 and lines[-1] == "... en nog 2 problemen"
    assert lines[0].endswith("regel 3, sleutel 'steps[0].label.en' (s0): ontbreekt")


def test_yaml_that_would_build_python_objects_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "version: 1\nsteps: !!python/object/apply:os.system ['true']\n")
    with pytest.raises(RuleFileError, match=r"regel 2: geen geldige YAML"):
        read_rule_file(path, Workflow)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- just\n- a list\n", "verwacht een mapping (sleutel: waarde) op het hoogste niveau"),
        ("", "verwacht een mapping (sleutel: waarde) op het hoogste niveau"),
        ("version: 1\nsteps: [\n", "geen geldige YAML"),
    ],
)
def test_a_file_that_is_not_a_mapping_is_refused(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(RuleFileError, match=re.escape(expected)):
        read_rule_file(_write(tmp_path, text), Workflow)


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(RuleFileError, match=r"bestaat-niet\.yaml: bestand niet gevonden"):
        read_rule_file(tmp_path / "bestaat-niet.yaml", Workflow)


def test_extends_merges_mappings_replaces_lists_and_errors_point_into_the_base(tmp_path: Path) -> None:
    _write(tmp_path, GOOD, "basis.yaml")
    city = _write(tmp_path, "extends: basis.yaml\nversion: '2026.2'\nstart: in_behandeling\n", "stad.yaml")
    read = read_rule_file(city, Workflow)
    assert read.version == "2026.2" and read.start == "in_behandeling" and len(read.steps) == 2
    assert read.files == (str(tmp_path / "basis.yaml"), str(city))
    _write(tmp_path, GOOD.replace("days: 10", "days: tien"), "basis.yaml")
    with pytest.raises(RuleFileError) as caught:
        read_rule_file(city, Workflow)
    assert f"basis.yaml (via {city}), regel 11, sleutel 'steps[1].days'" in str(caught.value)
    replaced = _write(tmp_path, "extends: basis.yaml\nsteps:\n  - {code: x, label: {nl: X}}\n", "eigen.yaml")
    with pytest.raises(RuleFileError) as caught:
        read_rule_file(replaced, Workflow)
    assert str(caught.value) == f"{replaced}, regel 3, sleutel 'steps[0].label.en' (x): ontbreekt"


def test_data_that_is_already_parsed_is_checked_the_same_way() -> None:
    data = {"version": 1, "steps": [{"code": "a", "label": {"nl": "A", "en": ""}}]}
    with pytest.raises(RuleFileError) as caught:
        read_rule_data(data, Workflow, "in code")
    assert (
        str(caught.value)
        == "in code, sleutel 'steps[0].label.en' (a): verwacht een niet-lege tekst, gekregen ''"
    )
