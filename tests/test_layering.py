# SPDX-License-Identifier: EUPL-1.2
"""The law of the house (DESIGN.md §2), checked on the source: layers only look down.

What "covered" means here:

1. Pure code never imports Django, nor a module of a Django app that is not itself pure. Pure are
   whole packages (``monitor``, ``geo``, ``rulefiles``) and the parts of Django apps that only read
   and check files: the connectors' parsers (``indicators/connectors``), the area file readers
   (``areas/importers``), the import error (``importing.py``), the role catalogue (``core/roles.py``) and
   the working-day calendar (``core/calendar.py``). Importing all of them together must not load Django
   either.
2. The domain does not lean on its interfaces: no module of a Django app (``analysis``, ``areas``,
   ``indicators``, ``core`` and every app to come) imports ``veerkracht.web``, ``veerkracht.cli``
   or any app's pages and API (``views``, ``api``, ``serializers``, ``urls``, ``api_urls``), except those
   interface modules themselves and ``apps.py`` (which hands the app's menu entries to ``web``).

A new pure module is added to ``PURE`` below; a new app is found by its ``apps.py``.
"""

import ast
import subprocess
import sys
from pathlib import Path

import veerkracht

PACKAGE = Path(veerkracht.__file__).parent
#: Pure code, as paths below ``src/veerkracht``: a folder means every module in it.
PURE = [
    "monitor",
    "geo",
    "rulefiles",
    "indicators/connectors",
    "areas/importers",
    "importing.py",
    "core/roles.py",
    "core/calendar.py",
    "cases/clocks.py",
    "cases/addresses.py",
    "cases/rules",
]
# ``serializers``: what an app's API reads and answers (its OpenAPI shapes) belongs to the API.
INTERFACE_MODULES = {"views", "api", "serializers", "urls", "api_urls"}
#: Modules of an app that may import interfaces: the interfaces themselves, and the app's registration.
INTERFACE_FILES = {f"{name}.py" for name in INTERFACE_MODULES} | {"apps.py"}


def _interface_part(part: str) -> bool:
    """``views``, ``api``, ...; any URL module of an app (``dossier_urls`` mounts a second prefix) and any
    module of pages named after its part (``compare_views``)."""
    return part in INTERFACE_MODULES or part.endswith(("_urls", "_views"))


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")


def _pure_files() -> list[Path]:
    files: list[Path] = []
    for entry in PURE:
        path = PACKAGE / entry
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return files


def _is_pure(module: str) -> bool:
    """Whether a ``veerkracht`` module is one of the pure ones."""
    for entry in PURE:
        pure = "veerkracht." + entry.removesuffix(".py").replace("/", ".")
        if module == pure or module.startswith(pure + "."):
            return True
    # A package's __init__ that only holds a docstring (``veerkracht.areas``) is imported on the way.
    init = PACKAGE.parent.joinpath(*module.split(".")) / "__init__.py"
    return init.is_file() and not _imports(init)


def _imports(path: Path) -> set[str]:
    """Every module a file imports, anywhere in it (also inside functions), relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = _module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            names.add(".".join([*base, *([node.module] if node.module else [])]))
    return names


def test_pure_code_imports_neither_django_nor_an_app_module_that_is_not_pure() -> None:
    offenders = []
    for path in _pure_files():
        for name in sorted(_imports(path)):
            django = name == "django" or name.startswith(("django.", "rest_framework"))
            if django or (name.startswith("veerkracht.") and not _is_pure(name)):
                offenders.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert offenders == []


def test_importing_all_pure_code_does_not_load_django() -> None:
    modules = [_module_name(path) for path in _pure_files() if path.name != "__main__.py"]
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"Django was loaded: {result.stdout.strip()}"


def _is_interface(module: str) -> bool:
    parts = module.split(".")
    # An app's interface is a module (``views.py``) or a package of them (``views/agreements.py``).
    return module.startswith(("veerkracht.web", "veerkracht.cli")) or (
        parts[0] == "veerkracht" and any(_interface_part(part) for part in parts[2:])
    )


def test_no_domain_module_of_an_app_imports_pages_api_web_or_the_command_line() -> None:
    apps = sorted(p.parent for p in PACKAGE.glob("*/apps.py") if p.parent.name != "web")
    assert {"analysis", "areas", "core", "indicators"} <= {app.name for app in apps}
    offenders = []
    for app in apps:
        for path in sorted(app.rglob("*.py")):
            inside = path.relative_to(app).parts
            if path.name in INTERFACE_FILES or _interface_part(path.stem) or "migrations" in inside:
                continue
            if any(part in INTERFACE_MODULES for part in inside[:-1]):
                continue  # a module of an interface package (``views/agreements.py``)
            offenders += [
                f"{path.relative_to(PACKAGE)} imports {name}"
                for name in sorted(_imports(path))
                if _is_interface(name)
            ]
    assert offenders == []


def test_the_layering_check_sees_what_it_should() -> None:
    # Guards the guard: a relative import is resolved, an interface module is recognised.
    assert "veerkracht.monitor.change" in _imports(PACKAGE / "monitor" / "preset.py")
    assert _is_interface("veerkracht.analysis.views") and _is_interface("veerkracht.web.context")
    assert _is_interface("veerkracht.programme.views.agreements")
    assert not _is_interface("veerkracht.analysis.queries")
    assert _is_pure("veerkracht.indicators.connectors.base") and not _is_pure(
        "veerkracht.indicators.services"
    )
    assert not _is_pure("veerkracht.core.services")
