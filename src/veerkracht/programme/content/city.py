# SPDX-License-Identifier: EUPL-1.2
"""A city's programme content: the typed files of one folder, read and checked before anything loads."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from veerkracht.programme.content.common import ContentError
from veerkracht.programme.content.community_files import FundFile, ProgrammesFile, TeamsFile
from veerkracht.programme.content.housing_files import (
    AccessibilityFile,
    InterventionsFile,
    StockFile,
    TargetsFile,
)
from veerkracht.rulefiles import RuleFile, RuleFileError, read_rule_file

#: The files a city's folder may hold, and the shape of each.
FILES: dict[str, type[RuleFile]] = {
    "housing_stock.yaml": StockFile,
    "housing_targets.yaml": TargetsFile,
    "accessibility.yaml": AccessibilityFile,
    "interventions.yaml": InterventionsFile,
    "fund.yaml": FundFile,
    "resident_teams.yaml": TeamsFile,
    "programmes.yaml": ProgrammesFile,
}


@dataclass
class CityContent:
    """The content of one city; each part may be absent. ``paths`` says where each part was read from."""

    stock: StockFile | None = None
    targets: TargetsFile | None = None
    accessibility: AccessibilityFile | None = None
    interventions: InterventionsFile | None = None
    fund: FundFile | None = None
    teams: TeamsFile | None = None
    programmes: ProgrammesFile | None = None
    synthetic: bool = False
    paths: dict[str, Path] = field(default_factory=dict)


_ATTRIBUTE = {
    "housing_stock.yaml": "stock",
    "housing_targets.yaml": "targets",
    "accessibility.yaml": "accessibility",
    "interventions.yaml": "interventions",
    "fund.yaml": "fund",
    "resident_teams.yaml": "teams",
    "programmes.yaml": "programmes",
}


def read_city_content(folder: Path) -> CityContent:
    """Read every content file in the folder; all problems of all files are raised together.

    Raises
    ------
    ContentError
        Naming each file, line and key that is wrong, in Dutch.
    """
    if not folder.is_dir():
        raise ContentError(str(folder), "map niet gevonden")
    content = CityContent()
    problems: list[RuleFileError] = []
    for name, model in FILES.items():
        path = folder / name
        if not path.exists():
            continue
        try:
            setattr(content, _ATTRIBUTE[name], read_rule_file(path, model))
        except RuleFileError as error:
            problems.append(error)
        content.paths[_ATTRIBUTE[name]] = path
    if problems:
        raise ContentError("\n".join(str(problem) for problem in problems))
    if not content.paths:
        raise ContentError(str(folder), f"geen inhoudsbestanden; verwacht een of meer van {sorted(FILES)}")
    return content
