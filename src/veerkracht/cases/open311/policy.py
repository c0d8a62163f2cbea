# SPDX-License-Identifier: EUPL-1.2
"""What a public Open311 answer may show, read from ``policy.yaml`` (or a city's own ``open311.yaml``).

>>> policy = read_policy()
>>> policy.public_pillars, policy.location
(('fysieke_woonomgeving', 'samen_wonen'), 'buurt')
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from pydantic import Field

from veerkracht.cases.rules.categories import PILLARS
from veerkracht.rulefiles import Items, RuleFile, RuleModel, Text, one_of, read_rule_file

POLICY_FILE = Path(__file__).with_name("policy.yaml")
OWN_NAME = "open311.yaml"
Pillar = Annotated[str, one_of(PILLARS, "pijler")]


class Discovery(RuleModel):
    contact: Text
    key_service: Text


class Policy(RuleFile):
    """The shape of ``policy.yaml``."""

    discovery: Discovery
    public_pillars: Items[Pillar]
    description_pillars: Items[Pillar] = ()
    location: Literal["buurt", "square"] = "buurt"
    max_requests: int = Field(default=1000, ge=1, le=10_000)
    max_days: int = Field(default=90, ge=1, le=3660)


def read_policy(path: Path | str = POLICY_FILE) -> Policy:
    """Read and check an Open311 policy file (the shipped one by default)."""
    return read_rule_file(path, Policy)


@cache
def _policy(folder: str | None) -> Policy:
    own = Path(folder) / OWN_NAME if folder else None
    return read_policy(own if own is not None and own.exists() else POLICY_FILE)


def policy() -> Policy:
    """The policy in force (read once per process, again when the rules folder setting changes)."""
    folder = getattr(settings, "VEERKRACHT_CASES_RULES_DIR", None)
    return _policy(str(folder) if folder else None)


@receiver(setting_changed)
def _forget(setting: str, **kwargs: Any) -> None:
    if setting == "VEERKRACHT_CASES_RULES_DIR":
        _policy.cache_clear()
