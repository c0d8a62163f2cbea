# SPDX-License-Identifier: EUPL-1.2
"""Demo accounts with the public password belong in a demo data folder; the server refuses them elsewhere."""

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from veerkracht.cli.main import cli
from veerkracht.core.models import User
from veerkracht.datafolder import DEMO_MARKER, mark_as_demo
from veerkracht.demo.people import DEMO_PASSWORD, create_demo_people

pytestmark = pytest.mark.django_db


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, object]]:
    """Calls to waitress, which the tests record instead of serving."""
    calls: list[dict[str, object]] = []
    monkeypatch.setattr("waitress.serve", lambda app, **options: calls.append(options))
    return calls


def _serve() -> Result:
    return CliRunner().invoke(cli, ["serve", "--port", "8765"])


def _unmark(data_dir: Path) -> None:
    (data_dir / DEMO_MARKER).unlink()


def test_the_demo_builders_mark_the_data_folder_as_a_demo(data_dir: Path) -> None:
    create_demo_people()
    assert (data_dir / DEMO_MARKER).is_file()
    assert "openbaar wachtwoord" in (data_dir / DEMO_MARKER).read_text(encoding="utf-8")


def test_the_server_refuses_demo_accounts_in_a_folder_that_is_no_demo(
    data_dir: Path, served: list[dict[str, object]], settings: object
) -> None:
    settings.DEBUG = False  # type: ignore[attr-defined]
    create_demo_people()
    _unmark(data_dir)  # e.g. the database was copied to a production data folder
    result = _serve()
    assert result.exit_code == 1
    assert "De server start niet" in result.output
    assert "analist" in result.output and "beheerder" in result.output
    assert served == []


def test_the_server_starts_with_demo_accounts_in_a_demo_folder_and_prints_them(
    data_dir: Path, served: list[dict[str, object]], settings: object
) -> None:
    settings.DEBUG = False  # type: ignore[attr-defined]
    create_demo_people()  # what `make run` does through `veerkracht demo build`
    result = _serve()
    assert result.exit_code == 0, result.output
    assert served == [{"host": "127.0.0.1", "port": 8765, "threads": 8, "ident": "veerkracht"}]
    assert DEMO_PASSWORD in result.output


def test_with_debug_on_the_server_starts_for_local_testing(
    data_dir: Path, served: list[dict[str, object]], settings: object
) -> None:
    settings.DEBUG = True  # type: ignore[attr-defined]
    create_demo_people()
    _unmark(data_dir)
    assert _serve().exit_code == 0
    assert len(served) == 1


def test_the_server_starts_once_the_demo_passwords_are_changed(
    data_dir: Path, served: list[dict[str, object]], settings: object
) -> None:
    settings.DEBUG = False  # type: ignore[attr-defined]
    create_demo_people()
    _unmark(data_dir)
    for user in User.objects.all():
        user.set_password(f"{user.username}-een-eigen-wachtwoord")
        user.save()
    result = _serve()
    assert result.exit_code == 0, result.output
    assert DEMO_PASSWORD not in result.output
    assert len(served) == 1


def test_a_folder_without_demo_accounts_serves_and_prints_no_logins(
    data_dir: Path, served: list[dict[str, object]], settings: object
) -> None:
    settings.DEBUG = False  # type: ignore[attr-defined]
    mark_as_demo(data_dir)
    _unmark(data_dir)
    result = _serve()
    assert result.exit_code == 0, result.output
    assert "Demo-logins" not in result.output
