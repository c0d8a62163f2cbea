# SPDX-License-Identifier: EUPL-1.2
"""Read a corporation's complexes from a CSV: complex_id, optional naam and buurtcode, and square_ids.

A complex is a group of dwellings a corporation manages together (a high-rise strip, a block). Its
shape is the union of the CBS 100 m squares it occupies (``square_ids`` separated by ';'), which is as
precise as the grid data that describes it and no more, so it reveals no single address.
"""

import csv
from dataclasses import dataclass
from pathlib import Path

import shapely

from veerkracht.geo import levels
from veerkracht.geo.squares import InvalidSquareId, square_origins
from veerkracht.importing import ImportProblem

REQUIRED = ("complex_id", "square_ids")


@dataclass(frozen=True)
class ComplexSpec:
    code: str
    name: str
    buurt_code: str | None
    geometry: shapely.Geometry


def _square_polygons(text: str) -> shapely.Geometry:
    ids = [part.strip() for part in text.split(";") if part.strip()]
    xs, ys = square_origins(ids)
    return shapely.union_all(shapely.box(xs, ys, xs + 100, ys + 100))


def read_complexes(path: Path | str) -> list[ComplexSpec]:
    """Read and validate the whole file; raise :class:`ImportProblem` on the first problem."""
    path = Path(path)
    result: list[ComplexSpec] = []
    seen: dict[str, int] = {}
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            if not reader.fieldnames or not set(REQUIRED) <= set(reader.fieldnames):
                raise ImportProblem(
                    path, f"verwacht de kolommen {list(REQUIRED)}, gevonden {reader.fieldnames}"
                )
            for line, row in enumerate(reader, start=2):
                code = (row.get("complex_id") or "").strip()
                if not code:
                    raise ImportProblem(path, "lege waarde", row=line, column="complex_id")
                if code in seen:
                    raise ImportProblem(
                        path, f"{code} staat er al in (rij {seen[code]})", row=line, column="complex_id"
                    )
                seen[code] = line
                buurt = (row.get("buurtcode") or "").strip() or None
                if buurt is not None and levels.level_of(buurt) != "buurt":
                    raise ImportProblem(path, f"'{buurt}' is geen buurtcode", row=line, column="buurtcode")
                try:
                    geometry = _square_polygons(row.get("square_ids") or "")
                except InvalidSquareId as error:
                    raise ImportProblem(path, str(error), row=line, column="square_ids") from error
                if geometry.is_empty:
                    raise ImportProblem(path, "geen vierkanten opgegeven", row=line, column="square_ids")
                name = (row.get("naam") or "").strip() or f"Complex {code}"
                result.append(ComplexSpec(code, name, buurt, geometry))
    except (OSError, UnicodeDecodeError) as error:
        raise ImportProblem(path, f"kan het bestand niet lezen: {error}") from error
    if not result:
        raise ImportProblem(path, "het bestand bevat geen complexen")
    return result
