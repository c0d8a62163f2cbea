# SPDX-License-Identifier: EUPL-1.2
"""The stagnation rules (``stagnation.yaml``), read and checked with pydantic.

One small module on purpose: when the shared typed reader for rule files (``veerkracht.rulefiles``) lands,
only :func:`load_stagnation_rules` changes. Errors are Dutch and name the file and the key.
"""

from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

RULES_FILE = Path(__file__).with_name("stagnation.yaml")
# The values of ``AgreementStatus``; a test keeps the two in step.
Status = Literal["niet_gestart", "op_schema", "vertraagd", "gereed", "gestopt"]


class StagnationRulesError(ValueError):
    """The rule file cannot be used (the message is in Dutch and names file and key)."""


class StagnationRules(BaseModel):
    """When an agreement counts as stuck."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: Literal[1]
    no_update_days: int = Field(ge=1, le=3660)
    milestone_grace_days: int = Field(ge=0, le=366)
    closed_statuses: tuple[Status, ...] = ("gereed", "gestopt")


def parse_stagnation_rules(data: object, source: str) -> StagnationRules:
    """Validate parsed YAML; a problem names the file and the key."""
    try:
        return StagnationRules.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        key = ".".join(str(part) for part in first["loc"] if not isinstance(part, int)) or "(het bestand)"
        raise StagnationRulesError(f"{source}, sleutel {key}: {_dutch(first)}") from error


def _dutch(problem: object) -> str:
    kind = problem["type"]  # type: ignore[index]
    context = problem.get("ctx") or {}  # type: ignore[attr-defined]
    if kind == "missing":
        return "ontbreekt"
    if kind == "extra_forbidden":
        return "onbekende sleutel"
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return "verwacht een geheel getal"
    if kind == "greater_than_equal":
        return f"verwacht minstens {context.get('ge')}"
    if kind == "less_than_equal":
        return f"verwacht hoogstens {context.get('le')}"
    if kind == "literal_error":
        return f"verwacht {context.get('expected')}"
    return str(problem["msg"])  # type: ignore[index]


def read_stagnation_rules(path: Path) -> StagnationRules:
    """Read a rule file from disk."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise StagnationRulesError(f"{path}: kan het bestand niet lezen: {error}") from error
    return parse_stagnation_rules(data, str(path))


@cache
def load_stagnation_rules() -> StagnationRules:
    """The rules of this installation (read once per process)."""
    return read_stagnation_rules(RULES_FILE)
