# SPDX-License-Identifier: EUPL-1.2
"""The ``veerkracht`` command: one language, commands grouped by part, old names kept, no "no such table"."""

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from veerkracht.cli.main import cli

#: What click writes when nobody translated it, and English words a Dutch help text never holds.
ENGLISH = re.compile(
    r"Usage:|Options:|Commands:|Show this message|\[OPTIONS\]|\bINTEGER\b|\bTEXT\b|"
    r"\b(the|and|with|into|which|from a|of a)\b"
)
#: The old command names and where they went.
RENAMED = {
    "import-areas": "areas import",
    "import-area-sets": "areas import-sets",
    "import-complexes": "areas import-complexes",
    "locate": "areas locate",
    "locate-file": "areas locate-file",
    "sync-catalogue": "indicators sync-catalogue",
    "import-values": "indicators import",
    "imports": "indicators imports",
    "analyse": "analysis run",
    "runs": "analysis list",
    "compare": "analysis compare",
    "map": "analysis map",
}


def _commands(
    group: click.Group, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    for name, command in group.commands.items():
        yield (*path, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))


def test_every_command_and_group_explains_itself_in_dutch() -> None:
    runner = CliRunner()
    checked = 0
    for path, command in _commands(cli):
        if command.hidden or path == ("manage",):  # manage hands --help to Django
            continue
        result = runner.invoke(cli, [*path, "--help"], prog_name="veerkracht")
        assert result.exit_code == 0, (path, result.output)
        help_text = result.output.replace("--from", "").replace("--with", "")
        assert "Gebruik: veerkracht" in help_text and "Toon deze uitleg en stop." in help_text, path
        assert not ENGLISH.search(help_text), (path, ENGLISH.search(help_text), help_text)
        assert (command.help or "").strip(), f"{' '.join(path)} has no help text"
        checked += 1
    assert checked >= 18


def test_the_commands_are_grouped_by_part() -> None:
    top = {name for name, command in cli.commands.items() if not command.hidden}
    assert {"areas", "indicators", "analysis", "demo", "migrate", "serve", "manage"} <= top
    assert not top & set(RENAMED), "old names no longer show in the help"
    listed = CliRunner().invoke(cli, ["--help"]).output
    assert "Opdrachten:" in listed and "import-values" not in listed


@pytest.mark.parametrize(("old", "new"), sorted(RENAMED.items()))
def test_an_old_name_still_runs_the_new_command_and_says_so(old: str, new: str) -> None:
    alias, command = cli.commands[old], cli
    for part in new.split():
        assert isinstance(command, click.Group)
        command = command.commands[part]
    assert alias.hidden
    assert [p.name for p in alias.params] == [p.name for p in command.params]
    result = CliRunner().invoke(cli, [old, "--help"])
    assert result.exit_code == 0 and f"Oude naam van `veerkracht {new}`" in result.output


@pytest.mark.django_db
def test_running_an_old_name_prints_a_deprecation_note_then_does_the_work() -> None:
    result = CliRunner().invoke(cli, ["runs"])
    assert result.exit_code == 0, result.output
    assert "`veerkracht runs` heet nu `veerkracht analysis list`" in result.stderr


def test_click_errors_are_in_dutch_too() -> None:
    runner = CliRunner()
    wrong_type = runner.invoke(cli, ["areas", "import-sets", "rayons.csv", "--year", "vorig"])
    assert wrong_type.exit_code == 2
    assert "Fout: Ongeldige waarde voor '--year': 'vorig' is geen geldig getal." in wrong_type.output
    unknown = runner.invoke(cli, ["areas", "importeer"])
    assert "Fout: Opdracht 'importeer' bestaat niet." in unknown.output
    missing = runner.invoke(cli, ["analysis", "run", "--from", "2018"])
    assert "Fout: Ontbrekende optie '--to'." in missing.output


def _veerkracht(data_dir: Path, *args: str, database_url: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "VEERKRACHT_DATABASE_URL"}
    env.update(VEERKRACHT_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="veerkracht.settings")
    if database_url:
        env["VEERKRACHT_DATABASE_URL"] = database_url
    script = "from veerkracht.cli.main import main; main()"
    return subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, env=env, timeout=300
    )


@pytest.mark.django_db(transaction=True)
def test_a_new_database_of_the_running_kind_never_ends_in_a_traceback(tmp_path: Path) -> None:
    """On SQLite: a new data folder is migrated. On PostgreSQL: an empty database is left alone and named."""
    from django.db import connection

    if connection.vendor != "postgresql":
        first = _veerkracht(tmp_path, "analysis", "list")
        assert first.returncode == 0, first.stderr
        assert "wordt bijgewerkt" in first.stderr and "Traceback" not in first.stderr
        assert (tmp_path / "veerkracht.sqlite3").is_file()
        second = _veerkracht(tmp_path, "indicators", "imports")
        assert second.returncode == 0 and "wordt bijgewerkt" not in second.stderr, second.stderr
        return
    settings = connection.settings_dict
    with connection.cursor() as cursor:
        cursor.execute("CREATE DATABASE veerkracht_nieuw")
    try:
        url = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/veerkracht_nieuw"
        result = _veerkracht(tmp_path, "analysis", "list", database_url=url)
        assert result.returncode == 1, result.stderr
        assert "De database is nog niet bijgewerkt" in result.stderr and "veerkracht migrate" in result.stderr
        assert "Traceback" not in result.stderr
        migrated = _veerkracht(tmp_path, "migrate", "--quiet", database_url=url)
        assert migrated.returncode == 0, migrated.stderr
        assert _veerkracht(tmp_path, "analysis", "list", database_url=url).returncode == 0
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP DATABASE IF EXISTS veerkracht_nieuw WITH (FORCE)")


def test_a_shared_database_that_is_behind_is_not_changed_but_named_with_what_to_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from django.db import connections

    import veerkracht.cli.database as database

    migrated: list[str] = []
    monkeypatch.setattr(database, "pending_migrations", lambda alias="default": ["indicators.0003_hash"])
    monkeypatch.setattr(connections["default"], "vendor", "postgresql")
    monkeypatch.setattr("django.core.management.call_command", lambda *a, **k: migrated.append("migrate"))
    result = CliRunner().invoke(cli, ["analysis", "list"])
    assert result.exit_code == 1
    assert "De database is nog niet bijgewerkt: 1 migratie staat open (de eerste: indicators.0003_hash)." in (
        result.output
    )
    assert "Voer `veerkracht migrate` uit" in result.output
    assert migrated == [], "a shared database is never migrated behind its administrator's back"
    assert "Traceback" not in result.output


def test_migrate_and_manage_do_not_wait_for_the_database_check() -> None:
    assert cli.commands["migrate"].needs_database is False  # type: ignore[attr-defined]
    assert cli.commands["manage"].needs_database is False  # type: ignore[attr-defined]
    assert cli.commands["serve"].needs_database is True  # type: ignore[attr-defined]
