# SPDX-License-Identifier: EUPL-1.2
"""Test set-up: SQLite by default, a throwaway PostgreSQL with --database=postgresql, real open data tiers."""

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

sys.path.insert(0, str(Path(__file__).parent))

from postgres import PostgresUnavailable, start_cluster
from support import OPEN_DATA, unavailable

# `make mutation` (--hypothesis-profile=mutation) gives every mutant the same examples and no example
# database, so that whether a mutant is killed does not depend on chance or on an earlier mutant.
hypothesis_settings.register_profile("mutation", derandomize=True, database=None, deadline=None)

DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "live_server",
}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--database",
        choices=["sqlite", "postgresql"],
        default="sqlite",
        help="database for tests marked 'database' (PostgreSQL is started in a temp folder)",
    )


def pytest_configure(config: pytest.Config) -> None:
    if config.pluginmanager.hasplugin("django"):
        from django.conf import settings

        # Real hashing is slow on purpose; tests log in many times and need no protection.
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        # Browser tests flush all tables between tests, which the audit log's triggers rightly refuse;
        # the audit tests install the very same triggers themselves.
        settings.VEERKRACHT_AUDIT_DB_GUARD = False


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.get_closest_marker("django_db") or DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.database)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(request: pytest.FixtureRequest) -> Iterator[None]:
    """Point Django at a fresh PostgreSQL cluster when the run asks for it; stop it when the run ends."""
    if request.config.getoption("--database") != "postgresql":
        yield
        return
    try:
        cluster = start_cluster()
    except PostgresUnavailable as error:
        unavailable(f"PostgreSQL could not start: {error}")
        return
    _use_cluster(cluster.django_settings())
    try:
        yield
    finally:
        cluster.stop()


def _use_cluster(database: dict[str, object]) -> None:
    from django.conf import settings
    from django.db import connections

    default = settings.DATABASES["default"]
    default.clear()
    default.update(database)
    connections.close_all()
    for alias in list(connections):
        del connections[alias]


@pytest.fixture
def data_dir(settings: object, tmp_path: Path) -> Path:
    """A data folder of the test's own, for the value store and generated files."""
    folder = tmp_path / "data"
    folder.mkdir()
    settings.DATA_DIR = folder  # type: ignore[attr-defined]
    return folder


@pytest.fixture(scope="session")
def open_data() -> Path:
    """The real open data beside the project; absent: skip (fail in CI)."""
    if not OPEN_DATA.is_dir():
        unavailable(f"real open data not found at {OPEN_DATA}")
    return OPEN_DATA
