# SPDX-License-Identifier: EUPL-1.2
"""The mapping file of a historic import: which source column is which field, and what the codes mean.

A corporation's old system exports meldingen in its own words: its own column names, category codes,
statuses, channels and date format. A mapping file (YAML, read through the shared typed reader of ADR
0007, so a mistake is named by line and key) translates them. Example (the bundled ``voorbeeld.yaml``)::

    version: "1"
    description: Meldingen uit het vorige meldingensysteem
    file: {separator: ";", decimal: ","}    # optional; found by sniffing when left out
    dates:
      formats: ["%d-%m-%Y %H:%M", "%d-%m-%Y"]  # tried in order; a date without time is taken at noon
    coordinates: rd                         # or wgs84 (longitude in x, latitude in y)
    columns:                                # our field: the source's column
      external_reference: Meldingnummer
      received_at: Datum melding
      category: Soort
      description: Omschrijving
      address: Adres
      x: X
      y: Y
      status: Status
      acknowledged_at: Datum ontvangstbevestiging
      feedback_at: Datum terugkoppeling
      closed_at: Datum afgehandeld
    categories:                             # source code (or code/subcode): category/subcategory
      GELUID: overlast/geluid
    statuses: {Nieuw: gemeld, Afgehandeld: afgehandeld}
    channels: {Telefoon: phone}
    defaults: {channel: import}

Codes are compared without regard to case or surrounding spaces. Without a ``categories`` section the
category column holds our own codes (``overlast/geluid``, or ``overlast`` with a subcategory column); the
same holds for statuses, channels and kinds of reporter.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, model_validator

from veerkracht.cases.models import Channel, ReporterKind
from veerkracht.cases.rulebook import rulebook
from veerkracht.cases.rules.categories import CategoryError
from veerkracht.importing import ImportProblem
from veerkracht.rulefiles import (
    Items,
    Name,
    RuleFile,
    RuleFileError,
    RuleModel,
    RuleProblem,
    Version,
    one_of,
    read_rule_file,
)

BUNDLED_MAPPINGS = Path(__file__).with_name("mappings")
DATE_FIELDS = ("received_at", "acknowledged_at", "feedback_at", "closed_at", "status_at")
DEFAULT_DATE_FORMATS = ("%d-%m-%Y %H:%M", "%d-%m-%Y %H:%M:%S", "%d-%m-%Y", "ISO8601")
#: Statuses a file cannot bring: a linked melding needs the melding it is linked to.
NOT_IMPORTED_STATUSES = frozenset({"gekoppeld"})


def _keys_as_text(value: Any) -> Any:
    # YAML reads a numeric source code (12: overlast/geluid) as a number; the source meant the text.
    if isinstance(value, dict):
        return {str(key).strip(): item for key, item in value.items()}
    return value


Codes = Annotated[dict[str, Name], BeforeValidator(_keys_as_text)]


class FileOptions(RuleModel):
    separator: str | None = None
    decimal: Annotated[str, one_of((",", "."))] = "."
    encoding: str | None = None
    sheet: str | int | None = None
    header_row: Annotated[int, Field(ge=1)] = 1


class DateOptions(RuleModel):
    #: strptime formats, tried in order; ``ISO8601`` reads 2021-03-01T10:00:00+01:00 and the like.
    formats: Annotated[Items[Name], Field(min_length=1)] = DEFAULT_DATE_FORMATS


class Columns(RuleModel):
    """Per field of a melding, the source column that holds it."""

    received_at: Name
    category: Name
    subcategory: Name | None = None
    description: Name | None = None
    external_reference: Name | None = None
    address: Name | None = None
    x: Name | None = None
    y: Name | None = None
    complex_code: Name | None = None
    area_code: Name | None = None
    channel: Name | None = None
    reporter_kind: Name | None = None
    reporter_name: Name | None = None
    reporter_email: Name | None = None
    reporter_phone: Name | None = None
    reporter_address: Name | None = None
    status: Name | None = None
    status_at: Name | None = None
    acknowledged_at: Name | None = None
    feedback_at: Name | None = None
    closed_at: Name | None = None
    feedback: Name | None = None
    close_reason: Name | None = None
    partner: Name | None = None


ChannelCode = Annotated[str, one_of(Channel.values, "kanaal")]
ReporterCode = Annotated[str, one_of(ReporterKind.values, "soort melder")]


class Defaults(RuleModel):
    """Values for fields the source leaves empty (or has no column for)."""

    description: Name | None = None
    channel: ChannelCode = Channel.IMPORT
    reporter_kind: ReporterCode | None = None
    feedback: Name | None = None
    close_reason: Name | None = None


class HistoricMappingFile(RuleFile):
    """The shape of a historic mapping file. ``version`` is optional: a mapping describes someone's export."""

    version: Version | None = None  # type: ignore[assignment]
    description: str | None = None
    file: FileOptions = FileOptions()
    dates: DateOptions = DateOptions()
    coordinates: Literal["rd", "wgs84"] = "rd"
    columns: Columns
    categories: Codes = {}
    statuses: Codes = {}
    channels: Codes = {}
    reporter_kinds: Codes = {}
    defaults: Defaults = Defaults()

    @model_validator(mode="after")
    def _consistent(self) -> HistoricMappingFile:
        columns = self.columns
        if (columns.x is None) != (columns.y is None):
            raise RuleProblem(("columns", "x" if columns.x is None else "y"), "noem zowel x als y")
        if columns.x is None and columns.complex_code is None and columns.area_code is None:
            raise RuleProblem(
                ("columns",), "noem een kolom voor de plaats: x en y, complex_code of area_code"
            )
        book = rulebook()
        for source, target in self.categories.items():
            category, _, subcategory = target.partition("/")
            try:
                book.categories.classify(category, subcategory)
            except CategoryError as error:
                raise RuleProblem(
                    ("categories", source), f"{error} (schrijf categorie/subcategorie)"
                ) from None
        statuses = {code for kind in book.workflow.file.types.values() for code in kind.statuses}
        for source, target in self.statuses.items():
            if target in NOT_IMPORTED_STATUSES:
                raise RuleProblem(
                    ("statuses", source),
                    f"'{target}' kan niet worden geïmporteerd; koppel meldingen na de import",
                )
            if target not in statuses:
                raise RuleProblem(
                    ("statuses", source), f"status '{target}' bestaat niet; kies uit {sorted(statuses)}"
                )
        for source, target in self.channels.items():
            if target not in Channel.values:
                raise RuleProblem(
                    ("channels", source), f"kanaal '{target}' bestaat niet; kies uit {Channel.values}"
                )
        for source, target in self.reporter_kinds.items():
            if target not in ReporterKind.values:
                raise RuleProblem(
                    ("reporter_kinds", source),
                    f"soort melder '{target}' bestaat niet; kies uit {ReporterKind.values}",
                )
        return self


def _folded(codes: dict[str, str]) -> dict[str, str]:
    return {key.strip().casefold(): value for key, value in codes.items()}


@dataclass(frozen=True)
class HistoricMapping:
    """A checked mapping file, with its code tables folded for lookups."""

    path: Path
    file: HistoricMappingFile
    categories: dict[str, str]
    statuses: dict[str, str]
    channels: dict[str, str]
    reporter_kinds: dict[str, str]

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def columns(self) -> Columns:
        return self.file.columns

    def column_of(self, field: str) -> str | None:
        """The source column of one of our fields (None: the mapping names none)."""
        return getattr(self.file.columns, field, None)

    def source_columns(self) -> list[str]:
        """Every source column the mapping reads, in the order of our fields."""
        named = [value for value in self.file.columns.model_dump().values() if value]
        return list(dict.fromkeys(named))

    def describe(self) -> str:
        version = f"versie {self.file.version}, " if self.file.version else ""
        return f"mapping {self.name} ({version}sha256 {self.file.sha256[:12]})"


def load_mapping(path: Path | str) -> HistoricMapping:
    """Read and check a mapping file (a path, or the name of a bundled one); errors name file, line, key."""
    source = Path(path)
    if not source.is_file() and not source.suffix:
        source = BUNDLED_MAPPINGS / f"{source}.yaml"
    try:
        read = read_rule_file(source, HistoricMappingFile)
    except RuleFileError as error:
        raise ImportProblem(source, error.detail) from None
    return HistoricMapping(
        path=source,
        file=read,
        categories=_folded(read.categories),
        statuses=_folded(read.statuses),
        channels=_folded(read.channels),
        reporter_kinds=_folded(read.reporter_kinds),
    )


def bundled_mappings() -> list[Path]:
    """The mappings that come with Veerkracht (an example to start from)."""
    return sorted(BUNDLED_MAPPINGS.glob("*.yaml"))
