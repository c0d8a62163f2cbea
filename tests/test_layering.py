# SPDX-License-Identifier: EUPL-1.2
"""The law of the house (DESIGN.md §2): the monitor and the other pure code never import Django."""

import ast
import subprocess
import sys
from pathlib import Path

import veerkracht

PACKAGE = Path(veerkracht.__file__).parent
PURE_PACKAGES = ["monitor", "geo"]
# Pure single modules: shared by apps and pure packages, or living inside a Django app's package (whose
# __init__ must then stay pure too).
PURE_MODULES = ["importing.py", "core/calendar.py"]


def _pure_files() -> list[Path]:
    files = [path for package in PURE_PACKAGES for path in sorted((PACKAGE / package).rglob("*.py"))]
    return files + [PACKAGE / module for module in PURE_MODULES]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_no_module_of_the_pure_packages_names_django_or_a_django_app() -> None:
    offenders = []
    django_apps = {
        "veerkracht.core",
        "veerkracht.areas",
        "veerkracht.web",
        "veerkracht.cli",
        "veerkracht.indicators",
        "veerkracht.demo.people",
        "veerkracht.settings",
    }
    for path in _pure_files():
        for name in _imports(path):
            if (
                name == "django"
                or name.startswith("django.")
                or any(name == app or name.startswith(app + ".") for app in django_apps)
            ):
                offenders.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert offenders == []


def test_importing_the_whole_monitor_does_not_load_django() -> None:
    modules = [
        ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        for path in _pure_files()
        if path.name != "__main__.py"
    ]
    modules = [m.removesuffix(".__init__") for m in modules]
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"Django was loaded: {result.stdout.strip()}"
