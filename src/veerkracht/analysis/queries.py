# SPDX-License-Identifier: EUPL-1.2
"""Reads of analysis runs: the latest run, its published values, classes, series and comparisons.

Everything here comes from a run's stored result frames, which the monitor has already aggregated and
protected with small-number suppression: what leaves the system through the pages and the API is what
the run published, never the raw value store.
"""

from datetime import datetime, timedelta

import geopandas as gpd
import pandas as pd
from django.conf import settings
from django.utils import timezone
from django_tasks import TaskResultStatus, default_task_backend
from django_tasks.exceptions import TaskResultDoesNotExist

from veerkracht.analysis.models import AnalysisRun
from veerkracht.analysis.results import load_result, read_result, run_folder
from veerkracht.areas.queries import valid_in
from veerkracht.geo.crs import RD_NEW
from veerkracht.geo.levels import MAP_LEVELS, NATIONAL_CODE
from veerkracht.monitor import compare_runs as compare_results

# The area levels a run publishes figures for.
LEVELS = MAP_LEVELS


def latest_run(gemeente: str | None = None) -> AnalysisRun | None:
    """The newest successful run, optionally one that covers the gemeente."""
    runs = AnalysisRun.objects.filter(status=AnalysisRun.Status.SUCCEEDED).order_by("-finished_at", "-id")
    for run in runs:
        if gemeente is None or gemeente in run.gemeenten:
            return run
    return None


def is_interrupted(run: AnalysisRun, now: datetime | None = None) -> bool:
    """Whether the run's worker died: no sign of life for the stale time, or its task ended without it."""
    unfinished = [AnalysisRun.Status.QUEUED, AnalysisRun.Status.RUNNING]
    if run.status not in unfinished:
        return False
    now = now or timezone.now()
    stale = timedelta(seconds=settings.VEERKRACHT_TASK_STALE_SECONDS)
    if run.status == AnalysisRun.Status.RUNNING and now - (run.heartbeat_at or run.started_at) > stale:
        return True
    if not run.task_id:
        return False
    try:
        task = default_task_backend.get_result(run.task_id)
    except (NotImplementedError, TaskResultDoesNotExist):
        return False  # a backend that keeps no results (immediate, dummy) or a pruned task: no verdict
    if task.status in {TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL}:
        # The task ended; if the run is still unfinished now (not merely a moment ago), nobody will finish it.
        return AnalysisRun.objects.filter(pk=run.pk, attempt=run.attempt, status__in=unfinished).exists()
    # Claimed by a worker that died before the run itself was marked running.
    return bool(
        task.status == TaskResultStatus.RUNNING
        and run.status == AnalysisRun.Status.QUEUED
        and task.started_at is not None
        and now - task.started_at > stale
    )


def area_shapes(run: AnalysisRun, level: str) -> gpd.GeoDataFrame:
    """The areas of one level in the run's indeling: code, name and geometry in RD New."""
    rows = valid_in(run.indeling_year).filter(gemeente_code__in=run.gemeenten, level=level)
    return gpd.GeoDataFrame(
        {"area_code": [a.code for a in rows], "name": [a.name for a in rows]},
        geometry=[a.geometry for a in rows],
        crs=RD_NEW,
    )


def indicators_of(run: AnalysisRun) -> set[str]:
    """The indicators a run published (read from one column only)."""
    path = run_folder(run.pk) / "values.parquet"
    if not path.exists():
        return set()
    return set(pd.read_parquet(path, columns=["indicator"])["indicator"].unique())


def knows_indicator(run: AnalysisRun, code: str) -> bool:
    """Whether the indicator is in the catalogue or among the run's published indicators."""
    from veerkracht.indicators.models import Indicator

    return Indicator.objects.filter(code=code).exists() or code in indicators_of(run)


def indicator_map(run: AnalysisRun, indicator: str, level: str, period: int) -> pd.DataFrame:
    """Values of one indicator, level and period; suppressed cells have no value."""
    # Read only the rows of this indicator and year: a city's run holds millions of published values.
    frame = read_result(run.pk, "values", filters=[("indicator", "==", indicator), ("period", "==", period)])
    if frame.empty:
        return frame
    codes = set(
        valid_in(run.indeling_year)
        .filter(gemeente_code__in=run.gemeenten, level=level)
        .values_list("code", flat=True)
    )
    return frame[frame["area_code"].isin(codes)].reset_index(drop=True)


def has_figures(run: AnalysisRun, indicator: str, period: int) -> bool:
    """Whether the run published any figure (a value or a withheld one) of the indicator in the year.

    At any level: a level whose areas have none of them still answers, every area "no data".
    """
    filters = [("indicator", "==", indicator), ("period", "==", period)]
    return not read_result(run.pk, "values", filters=filters).empty


def classes(run: AnalysisRun, level: str | None = None) -> pd.DataFrame:
    """The veerkracht class per area with colour, labels and explanation."""
    frame = read_result(run.pk, "classes")
    if level is not None and not frame.empty:
        frame = frame[frame["level"] == level]
    return frame.reset_index(drop=True)


def series(run: AnalysisRun, area_code: str, indicator: str) -> pd.DataFrame:
    """An indicator over the run's periods for the area, its gemeente and the country (where published)."""
    from veerkracht.areas.models import Area

    area = Area.objects.filter(code=area_code).order_by("-valid_from").first()
    codes = [area_code]
    if area is not None and area.gemeente_code != area_code:
        codes.append(area.gemeente_code)
    codes.append(NATIONAL_CODE)
    frame = read_result(
        run.pk, "values", filters=[("indicator", "==", indicator), ("area_code", "in", codes)]
    )
    return frame.sort_values(["area_code", "period"]).reset_index(drop=True)


def compare_runs(run_a_id: int, run_b_id: int, *, level: str | None = "buurt") -> pd.DataFrame:
    """Which areas changed class between two runs, with names."""
    from veerkracht.areas.models import Area

    # Only finished runs have results to compare; a failed or running one is as good as absent.
    runs = {
        run.pk: run
        for run in AnalysisRun.objects.filter(
            pk__in=[run_a_id, run_b_id], status=AnalysisRun.Status.SUCCEEDED
        )
    }
    missing = [r for r in (run_a_id, run_b_id) if r not in runs]
    if missing:
        raise AnalysisRun.DoesNotExist(f"run(s) {missing} bestaan niet of zijn niet geslaagd")
    a = load_result(run_a_id, runs[run_a_id].manifest)
    b = load_result(run_b_id, runs[run_b_id].manifest)
    changes = compare_results(a, b)
    if level is not None:
        changes = changes[changes["level"] == level]
    names = dict(Area.objects.filter(code__in=list(changes["area_code"])).values_list("code", "name"))
    changes = changes.assign(
        name=changes["area_code"].map(names).fillna(changes["area_code"]),
        changed=changes["status"] != "same",
        label_a=changes["class_label_nl_a"].fillna("—"),
        label_b=changes["class_label_nl_b"].fillna("—"),
    )
    return changes.reset_index(drop=True)
