# SPDX-License-Identifier: EUPL-1.2
"""An import killed (SIGKILL) at any step: no value counts, the leftovers are swept, the next import works.

Each test runs a real import in its own process on a SQLite data folder and kills it at one step; then a
new process imports again, as someone would after the crash.
"""

import signal
from pathlib import Path

import pytest

from processes import migrate, migrated_copy, python, query, veerkracht
from veerkracht.indicators.store import ValueStore

pytestmark = pytest.mark.slow

# The import of the file, killed with SIGKILL just before or just after one step.
_KILLED_IMPORT = """
import os, signal, sys
from veerkracht.indicators import publishing, runs, store
from veerkracht.indicators.services import import_values

point, path = sys.argv[1], sys.argv[2]

def die():
    os.kill(os.getpid(), signal.SIGKILL)

def kill(owner, name, after):
    original = getattr(owner, name)
    def step(*args, **kwargs):
        if not after:
            die()
        result = original(*args, **kwargs)
        die()
    setattr(owner, name, step)

{
    "before-recording": lambda: kill(publishing, "begin_run", after=False),
    "while-staging": lambda: kill(store.pq, "write_table", after=True),
    "before-rename": lambda: kill(store.RunWriter, "publish", after=False),
    "after-rename": lambda: kill(store.RunWriter, "publish", after=True),
    "before-commit": lambda: kill(runs, "record_audit", after=False),
    "after-commit": lambda: kill(store.RunWriter, "release", after=False),
}[point]()
import_values(path)
"""


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return migrate(tmp_path_factory.mktemp("migrated") / "data")


def _lbm_file(folder: Path) -> Path:
    path = folder / "Leefbaarometer-scores wijken 2018.csv"
    path.write_text(
        "wk_code,wk_naam,jaar,lbm,afw,fys,onv,soc,vrz,won\n"
        "WK093502,Wijk 02 Buitenwijk West,2018,3.9,-0.2,0.0,-0.10,0.0,0.0,0.0\n"
        "WK093503,Wijk 03 Buitenwijk Noordwest,2018,3.95,-0.15,0.0,-0.05,0.0,0.0,0.0\n"
    )
    return path


def _entries(data_dir: Path) -> list[str]:
    root = data_dir / "values"
    return sorted(p.name.split("-")[0] if p.name.startswith(".") else p.name for p in root.iterdir())


def _runs(data_dir: Path) -> list[tuple[object, ...]]:
    return query(data_dir, "SELECT id, status, error FROM indicators_importrun ORDER BY id")


# point -> (what the killed process left in values/, the killed run's status afterwards)
LEFT_BEHIND = {
    "before-recording": ([".import"], None),
    "while-staging": ([".import", ".staging"], "running"),
    "before-rename": ([".import", ".staging"], "running"),
    "after-rename": ([".import", "run=1"], "running"),
    "before-commit": ([".import", "run=1"], "running"),
    "after-commit": ([".import", "run=1"], "succeeded"),
}


@pytest.mark.parametrize("point", list(LEFT_BEHIND))
def test_an_import_killed_at_any_step_is_cleaned_up_and_the_next_import_works(
    template: Path, tmp_path: Path, point: str
) -> None:
    data_dir = migrated_copy(template, tmp_path / "data")
    path = _lbm_file(tmp_path)
    killed = python(data_dir, _KILLED_IMPORT, point, str(path))
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    left, status = LEFT_BEHIND[point]
    assert _entries(data_dir) == left
    assert [row[1] for row in _runs(data_dir)] == ([status] if status else [])

    again = veerkracht(data_dir, "import-values", str(path))
    output = again.stdout + again.stderr
    assert again.returncode == 0, output
    runs = _runs(data_dir)
    if status == "succeeded":
        # The killed import had committed: it counts, and the same file is not stored twice.
        assert "al geïmporteerd als import #1" in output
        assert runs == [(1, "succeeded", "")]
        assert _entries(data_dir) == ["run=1"]
    else:
        new_id = runs[-1][0]
        assert f"Import #{new_id}" in output
        assert runs[-1][1] == "succeeded"
        if status == "running":
            assert runs[0][:2] == (1, "failed")
            assert "onderbroken" in str(runs[0][2])
        # Only the new run's folder: no staging folder, no lock, no half run, nothing set aside.
        assert _entries(data_dir) == [f"run={new_id}"]
    assert _current_onv(data_dir) == [-0.10, -0.05]


def _current_onv(data_dir: Path) -> list[float]:
    """What a reader sees: the values of the runs the database calls active."""
    active = [
        row[0] for row in query(data_dir, "SELECT id FROM indicators_importrun WHERE status = 'succeeded'")
    ]
    values = ValueStore(data_dir / "values").query(active, indicators=["lbm_onv"])
    return values.sort_values("area_code")["value"].round(6).tolist()


def test_values_sweep_finishes_off_an_import_killed_between_rename_and_commit(
    template: Path, tmp_path: Path
) -> None:
    data_dir = migrated_copy(template, tmp_path / "data")
    killed = python(data_dir, _KILLED_IMPORT, "after-rename", str(_lbm_file(tmp_path)))
    assert killed.returncode == -signal.SIGKILL
    # Readers ignore the half import while it lies there.
    assert _current_onv(data_dir) == []
    swept = veerkracht(data_dir, "values", "sweep")
    output = swept.stdout + swept.stderr
    assert swept.returncode == 0, output
    assert "import #1 was onderbroken" in output
    assert "verwijderd: run=1" in output
    assert _entries(data_dir) == []
    ((run_id, status, error),) = _runs(data_dir)
    assert (run_id, status) == (1, "failed")
    assert "onderbroken" in str(error)
    # The failure is on record in an audit log that is still intact.
    verified = veerkracht(data_dir, "audit", "verify")
    assert verified.returncode == 0 and "intact: 1 regels" in verified.stderr
