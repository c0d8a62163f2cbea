# SPDX-License-Identifier: EUPL-1.2
"""Test set-up: SQLite by default, a throwaway PostgreSQL with --database=postgresql, real open data tiers."""

import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

sys.path.insert(0, str(Path(__file__).parent))

from browser import CHROMIUM, chromium
from demo_site import demo_site, veerstad_built  # noqa: F401  (one definition for the run: see below)
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
        # Tests that write to the data folder without a folder of their own must not touch the developer's
        # var/ (a demo marker there would let `serve` start with demo accounts).
        folder = Path(tempfile.mkdtemp(prefix="veerkracht-test-data-"))
        settings.DATA_DIR = folder
        config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))


#: Folders whose tests without database or browser `make test` runs in its PostgreSQL run instead of the
#: SQLite one (tests/run_suites.py), so that the two runs side by side end at about the same time. First
#: (SQLite 902 s, PostgreSQL 710 s) core, indicators and security, about 100 s; after the browser sites were
#: built once per run (SQLite about 120 s less, PostgreSQL 40 s) core and security, about 75 s.
SECOND_RUN_FOLDERS = tuple(Path(__file__).resolve().parent / part for part in ("core", "security"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if (
            item.get_closest_marker("django_db")
            or item.get_closest_marker("postgresql")
            or DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
        ):
            item.add_marker(pytest.mark.database)
        elif not item.get_closest_marker("browser") and any(
            item.path.is_relative_to(folder) for folder in SECOND_RUN_FOLDERS
        ):
            item.add_marker(pytest.mark.second_run)
    if config.getoption("--database") != "postgresql":
        # Tests of PostgreSQL's own machinery (roles, ownership) belong to the PostgreSQL pass only.
        only_postgresql = [item for item in items if item.get_closest_marker("postgresql")]
        if only_postgresql:
            config.hook.pytest_deselected(items=only_postgresql)
            items[:] = [item for item in items if not item.get_closest_marker("postgresql")]


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


# ``demo_site`` and ``veerstad_built`` (imported above) are defined once here: imported into two modules,
# a fixture is two fixtures, and the demo site was built twice per run.


@pytest.fixture(scope="session")
def worker_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> object:
    """The demo city in a database of its own, for tests that start real processes (see worker_site.py)."""
    from worker_site import build_site

    return build_site(request, tmp_path_factory)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One Debian Chromium for the whole run: Playwright's sync API allows one running instance per thread."""
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} is missing (make test installs Debian's chromium)")
    # Playwright's sync API runs an event loop; the ORM calls in the test body are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with chromium() as instance:
        yield instance


def _console_error(errors: list[str]) -> object:
    def record(message: object) -> None:
        if message.type == "error":  # type: ignore[attr-defined]
            where = message.location or {}  # type: ignore[attr-defined]
            errors.append(
                f"console.error: {message.text} ({where.get('url', '?')}:{where.get('lineNumber', '?')})"
            )  # type: ignore[attr-defined]

    return record


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A fresh page per test; ``page.js_errors`` collects uncaught errors and ``console.error`` messages."""
    context = browser.new_context(viewport={"width": 1280, "height": 1400}, locale="nl-NL")  # type: ignore[attr-defined]
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    page.on("console", _console_error(errors))
    page.js_errors = errors
    yield page
    context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """Every browser test fails on a JavaScript error: an uncaught exception or a ``console.error`` (which is
    also how Chromium reports a resource that failed to load), even when its own asserts passed."""
    result = yield
    page = getattr(item, "funcargs", {}).get("page")
    errors = list(getattr(page, "js_errors", []))
    if errors:
        raise AssertionError("JavaScript errors in the browser:\n  " + "\n  ".join(errors))
    return result


@pytest.fixture(autouse=True)
def _no_csp_violations(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every browser test fails when the page breaks the Content-Security-Policy (issue 7)."""
    if "page" not in request.fixturenames:
        yield
        return
    from browser import csp_violations, watch_csp

    page = request.getfixturevalue("page")
    watch_csp(page)
    yield
    violations = csp_violations(page)
    if violations:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(violations), pytrace=False)


@pytest.fixture(scope="session")
def demo_snapshot() -> Iterator[dict[str, object]]:
    """The first built demo of each city (Veerstad, Maastricht), kept for the modules after it.

    See tests/demo_snapshot.py.
    """
    kept: dict[str, object] = {}
    yield kept
    for snapshot in kept.values():
        if getattr(snapshot, "sqlite", None) is not None:
            snapshot.sqlite.close()  # type: ignore[attr-defined]
