# SPDX-License-Identifier: EUPL-1.2
"""The one reader of rule files: YAML in, a validated model out, or one error that says what to fix."""

from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from .errors import Location, RuleFileError
from .explain import problems_of
from .model import RuleFile
from .source import Document, content_hash, line_of, read_chain, resolve, strip_notes

M = TypeVar("M", bound=RuleFile)


def read_rule_file(
    reference: str | Path,
    model: type[M],
    *,
    shipped: Traversable | None = None,
    error: type[RuleFileError] = RuleFileError,
) -> M:
    """Read and validate a rule file: a path, or the name of a file in the ``shipped`` folder.

    The file may ``extends`` another (by name or by a path relative to itself): mappings merge key by
    key, lists and values replace. Any mapping may carry a ``why`` text, top-level keys starting with
    ``x-`` may hold YAML anchors; neither is validated. The result knows its ``version``, its
    ``files`` and the ``sha256`` of the resolved content (``why`` texts included, ``x-`` keys not).

    Raises
    ------
    RuleFileError
        Or the subclass given as ``error``: the file, and per problem the line, the key path and what
        was expected.

    Examples
    --------
    >>> from importlib.resources import files
    >>> from veerkracht.rulefiles import RuleFile, Text
    >>> class Preset(RuleFile, extra="ignore"):
    ...     title: Text
    >>> shipped = files("veerkracht.monitor") / "presets"
    >>> preset = read_rule_file("veerkracht-2021-open", Preset, shipped=shipped)
    >>> preset.version, preset.files
    ('2021.2', ('presets/veerkracht-2021.yaml', 'presets/veerkracht-2021-open.yaml'))
    >>> read_rule_file("geen-preset", Preset, shipped=shipped)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    veerkracht.rulefiles.errors.RuleFileError: geen-preset: niet gevonden; ... ['veerkracht-2021', ...]
    """
    try:
        documents = read_chain(reference, shipped)
    except RuleFileError as failure:
        raise error(failure.source, failure.problems) from None
    return _validate(documents, model, error)


def read_rule_data(
    data: dict[str, Any], model: type[M], source: str, *, error: type[RuleFileError] = RuleFileError
) -> M:
    """Validate content that is already parsed (in a test, say) as if it were read from ``source``."""
    if not isinstance(data, dict):
        raise error(source, "verwacht een mapping (sleutel: waarde) op het hoogste niveau")
    return _validate([Document(source, data)], model, error)


def _validate(documents: list[Document], model: type[M], error: type[RuleFileError]) -> M:
    source = documents[-1].source
    data = {k: v for k, v in resolve(documents).items() if not str(k).startswith("x-")}
    content = strip_notes(data)

    def line(loc: Location) -> tuple[str, int | None]:
        file, number = line_of(documents, loc)
        return ("" if file == source else file), number

    try:
        result = model.model_validate(content)
    except ValidationError as failure:
        raise error(source, problems_of(failure, model, content, line)) from None
    result._set_origin(tuple(d.source for d in documents), content_hash(data))
    return result
