# SPDX-License-Identifier: EUPL-1.2
"""Click's own words (usage, options, errors) in Dutch, so that ``--help`` and errors speak one language.

Click translates its texts with :func:`gettext.gettext`, which only finds a catalogue through the
process's locale settings; a server with ``LANG=C`` would show English headings around Dutch help.
The command line speaks Dutch like the UI, so this module hands click a fixed Dutch catalogue
instead. Texts missing here stay as click writes them; ``tests/cli`` checks the common ones.
"""

from collections.abc import Callable
from types import ModuleType

import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.termui
import click.types

DUTCH: dict[str, str] = {
    "Usage:": "Gebruik:",
    "Options": "Opties",
    "Commands": "Opdrachten",
    "Positional arguments": "Argumenten",
    "Show this message and exit.": "Toon deze uitleg en stop.",
    "Show the version and exit.": "Toon de versie en stop.",
    "%(prog)s, version %(version)s": "%(prog)s, versie %(version)s",
    "Error: {message}": "Fout: {message}",
    "Try '{command} {option}' for help.": "Uitleg: '{command} {option}'.",
    "Missing argument": "Ontbrekend argument",
    "Missing option": "Ontbrekende optie",
    "Missing parameter": "Ontbrekende parameter",
    "Missing command.": "Geef een opdracht.",
    "Missing {param_type}": "{param_type} ontbreekt",
    "Missing parameter: {param_name}": "Ontbrekende parameter: {param_name}",
    "No such command {name!r}.": "Opdracht {name!r} bestaat niet.",
    "No such option {name!r}.": "Optie {name!r} bestaat niet.",
    "No such option: {name}": "Optie {name} bestaat niet.",
    "Option {name!r} does not take a value.": "Optie {name!r} neemt geen waarde.",
    "Option {name!r} requires an argument.": "Optie {name!r} heeft een waarde nodig.",
    "Option {name!r} requires {nargs} arguments.": "Optie {name!r} heeft {nargs} waarden nodig.",
    "Invalid value for {param_hint}: {message}": "Ongeldige waarde voor {param_hint}: {message}",
    "Invalid value: {message}": "Ongeldige waarde: {message}",
    "Got unexpected extra argument ({args})": "Onverwacht extra argument ({args})",
    "Got unexpected extra arguments ({args})": "Onverwachte extra argumenten ({args})",
    "Did you mean {possibility}?": "Bedoelt u {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(Bedoelt u een van: {possibilities}?)",
    "{value!r} is not a valid {number_type}.": "{value!r} is geen geldig getal.",
    "{value} is not in the range {range}.": "{value} ligt niet in het bereik {range}.",
    "{value!r} is not {choice}.": "{value!r} is niet {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} is niet een van {choices}.",
    "Choose from:\n\t{choices}": "Kies uit:\n\t{choices}",
    "{name} {filename!r} does not exist.": "{name} {filename!r} bestaat niet.",
    "{name} {filename!r} is a file.": "{name} {filename!r} is een bestand.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} is een map.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} is niet leesbaar.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} is niet schrijfbaar.",
    "file": "bestand",
    "directory": "map",
    "path": "pad",
    "File": "Bestand",
    "Directory": "Map",
    "Path": "Pad",
    "default: {default}": "standaard: {default}",
    "required": "verplicht",
    "deprecated": "verouderd",
    "Aborted!": "Afgebroken.",
    "argument": "argument",
    "option": "optie",
}

_MODULES: tuple[ModuleType, ...] = (
    click.core,
    click.decorators,
    click.exceptions,
    click.formatting,
    click.parser,
    click.termui,
    click.types,
)


def _gettext(message: str) -> str:
    return DUTCH.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _gettext(singular if n == 1 else plural)


def speak_dutch() -> None:
    """Give click's modules the Dutch catalogue (idempotent); call it before commands are defined."""
    functions: dict[str, Callable[..., str]] = {"_": _gettext, "ngettext": _ngettext}
    for module in _MODULES:
        for name, function in functions.items():
            if hasattr(module, name):
                setattr(module, name, function)
    # The help shows a value's type in capitals (--year INTEGER); these are the shared type objects.
    for param_type, name in (
        (click.types.INT, "getal"),
        (click.types.FLOAT, "getal"),
        (click.types.STRING, "tekst"),
    ):
        param_type.name = name
