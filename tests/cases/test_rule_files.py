# SPDX-License-Identifier: EUPL-1.2
"""The rule files of the meldingen: the shipped ones read, mistakes named in Dutch, and a service-level
change that never moves a deadline already given."""

from __future__ import annotations

import copy
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from veerkracht.cases.models import Channel, Clock
from veerkracht.cases.rulebook import rulebook
from veerkracht.cases.rules.categories import CATEGORIES_FILE, CategoriesFile
from veerkracht.cases.rules.routing import CHANNELS
from veerkracht.cases.rules.service_levels import SERVICE_LEVELS_FILE, ServiceLevelsFile, read_service_levels
from veerkracht.cases.rules.workflow import WORKFLOW_FILE, WorkflowFile
from veerkracht.cases.services.clocks import pause_clock, resume_clock
from veerkracht.core.roles import catalogue
from veerkracht.rulefiles import RuleFileError, read_rule_data

from .conftest import City, moment

SHIPPED_WORKFLOW = yaml.safe_load(WORKFLOW_FILE.read_text())


def workflow(change: Any) -> dict[str, Any]:
    data = copy.deepcopy(SHIPPED_WORKFLOW)
    data = {k: v for k, v in data.items() if not k.startswith("x-")}
    change(data["types"]["standaard"])
    return data


def test_the_shipped_rules_are_consistent_with_the_code_and_the_roles() -> None:
    book = rulebook()
    assert set(CHANNELS) == set(Channel.values)
    levels = book.categories.levels()
    assert levels == {"normaal": None, "zorg": "cases.view_care", "criminaliteit": "cases.view_crime"}
    assert set(levels.values()) - {None} <= set(catalogue().permissions)
    assert {rule.assign.role for rule in book.routing.rules} <= set(catalogue().roles)
    for code, _label, subs in book.categories.choices():
        for sub, _ in subs:
            kind = book.categories.classify(code, sub)
            assert kind.workflow in book.workflow.file.types


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (
            lambda t: t["transitions"]["close"].update(reason_required=False),
            "afsluiten vraagt altijd een reden",
        ),
        (
            lambda t: t["transitions"]["reopen"].update(reason_required=False),
            "heropenen vraagt altijd een reden",
        ),
        (lambda t: t["transitions"]["acknowledge"].update(to="nergens"), "onbekende status 'nergens'"),
        (
            lambda t: t["transitions"]["give_feedback"].update(requires=["handtekening"]),
            "onbekend(e) veld(en)",
        ),
        (
            lambda t: t["transitions"]["acknowledge"].update(freezes=["wekker"]),
            "sleutel 'types.standaard.transitions.acknowledge.freezes[0]'",
        ),
        (
            lambda t: t["statuses"].update(vast={"label": {"nl": "Vast", "en": "Stuck"}, "phase": "open"}),
            "uitgaande overgang",
        ),
        (lambda t: t.update(initial="afgehandeld"), "geen open status"),
        (lambda t: t.update(inform_reporter=["zingen"]), "onbekende stap(pen) ['zingen']"),
    ],
)
def test_a_workflow_that_breaks_the_rules_is_refused_with_the_key_to_fix(change: Any, words: str) -> None:
    with pytest.raises(RuleFileError) as refused:
        read_rule_data(workflow(change), WorkflowFile, "workflow.yaml")
    assert words in str(refused.value)


def test_categories_and_service_levels_are_checked_too() -> None:
    categories = yaml.safe_load(CATEGORIES_FILE.read_text())
    categories["categories"]["overlast"]["subcategories"]["geluid"]["confidentiality"] = "geheim"
    with pytest.raises(RuleFileError, match="onbekend vertrouwelijkheidsniveau 'geheim'"):
        read_rule_data(categories, CategoriesFile, "categories.yaml")
    del categories["pillars"]["samen_wonen"]
    with pytest.raises(RuleFileError, match="de vier pijlers"):
        read_rule_data(categories, CategoriesFile, "categories.yaml")
    levels = yaml.safe_load(SERVICE_LEVELS_FILE.read_text())
    levels["default"]["feedback"]["target_working_days"] = 12
    with pytest.raises(RuleFileError, match="streefwaarde \\(12\\) is later dan de belofte \\(10\\)"):
        read_rule_data(levels, ServiceLevelsFile, "service_levels.yaml")
    levels["default"]["feedback"] = {"working_days": "10"}
    expected = "sleutel 'default.feedback.working_days': verwacht een geheel getal, gekregen '10'"
    with pytest.raises(RuleFileError, match=re.escape(expected)):
        read_rule_data(levels, ServiceLevelsFile, "service_levels.yaml")


def test_the_most_specific_service_level_wins(tmp_path: Path) -> None:
    file = tmp_path / "service_levels.yaml"
    file.write_text(
        SERVICE_LEVELS_FILE.read_text()
        + "organisations:\n  maasoever:\n    default:\n      acknowledgement: {working_days: 3}\n"
        "    categories:\n      zorgsignaal/verward_gedrag:\n        acknowledgement: {working_days: 0}\n"
    )
    levels = read_service_levels(file)

    def ack(organisation: str, category: str, sub: str) -> tuple[int, str]:
        level = levels.level_for(
            "acknowledgement", organisation=organisation, category=category, subcategory=sub
        )
        return level.working_days, level.rule

    assert ack("elders", "vervuiling", "zwerfafval") == (2, "default")
    assert ack("elders", "zorgsignaal", "vereenzaming") == (1, "categories.zorgsignaal")
    assert ack("maasoever", "vervuiling", "zwerfafval") == (3, "organisations.maasoever.default")
    assert ack("maasoever", "zorgsignaal", "vereenzaming") == (3, "organisations.maasoever.default")
    assert ack("maasoever", "zorgsignaal", "verward_gedrag") == (
        0,
        "organisations.maasoever.categories.zorgsignaal/verward_gedrag",
    )
    feedback = levels.level_for(
        "feedback", organisation="maasoever", category="huurachterstand", subcategory="een_maand"
    )
    assert (feedback.working_days, feedback.target_working_days, feedback.rule) == (
        5,
        3,
        "categories.huurachterstand",
    )


def test_a_service_level_change_leaves_earlier_deadlines_alone(
    city: City, take_in: Any, settings: Any, tmp_path: Path
) -> None:
    import time_machine

    with time_machine.travel(moment(2026, 12, 24, 16, 30), tick=False):
        earlier = take_in(received_at=moment(2026, 12, 24, 16, 30))
    old = Clock.objects.get(melding=earlier, kind="acknowledgement")
    assert (old.budget_days, old.service_level_version, old.deadline.date()) == (
        2,
        "2026.1",
        date(2026, 12, 29),
    )
    (tmp_path / "service_levels.yaml").write_text(
        SERVICE_LEVELS_FILE.read_text()
        .replace('version: "2026.1"', 'version: "2027.1"')
        .replace("working_days: 2\n", "working_days: 1\n", 1)
    )
    settings.VEERKRACHT_CASES_RULES_DIR = str(tmp_path)
    assert rulebook().service_levels.version == "2027.1"
    with time_machine.travel(moment(2026, 12, 24, 16, 45), tick=False):
        later = take_in(received_at=moment(2026, 12, 24, 16, 45))
        new = Clock.objects.get(melding=later, kind="acknowledgement")
        assert (new.budget_days, new.service_level_version, new.deadline.date()) == (
            1,
            "2027.1",
            date(2026, 12, 28),
        )
        # The earlier clock keeps its budget, also when its deadline is computed again after a pause.
        pause_clock(old, reason="Melder op vakantie", actor=None, at=moment(2026, 12, 24, 16, 50))
    with time_machine.travel(moment(2026, 12, 28, 10), tick=False):
        resume_clock(old, actor=None, at=moment(2026, 12, 28, 9))
    old.refresh_from_db()
    assert (old.budget_days, old.service_level_version, old.paused_days) == (2, "2026.1", 1)
    assert old.deadline.date() == date(2026, 12, 30)
