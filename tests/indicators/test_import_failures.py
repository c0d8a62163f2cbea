# SPDX-License-Identifier: EUPL-1.2
"""An import that fails at any step leaves nothing behind but its record, and removes only what it made."""

from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from django.db import DatabaseError, connection

from veerkracht.cli.main import cli
from veerkracht.indicators import publishing
from veerkracht.indicators.models import ImportRun
from veerkracht.indicators.queries import current_values
from veerkracht.indicators.services import import_values, sweep_value_store, sync_catalogue, value_store
from veerkracht.indicators.store import RunWriter

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(data_dir: Path) -> None:
    sync_catalogue()


def _lbm_file(folder: Path, onv: str = "-0.10") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "Leefbaarometer-scores wijken 2018.csv"
    path.write_text(
        "wk_code,wk_naam,jaar,lbm,afw,fys,onv,soc,vrz,won\n"
        f"WK093502,Wijk 02 Buitenwijk West,2018,3.9,-0.2,0.0,{onv},0.0,0.0,0.0\n"
    )
    return path


def _store_entries() -> list[str]:
    root = value_store().root
    return sorted(path.name for path in root.iterdir()) if root.is_dir() else []


def _next_import_id() -> int:
    """The id the next import run will get (what an older version's crash left a folder under)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(pg_get_serial_sequence('indicators_importrun', 'id'))")
            return int(cursor.fetchone()[0]) + 1
        cursor.execute(
            "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'indicators_importrun'), 0),"
            " coalesce((SELECT max(id) FROM indicators_importrun), 0))"
        )
        return int(cursor.fetchone()[0]) + 1


def _fail(message: str) -> None:
    raise OSError(message)


@pytest.mark.parametrize(
    ("step", "error"),
    [
        ("stage", OSError("geen ruimte meer op het apparaat")),
        ("publish", OSError("rename mislukt")),
        ("finish_run", DatabaseError("verbinding verbroken bij commit")),
    ],
)
def test_a_failure_at_any_step_is_recorded_and_leaves_no_file(
    catalogue: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str, error: Exception
) -> None:
    earlier = import_values(_lbm_file(tmp_path / "earlier", "-0.05"))

    def broken(*args: object, **kwargs: object) -> None:
        raise error

    owner = publishing if step == "finish_run" else RunWriter
    monkeypatch.setattr(owner, step, broken)
    with pytest.raises(type(error)):
        import_values(_lbm_file(tmp_path / "now"))
    failed = ImportRun.objects.exclude(pk=earlier.pk).get()
    assert failed.status == ImportRun.Status.FAILED
    assert str(error) in failed.error
    assert not failed.active
    # Only the earlier import's folder is left: no staging folder, no lock, no half run.
    assert _store_entries() == [f"run={earlier.pk}"]
    assert current_values(indicators=["lbm_onv"])["value"].tolist() == [pytest.approx(-0.05)]


def test_a_folder_left_under_the_next_runs_id_is_set_aside_not_deleted_and_the_import_succeeds(
    catalogue: None, tmp_path: Path
) -> None:
    # What a crash between rename and commit left behind in older versions: run=N without a run N.
    orphan = value_store().run_folder(_next_import_id())
    (orphan / "indicator=lbm_onv").mkdir(parents=True)
    (orphan / "indicator=lbm_onv" / "part-0.parquet").write_bytes(b"not ours")
    run = import_values(_lbm_file(tmp_path))
    assert run.status == ImportRun.Status.SUCCEEDED
    assert run.pk == int(orphan.name.removeprefix("run="))
    assert current_values(indicators=["lbm_onv"])["value"].tolist() == [pytest.approx(-0.10)]
    kept = list((value_store().root / ".orphaned").glob(f"{orphan.name}-*/indicator=lbm_onv/part-0.parquet"))
    assert [path.read_bytes() for path in kept] == [b"not ours"]


def test_a_running_import_is_left_alone_by_a_sweep(catalogue: None) -> None:
    frame = pd.DataFrame(
        {
            "area_code": ["WK093502"],
            "level": ["wijk"],
            "indicator": ["lbm_onv"],
            "period": [2018],
            "value": [0.1],
        }
    )
    with value_store().writer() as writer:
        writer.stage(frame.assign(synthetic=False, suppressed=False, estimated=False))
        report = sweep_value_store()
        assert report.lines() == []
        assert writer.staging.is_dir()
        assert Path(f"{value_store().root}/.import-{writer.token}.lock").exists()
    # Leaving the block without publishing removes what the writer made, and only that.
    assert _store_entries() == []


def test_withdrawn_imports_keep_their_files_through_a_sweep(catalogue: None, tmp_path: Path) -> None:
    from veerkracht.indicators.services import withdraw_import

    run = import_values(_lbm_file(tmp_path))
    withdraw_import(run)
    assert sweep_value_store().lines() == []
    assert _store_entries() == [f"run={run.pk}"]


def test_values_sweep_says_what_it_cleaned_up(catalogue: None) -> None:
    root = value_store().root
    (root / f".staging-{'a' * 32}" / "indicator=x").mkdir(parents=True)
    (root / f".import-{'b' * 32}.lock").write_text("")
    runner = CliRunner()
    first = runner.invoke(cli, ["values", "sweep"])
    assert first.exit_code == 0, first.output
    assert f".staging-{'a' * 32}" in first.output
    assert "opgeruimd" in first.output
    assert _store_entries() == []
    second = runner.invoke(cli, ["values", "sweep"])
    assert "Niets op te ruimen" in second.output
