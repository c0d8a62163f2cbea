# SPDX-License-Identifier: EUPL-1.2
"""Reading the YAML of a rule file safely, with the line of every key, and resolving ``extends``."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, SequenceNode

from .errors import Location, Problem, RuleFileError, key_path

_MERGE_TAG = "tag:yaml.org,2002:merge"


@dataclass(frozen=True)
class Document:
    """One YAML file as read: its name, its content and the line (1-based) of every key and list item."""

    source: str
    data: dict[str, Any]
    lines: dict[Location, int] = field(default_factory=dict)
    folder: Path | None = None


def parse_yaml(text: str, source: str, folder: Path | None = None) -> Document:
    """Parse YAML text (safe: no Python objects) that must hold a mapping; note every key's line.

    >>> document = parse_yaml("version: 1\\nroles:\\n  analist: {}\\n", "roles.yaml")
    >>> document.lines[("roles", "analist")]
    3
    """
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        lines: dict[Location, int] = {}
        if node is not None:
            _note_lines(loader, node, (), lines, source)
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = Problem(
            f"geen geldige YAML: {error.problem or error}", line=None if mark is None else mark.line + 1
        )
        raise RuleFileError(source, [problem]) from error
    except yaml.YAMLError as error:
        raise RuleFileError(source, f"geen geldige YAML: {error}") from error
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise RuleFileError(source, "verwacht een mapping (sleutel: waarde) op het hoogste niveau")
    return Document(source, data, lines, folder)


def _note_lines(
    loader: yaml.SafeLoader, node: Node, path: Location, lines: dict[Location, int], source: str
) -> None:
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                continue
            key = loader.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if (*path, key) in lines:
                # PyYAML keeps the last of two equal keys without a word; a rule written twice is a mistake.
                first = lines[(*path, key)]
                problem = f"staat twee keer in dezelfde mapping (regel {first} en regel {line})"
                raise RuleFileError(source, [Problem(problem, key=key_path((*path, key)), line=line)])
            lines[(*path, key)] = line
            _note_lines(loader, value_node, (*path, key), lines, source)
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            lines[(*path, index)] = item.start_mark.line + 1
            _note_lines(loader, item, (*path, index), lines, source)


def locate(
    reference: str | Path, shipped: Traversable | None, relative_to: Path | None = None
) -> tuple[Traversable, str, Path | None]:
    """Find a rule file: a path (``own.yaml``) or the name of a shipped file (``veerkracht-2021``).

    Returns the file, the name to show for it and the folder that a relative ``extends`` starts from.
    """
    path = Path(reference)
    if isinstance(reference, Path) or path.suffix in (".yaml", ".yml") or len(path.parts) > 1:
        candidates = [relative_to / path] if relative_to is not None and not path.is_absolute() else []
        for candidate in [*candidates, path]:
            if candidate.is_file():
                return candidate, str(candidate), candidate.parent
        raise RuleFileError(str(reference), "bestand niet gevonden")
    if shipped is not None:
        resource = shipped / f"{reference}.yaml"
        if resource.is_file():
            return resource, f"{shipped.name}/{reference}.yaml", None
    known = shipped_names(shipped)
    raise RuleFileError(
        str(reference), f"niet gevonden; geef een pad naar een .yaml-bestand of een van {known}"
    )


def shipped_names(shipped: Traversable | None) -> list[str]:
    """The names of the rule files in a folder, without ``.yaml``."""
    if shipped is None:
        return []
    return sorted(p.name.removesuffix(".yaml") for p in shipped.iterdir() if p.name.endswith(".yaml"))


def read_chain(
    reference: str | Path,
    shipped: Traversable | None,
    relative_to: Path | None = None,
    chain: tuple[str, ...] = (),
) -> list[Document]:
    """Read a file and the files it ``extends``, the base first."""
    resource, source, folder = locate(reference, shipped, relative_to)
    if source in chain:
        raise RuleFileError(chain[0], f"'extends' komt terug bij zichzelf ({' -> '.join((*chain, source))})")
    try:
        text = resource.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise RuleFileError(source, f"niet leesbaar: {error}") from error
    document = parse_yaml(text, source, folder)
    base = document.data.get("extends")
    if base is None:
        return [document]
    if not isinstance(base, str) or not base.strip():
        raise RuleFileError(
            source, [Problem("verwacht de naam of het pad van een ander bestand", key="extends")]
        )
    return [*read_chain(base, shipped, folder, (*chain, source)), document]


def merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Deep merge for ``extends``: mappings merge key by key; lists and values replace.

    >>> merge({"a": {"x": 1, "y": 2}, "b": [1]}, {"a": {"y": 3}, "b": [2]})
    {'a': {'x': 1, 'y': 3}, 'b': [2]}
    """
    out = dict(base)
    for key, value in override.items():
        out[key] = (
            merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
        )
    return out


def resolve(documents: list[Document]) -> dict[str, Any]:
    """The content of a chain of files: merged, without ``extends``."""
    data: dict[str, Any] = {}
    for document in documents:
        data = merge(data, {k: v for k, v in document.data.items() if k != "extends"})
    return data


def content_hash(data: dict[str, Any]) -> str:
    """SHA-256 of resolved content as canonical JSON (sorted keys), so comments and layout do not count."""
    canonical = json.dumps(data, sort_keys=True, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def strip_notes(data: Any) -> Any:
    """Drop the ``why`` texts: every mapping may say why its values are what they are; that is not a rule."""
    if isinstance(data, dict):
        return {k: strip_notes(v) for k, v in data.items() if k != "why"}
    if isinstance(data, list):
        return [strip_notes(item) for item in data]
    return data


#: What :func:`child` gives for a key or index that is not there.
MISSING = object()


def child(node: Any, part: str | int) -> Any:
    """The value under a key of a mapping or an index of a list, or :data:`MISSING`."""
    if isinstance(node, dict) and part in node:
        return node[part]
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return MISSING


def line_of(documents: list[Document], loc: Location) -> tuple[str, int | None]:
    """The file and line that hold ``loc`` in a chain of files (the most specific file that defines it)."""
    fallback: tuple[int, str, int | None] = (-1, documents[-1].source, None)
    for document in reversed(documents):
        node: Any = document.data
        depth, owned = 0, False
        for part in loc:
            node = child(node, part)
            if node is MISSING:
                break
            depth += 1
            # Below a list or a value, this file replaced what its base had: the problem is here.
            owned = owned or not isinstance(node, dict)
        line = document.lines.get(loc[:depth]) if depth else None
        if depth == len(loc) or owned:
            return document.source, line
        if depth > fallback[0]:
            fallback = (depth, document.source, line)
    return fallback[1], fallback[2]
