# SPDX-License-Identifier: EUPL-1.2
"""The data folder: where it is, and how its files stay private to the user who runs Veerkracht.

Pure Python (no Django): the settings read it before Django starts, and the value store uses it.

Where the folder is, in order: ``VEERKRACHT_DATA_DIR``; ``var/`` of the repository when the package runs
from a checkout (``src/veerkracht`` beside a ``pyproject.toml``); otherwise the user's data folder
(``~/.local/share/veerkracht`` on Linux, through platformdirs). It never depends on the directory a
command runs in, and a folder inside the source tree is refused: a secret key or a database there ends
up in a commit sooner or later.
"""

import contextlib
import os
import secrets
from collections.abc import Mapping
from pathlib import Path

import platformdirs

PACKAGE_DIR = Path(__file__).resolve().parent
PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
SECRET_KEY_FILE = "secret_key"
#: Written by the demo builders; only a folder with this file may hold the demo accounts.
DEMO_MARKER = "DEMO.txt"


class DataFolderProblem(RuntimeError):
    """The data folder cannot be used as configured."""


def checkout_root(package_dir: Path = PACKAGE_DIR) -> Path | None:
    """The repository the package runs from (``src`` layout beside ``pyproject.toml``), or None."""
    if package_dir.parent.name == "src" and (package_dir.parent.parent / "pyproject.toml").is_file():
        return package_dir.parent.parent
    return None


def default_data_dir(environ: Mapping[str, str] | None = None, package_dir: Path = PACKAGE_DIR) -> Path:
    """The data folder for this process: configured, the checkout's ``var/``, or the user's data folder."""
    environ = os.environ if environ is None else environ
    root = checkout_root(package_dir)
    configured = environ.get("VEERKRACHT_DATA_DIR", "").strip()
    if configured:
        folder = Path(configured).expanduser()
    elif root is not None:
        folder = root / "var"
    else:
        folder = platformdirs.user_data_path("veerkracht", appauthor=False)
    folder = folder.resolve()
    source = package_dir.parent if root is not None else package_dir
    if folder == source or source in folder.parents:
        raise DataFolderProblem(
            f"De gegevensmap {folder} ligt in de broncode ({source}); daar kunnen een geheime sleutel en "
            "een database per ongeluk in git terechtkomen. Kies een map erbuiten met VEERKRACHT_DATA_DIR."
        )
    return folder


def make_private_dir(folder: Path) -> Path:
    """Create ``folder`` (and its parents) if needed; a folder created here is readable by its owner only."""
    try:
        folder.mkdir(mode=PRIVATE_DIR_MODE, parents=True)
    except FileExistsError:
        return folder
    # mkdir's mode passes through the umask; set it exactly.
    os.chmod(folder, PRIVATE_DIR_MODE)
    return folder


def create_private_file(path: Path) -> Path:
    """Create an empty file readable by its owner only, unless it exists (e.g. a SQLite database).

    SQLite gives its ``-wal`` and ``-shm`` files the permissions of the database file, so a private
    database file keeps those private too.
    """
    make_private_dir(path.parent)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    except FileExistsError:
        return path
    os.close(descriptor)
    return path


def make_private(path: Path) -> None:
    """Restrict a file, or a folder and everything in it, to its owner (folders 0700, files 0600)."""
    if path.is_dir():
        os.chmod(path, PRIVATE_DIR_MODE)
        for current, folders, files in os.walk(path):
            for name in folders:
                os.chmod(os.path.join(current, name), PRIVATE_DIR_MODE)
            for name in files:
                os.chmod(os.path.join(current, name), PRIVATE_FILE_MODE)
    elif path.exists():
        os.chmod(path, PRIVATE_FILE_MODE)


def read_or_create_secret_key(folder: Path) -> str:
    """The secret key kept in the data folder, created once with mode 0600.

    The key is written to a private temporary file and then hard-linked into place, so no process ever
    reads a half-written key and two processes starting at once end up with the same one.
    """
    key_file = folder / SECRET_KEY_FILE
    if not key_file.exists():
        make_private_dir(folder)
        temporary = folder / f".{SECRET_KEY_FILE}-{secrets.token_hex(8)}"
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
        try:
            with os.fdopen(descriptor, "w") as stream:
                stream.write(secrets.token_urlsafe(50))
                stream.flush()
                os.fsync(stream.fileno())
            # Another process may have been first; then everyone uses its key.
            with contextlib.suppress(FileExistsError):
                os.link(temporary, key_file)
        finally:
            temporary.unlink(missing_ok=True)
    elif key_file.stat().st_mode & 0o077:
        # A key written by an older version could be read by every local user.
        with contextlib.suppress(PermissionError):
            os.chmod(key_file, PRIVATE_FILE_MODE)
    key = key_file.read_text().strip()
    if not key:
        raise DataFolderProblem(f"De geheime sleutel in {key_file} is leeg; verwijder het bestand.")
    return key


def mark_as_demo(folder: Path) -> Path:
    """Mark a data folder as a demo, whose accounts have a public password."""
    make_private_dir(folder)
    marker = folder / DEMO_MARKER
    marker.write_text(
        "Deze gegevensmap is een demo: de demo-accounts hebben een openbaar wachtwoord.\n"
        "Gebruik hem nooit voor echte gegevens.\n"
        "This data folder is a demo: its demo accounts have a public password. Never use it for real data.\n",
        encoding="utf-8",
    )
    return marker


def is_demo(folder: Path) -> bool:
    """Whether the demo builders marked this data folder as a demo."""
    return (folder / DEMO_MARKER).is_file()
