# SPDX-License-Identifier: EUPL-1.2
"""The one write API of areas: importing CBS area files and defining city area sets such as rayons."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import shapely
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from veerkracht.areas.geometry import map_geojson_for, map_geojson_of
from veerkracht.areas.importers.area_sets import AreaSetSpec
from veerkracht.areas.importers.complexes import ComplexSpec
from veerkracht.areas.importers.wijkbuurtkaart import ParsedAreas, read_area_file
from veerkracht.areas.models import Area, AreaImport, AreaLevel, AreaSetMembership
from veerkracht.areas.queries import area_index, valid_in
from veerkracht.core.models import User
from veerkracht.core.services import record_audit
from veerkracht.geo import levels
from veerkracht.importing import ImportProblem

Progress = Callable[[str, int, int], None]  # (step, done, total)


@dataclass(frozen=True)
class AreaImportResult:
    """What an import did, for the CLI and the web to report."""

    area_import: AreaImport
    counts: dict[str, int]
    notes: list[str]
    seconds: float


def _no_progress(_step: str, _done: int, _total: int) -> None:
    return None


def import_areas(
    path: Path | str,
    *,
    year: int | None = None,
    gemeenten: list[str] | None = None,
    synthetic: bool = False,
    actor: User | None = None,
    progress: Progress = _no_progress,
) -> AreaImportResult:
    """Import a CBS area file all-or-nothing: every area of it, or nothing and an :class:`ImportProblem`."""
    started = timezone.now()
    progress("lezen", 0, 3)
    parsed = read_area_file(path, year=year, gemeenten=gemeenten)
    progress("kaartgeometrie", 1, 3)
    map_shapes = map_geojson_for(parsed.areas, settings.VEERKRACHT_MAP_TOLERANCE_M)
    progress("opslaan", 2, 3)
    with transaction.atomic():
        area_import = _save(parsed, map_shapes, synthetic=synthetic, actor=actor, started=started)
    progress("klaar", 3, 3)
    counts = {level: parsed.count(level) for level in ("gemeente", "wijk", "buurt")}
    return AreaImportResult(
        area_import=area_import,
        counts=counts,
        notes=parsed.notes,
        seconds=(timezone.now() - started).total_seconds(),
    )


def _fallback_name(code: str, level: str, known: dict[str, str]) -> str:
    """Name an area the file did not name: its last known name, else the CBS convention."""
    if code in known:
        return known[code]
    if level == "wijk":
        return f"Wijk {code[6:8]}"
    return f"Gemeente {code[2:6]}"


def _save(
    parsed: ParsedAreas, map_shapes: list[str], *, synthetic: bool, actor: User | None, started: datetime
) -> AreaImport:
    frame = parsed.areas
    area_import = AreaImport.objects.create(
        source_name=parsed.path.name,
        source_sha256=parsed.sha256,
        source_format=parsed.source_format,
        year=parsed.year,
        rows=parsed.rows_read,
        status=AreaImport.Status.SUCCEEDED,
        synthetic=synthetic,
        started_at=started,
        finished_at=timezone.now(),
        imported_by=actor,
    )
    unnamed = [c for c, n in zip(frame["code"], frame["name"], strict=True) if not isinstance(n, str)]
    known = dict(
        Area.objects.filter(code__in=unnamed).order_by("code", "valid_from").values_list("code", "name")
    )
    existing = {a.code: a for a in Area.objects.filter(valid_from=parsed.year, code__in=list(frame["code"]))}
    saved: dict[str, Area] = {}
    for level in ("gemeente", "wijk", "buurt"):
        to_create: list[Area] = []
        to_update: list[Area] = []
        rows = frame[frame["level"] == level]
        for index, row in rows.iterrows():
            geometry = row.geometry
            area = existing.get(row["code"]) or Area(code=row["code"], valid_from=parsed.year)
            area.name = (
                row["name"] if isinstance(row["name"], str) else _fallback_name(row["code"], level, known)
            )
            area.level = level
            area.gemeente_code = (
                row["code"] if level == AreaLevel.GEMEENTE else levels.gemeente_of(row["code"])
            )
            area.parent = saved.get(row["parent_code"]) if row["parent_code"] else None
            area.geometry_wkb = shapely.to_wkb(geometry)
            area.map_geojson = map_shapes[int(str(index))]
            if geometry.is_empty:
                area.min_x = area.min_y = area.max_x = area.max_y = None
            else:
                area.min_x, area.min_y, area.max_x, area.max_y = geometry.bounds
            area.area_m2 = float(geometry.area)
            area.synthetic = synthetic
            area.source = area_import
            area.changed_at = area_import.finished_at
            (to_update if area.pk else to_create).append(area)
            saved[row["code"]] = area
        Area.objects.bulk_create(to_create, batch_size=500)
        Area.objects.bulk_update(
            to_update,
            [
                "name",
                "level",
                "parent",
                "geometry_wkb",
                "map_geojson",
                "min_x",
                "min_y",
                "max_x",
                "max_y",
                "area_m2",
                "synthetic",
                "source",
                "changed_at",
            ],
            batch_size=500,
        )
    area_import.areas_created = len(saved)
    area_import.save(update_fields=["areas_created"])
    _recompute_validity({levels.gemeente_of(c) if not c.startswith("GM") else c for c in frame["code"]})
    record_audit(
        "areas.imported",
        actor=actor,
        object_type="area_import",
        object_id=area_import.pk,
        detail={"file": parsed.path.name, "sha256": parsed.sha256, "year": parsed.year, "areas": len(saved)},
    )
    return area_import


def _recompute_validity(gemeenten: Iterable[str]) -> None:
    """Let every version run until the year before the next indeling of its gemeente and level.

    An import holds the complete indeling of its gemeenten for its year, so an area that is absent from
    a later indeling (a buurt that was split, say) ends there, and one that is present gets a new version.
    """
    changed = []
    for gemeente in gemeenten:
        versions = list(Area.objects.filter(gemeente_code=gemeente).order_by("level", "valid_from"))
        years: dict[str, list[int]] = {}
        for area in versions:
            years.setdefault(area.level, [])
            if area.valid_from not in years[area.level]:
                years[area.level].append(area.valid_from)
        for area in versions:
            later = [y for y in years[area.level] if y > area.valid_from]
            valid_to = min(later) - 1 if later else None
            if area.valid_to != valid_to:
                area.valid_to = valid_to
                changed.append(area)
    Area.objects.bulk_update(changed, ["valid_to"], batch_size=500)


def _shape_fields(geometry: shapely.Geometry) -> dict[str, object]:
    """The geometry columns of an area that one shape makes: WKB, box, surface and the map's GeoJSON."""
    minx, miny, maxx, maxy = geometry.bounds
    return {
        "geometry_wkb": shapely.to_wkb(geometry),
        "min_x": minx,
        "min_y": miny,
        "max_x": maxx,
        "max_y": maxy,
        "area_m2": geometry.area,
        "changed_at": timezone.now(),
        "map_geojson": map_geojson_of(geometry, settings.VEERKRACHT_MAP_TOLERANCE_M),
    }


@transaction.atomic
def define_area_sets(
    specs: list[AreaSetSpec], *, year: int, synthetic: bool = False, actor: User | None = None
) -> list[Area]:
    """Define (or redefine) city area sets such as rayons, all or none, from buurten valid in ``year``."""
    return [_define_area_set(spec, year=year, synthetic=synthetic, actor=actor) for spec in specs]


def _define_area_set(spec: AreaSetSpec, *, year: int, synthetic: bool, actor: User | None) -> Area:
    members = list(valid_in(year).filter(code__in=spec.member_codes, level=AreaLevel.BUURT))
    missing = sorted(set(spec.member_codes) - {m.code for m in members})
    if missing:
        raise ImportProblem(spec.code, f"buurten {missing} bestaan niet in {year}")
    gemeenten = {levels.gemeente_of(m.code) for m in members}
    if len(gemeenten) != 1:
        raise ImportProblem(
            spec.code, f"een gebiedsset hoort bij één gemeente; deze buurten liggen in {sorted(gemeenten)}"
        )
    gemeente = gemeenten.pop()
    parent = valid_in(year).filter(code=gemeente).first()
    geometry = shapely.union_all([m.geometry for m in members])
    area, _created = Area.objects.update_or_create(
        code=spec.code,
        valid_from=year,
        defaults={
            "name": spec.name,
            "level": AreaLevel.RAYON,
            "parent": parent,
            "gemeente_code": gemeente,
            "synthetic": synthetic,
            **_shape_fields(geometry),
        },
    )
    AreaSetMembership.objects.filter(area_set=area).delete()
    AreaSetMembership.objects.bulk_create([AreaSetMembership(area_set=area, member=m) for m in members])
    _recompute_validity([gemeente])
    record_audit(
        "areas.set_defined",
        actor=actor,
        object_type="area",
        object_id=area.pk,
        detail={"code": spec.code, "members": sorted(spec.member_codes), "year": year},
    )
    return area


@transaction.atomic
def import_complexes(
    specs: list[ComplexSpec], *, year: int, synthetic: bool = False, actor: User | None = None
) -> list[Area]:
    """Store a corporation's complexes as areas of level complex, inside the buurt that holds them."""
    index = area_index("buurt", year)
    buurten = {a.code: a for a in valid_in(year).filter(level=AreaLevel.BUURT)}
    saved = []
    for spec in specs:
        point = spec.geometry.representative_point()
        located = index.locate(point.x, point.y)
        if located is None:
            raise ImportProblem(spec.code, f"ligt in geen enkele buurt van {year}")
        # The buurt the file names may belong to another indeling (a split); where the complex lies decides.
        buurt = buurten[located]
        area, _created = Area.objects.update_or_create(
            code=spec.code,
            valid_from=year,
            defaults={
                "name": spec.name,
                "level": AreaLevel.COMPLEX,
                "parent": buurt,
                "gemeente_code": buurt.gemeente_code,
                "synthetic": synthetic,
                **_shape_fields(spec.geometry),
            },
        )
        saved.append(area)
    _recompute_validity({a.gemeente_code for a in saved})
    record_audit(
        "areas.complexes_imported",
        actor=actor,
        object_type="area",
        object_id="",
        detail={"complexes": len(saved), "year": year},
    )
    return saved
