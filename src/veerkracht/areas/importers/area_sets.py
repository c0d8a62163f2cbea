# SPDX-License-Identifier: EUPL-1.2
"""Read a city's own area sets (such as its rayons) from a CSV: rayon_code, rayon_naam, buurtcode."""

import csv
from dataclasses import dataclass
from pathlib import Path

from veerkracht.geo import levels
from veerkracht.importing import ImportProblem

COLUMNS = ("rayon_code", "rayon_naam", "buurtcode")


@dataclass(frozen=True)
class AreaSetSpec:
    code: str
    name: str
    member_codes: tuple[str, ...]


def read_area_sets(path: Path | str) -> list[AreaSetSpec]:
    """Read and validate the file; one buurt belongs to at most one set."""
    path = Path(path)
    members: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    owner: dict[str, str] = {}
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            if not reader.fieldnames or not set(COLUMNS) <= set(reader.fieldnames):
                raise ImportProblem(
                    path, f"verwacht de kolommen {list(COLUMNS)}, gevonden {reader.fieldnames}"
                )
            for line, row in enumerate(reader, start=2):
                values = {c: (row.get(c) or "").strip() for c in COLUMNS}
                for column, value in values.items():
                    if not value:
                        raise ImportProblem(path, "lege waarde", row=line, column=column)
                buurt = values["buurtcode"]
                if levels.level_of(buurt) != "buurt":
                    raise ImportProblem(path, f"'{buurt}' is geen buurtcode", row=line, column="buurtcode")
                code = values["rayon_code"]
                if buurt in owner and owner[buurt] != code:
                    raise ImportProblem(
                        path, f"{buurt} staat al in {owner[buurt]}", row=line, column="buurtcode"
                    )
                if names.setdefault(code, values["rayon_naam"]) != values["rayon_naam"]:
                    raise ImportProblem(path, f"{code} heeft twee namen", row=line, column="rayon_naam")
                owner[buurt] = code
                members.setdefault(code, []).append(buurt)
    except (OSError, UnicodeDecodeError) as error:
        raise ImportProblem(path, f"kan het bestand niet lezen: {error}") from error
    if not members:
        raise ImportProblem(path, "het bestand bevat geen gebiedssets")
    return [AreaSetSpec(code, names[code], tuple(buurten)) for code, buurten in members.items()]
