# SPDX-License-Identifier: EUPL-1.2
"""Rule files: versioned YAML read through typed models, with one clear Dutch error per problem (no Django).

Rules that are data (methodology presets, roles, the indicator catalogue, mapping files, and the
workflow, service levels, routing, ladder and retention of the cases to come) are YAML files read by
:func:`read_rule_file` into a :class:`RuleFile` model. The reader loads YAML safely, resolves
``extends``, drops ``why`` texts and ``x-`` anchor holders, validates with pydantic and turns every
validation error into a :class:`RuleFileError` naming the file, the line, the key path and what was
expected. Each file has a ``version``; the model exposes it with a SHA-256 of the resolved content.

Examples
--------
>>> from veerkracht.rulefiles import RuleFile, Text, read_rule_data
>>> class Greeting(RuleFile):
...     text: Text
>>> read_rule_data({"version": 1, "text": {"nl": "Hallo", "en": "Hello"}}, Greeting, "groet.yaml").text.nl
'Hallo'
>>> read_rule_data({"version": 1, "text": {"nl": "Hallo"}}, Greeting, "groet.yaml")
Traceback (most recent call last):
...
veerkracht.rulefiles.errors.RuleFileError: groet.yaml, sleutel 'text.en': ontbreekt
"""

from .errors import Problem, RuleFileError, RuleProblem
from .model import Colour, Items, Name, RuleFile, RuleModel, Text, Version, check, one_of
from .reader import read_rule_data, read_rule_file

__all__ = [
    "Colour",
    "Items",
    "Name",
    "Problem",
    "RuleFile",
    "RuleFileError",
    "RuleModel",
    "RuleProblem",
    "Text",
    "Version",
    "check",
    "one_of",
    "read_rule_data",
    "read_rule_file",
]
