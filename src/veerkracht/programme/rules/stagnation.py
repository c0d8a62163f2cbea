# SPDX-License-Identifier: EUPL-1.2
"""The stagnation rules (``stagnation.yaml``), read through the shared reader of rule files (ADR 0007)."""

from functools import cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field

from veerkracht.rulefiles import Items, RuleFile, RuleFileError, read_rule_file

RULES_FILE = Path(__file__).with_name("stagnation.yaml")
# The values of ``AgreementStatus``; a test keeps the two in step.
Status = Literal["niet_gestart", "op_schema", "vertraagd", "gereed", "gestopt"]


class StagnationRulesError(RuleFileError):
    """The rule file cannot be used (the message is in Dutch and names file, line and key)."""


class StagnationRules(RuleFile):
    """When an agreement counts as stuck."""

    no_update_days: Annotated[int, Field(ge=1, le=3660)]
    milestone_grace_days: Annotated[int, Field(ge=0, le=366)]
    closed_statuses: Items[Status] = ("gereed", "gestopt")


def read_stagnation_rules(path: Path) -> StagnationRules:
    """Read a rule file from disk; a problem names the file, the line and the key."""
    return read_rule_file(path, StagnationRules, error=StagnationRulesError)


@cache
def load_stagnation_rules() -> StagnationRules:
    """The rules of this installation (read once per process)."""
    return read_stagnation_rules(RULES_FILE)
