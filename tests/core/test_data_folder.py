# SPDX-License-Identifier: EUPL-1.2
"""The data folder does not follow the working directory, stays out of the source tree, and is private."""

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pandas as pd
import pytest

import veerkracht
from processes import migrate
from support import unavailable
from veerkracht.datafolder import (
    DataFolderProblem,
    create_private_file,
    default_data_dir,
    read_or_create_secret_key,
)

PACKAGE = Path(veerkracht.__file__).resolve().parent


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _fake_checkout(root: Path) -> Path:
    (root / "src" / "veerkracht").mkdir(parents=True)
    (root / "pyproject.toml").write_text("[project]\nname = 'veerkracht'\n")
    return root / "src" / "veerkracht"


def test_a_checkout_keeps_its_data_in_var_whatever_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = _fake_checkout(tmp_path / "repo")
    monkeypatch.chdir(package)  # where `make messages` runs
    assert default_data_dir({}, package) == (tmp_path / "repo" / "var").resolve()


def test_an_installed_package_keeps_its_data_in_the_users_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "site-packages" / "veerkracht"
    package.mkdir(parents=True)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    monkeypatch.chdir(tmp_path)
    assert default_data_dir({}, package) == (tmp_path / "share" / "veerkracht").resolve()


def test_a_configured_data_folder_is_used_but_never_inside_the_source_tree(tmp_path: Path) -> None:
    package = _fake_checkout(tmp_path / "repo")
    elsewhere = tmp_path / "srv" / "veerkracht"
    assert default_data_dir({"VEERKRACHT_DATA_DIR": str(elsewhere)}, package) == elsewhere.resolve()
    with pytest.raises(DataFolderProblem, match="broncode"):
        default_data_dir({"VEERKRACHT_DATA_DIR": str(package / "var")}, package)
    with pytest.raises(DataFolderProblem, match="broncode"):
        default_data_dir({"VEERKRACHT_DATA_DIR": str(tmp_path / "repo" / "src")}, package)


def test_loading_the_settings_inside_the_package_creates_no_data_folder_there(tmp_path: Path) -> None:
    """What `make messages` does: django-admin with the settings, from inside src/veerkracht."""
    repo = tmp_path / "repo"
    copy = _fake_checkout(repo)
    shutil.copytree(PACKAGE, copy, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__", "build"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VEERKRACHT_", "DJANGO_"))}
    env["PYTHONPATH"] = str(repo / "src")
    result = subprocess.run(
        [sys.executable, "-c", "import veerkracht.settings as s; print(s.DATA_DIR)"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str((repo / "var").resolve())
    assert not (copy / "var").exists()
    assert _mode(repo / "var") == 0o700
    assert _mode(repo / "var" / "secret_key") == 0o600


def test_no_data_folder_is_part_of_the_repository() -> None:
    listed = subprocess.run(
        ["git", "ls-files"], cwd=PACKAGE.parents[1], capture_output=True, text=True, check=False
    )
    if listed.returncode != 0:
        unavailable("not a git checkout")
    tracked = [
        name for name in listed.stdout.splitlines() if "/var/" in f"/{name}" or name.endswith("secret_key")
    ]
    assert tracked == []
    candidates = ["src/veerkracht/var/secret_key", "deep/down/var/veerkracht.sqlite3", "var/secret_key"]
    ignored = subprocess.run(
        ["git", "check-ignore", "--no-index", *candidates],
        cwd=PACKAGE.parents[1],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ignored.stdout.split() == candidates


def test_the_secret_key_is_created_private_once_and_shared_by_processes_starting_together(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "data"
    keys: list[str] = []
    threads = [
        threading.Thread(target=lambda: keys.append(read_or_create_secret_key(folder))) for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(keys)) == 1 and len(keys[0]) > 40
    assert _mode(folder) == 0o700
    assert _mode(folder / "secret_key") == 0o600
    assert sorted(p.name for p in folder.iterdir()) == ["secret_key"]  # no temporary file left
    assert read_or_create_secret_key(folder) == keys[0]


def test_a_secret_key_left_readable_by_an_older_version_is_made_private(tmp_path: Path) -> None:
    (tmp_path / "secret_key").write_text("an-old-key-from-before")
    (tmp_path / "secret_key").chmod(0o644)
    assert read_or_create_secret_key(tmp_path) == "an-old-key-from-before"
    assert _mode(tmp_path / "secret_key") == 0o600


def test_the_sqlite_database_and_its_wal_and_shm_files_are_private(tmp_path: Path) -> None:
    database = create_private_file(tmp_path / "data" / "veerkracht.sqlite3")
    with sqlite3.connect(database) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("CREATE TABLE t (x int)")
        connection.execute("INSERT INTO t VALUES (1)")
        connection.commit()
        # While the connection is open the WAL and shared-memory files exist beside the database.
        for suffix in ("", "-wal", "-shm"):
            assert _mode(Path(f"{database}{suffix}")) == 0o600, suffix
    assert _mode(tmp_path / "data") == 0o700


def test_a_new_data_folder_gets_a_private_database(tmp_path: Path) -> None:
    data_dir = migrate(tmp_path / "data")
    assert _mode(data_dir) == 0o700
    assert _mode(data_dir / "veerkracht.sqlite3") == 0o600
    assert _mode(data_dir / "secret_key") == 0o600


@pytest.mark.django_db
def test_value_store_and_analysis_result_files_are_private(data_dir: Path) -> None:
    from veerkracht.analysis.results import write_results
    from veerkracht.core.services import create_organisation
    from veerkracht.indicators.services import publish_values, sync_catalogue

    sync_catalogue()
    frame = pd.DataFrame(
        {
            "area_code": ["BU09350001"],
            "level": ["buurt"],
            "indicator": ["inwoners"],
            "period": [2023],
            "value": [5.0],
        }
    )
    run = publish_values(frame, "test", create_organisation("Gemeente Test", "gemeente"))
    write_results(7, {"classes": pd.DataFrame({"area_code": ["BU09350001"], "klasse": ["a"]})})
    written = [data_dir / "values", data_dir / "values" / f"run={run.pk}", data_dir / "analyses" / "run=7"]
    written += list((data_dir / "values" / f"run={run.pk}").rglob("*"))
    written += list((data_dir / "analyses" / "run=7").rglob("*"))
    modes = {path.relative_to(data_dir).as_posix(): _mode(path) for path in written}
    expected = {name: (0o700 if (data_dir / name).is_dir() else 0o600) for name in modes}
    assert modes == expected
    assert any(name.endswith(".parquet") for name in modes)
