# SPDX-License-Identifier: EUPL-1.2
"""Import early signals from a CSV or XLSX table with a YAML mapping, all or nothing.

The mapping names the kind of signal, the columns (``columns.<field>: <column>``), the date format, who
gave the signals (``source_label`` or a column) and optionally the partner and covenant to refer to. Like
the other imports (``indicators/connectors/mapping_file.py``), a problem stops the import with one
:class:`~veerkracht.importing.ImportProblem` naming the file, the row (as a spreadsheet shows it) and the
column, and nothing is stored. Mappings that come with Veerkracht live in ``cases/mappings/``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated, Any

from django.db import transaction
from pydantic import BeforeValidator

from veerkracht.cases.models import Covenant, SignalKind
from veerkracht.cases.services.dossier_common import DossierError
from veerkracht.cases.services.errors import IntakeError, NotAllowed
from veerkracht.cases.services.location import Location
from veerkracht.cases.services.signals import NewSignal, SignalResult, receive_signal
from veerkracht.core.models import Organisation
from veerkracht.importing import ImportProblem
from veerkracht.indicators.connectors.tables import read_text_table
from veerkracht.rulefiles import Name, RuleFile, RuleFileError, RuleModel, Version, one_of, read_rule_file

BUNDLED = Path(__file__).resolve().parents[1] / "mappings"
FIELDS = (
    "address",
    "complex_code",
    "area_code",
    "x",
    "y",
    "household",
    "months_in_arrears",
    "amount_eur",
    "observed_on",
    "category",
    "subcategory",
    "description",
    "external_reference",
    "source_label",
)
# Where an intake problem lies, per field of the signal.
_INTAKE_FIELDS = {
    "location": "address",
    "location.x": "x",
    "location.y": "y",
    "location.complex_code": "complex_code",
    "location.area_code": "area_code",
    "category": "category",
    "subcategory": "subcategory",
    "description": "description",
    "external_reference": "external_reference",
}


class FileOptions(RuleModel):
    separator: str | None = None
    encoding: str | None = None
    sheet: str | int | None = None


class Partner(RuleModel):
    #: The partner organisation's short name (slug).
    organisation: Name
    covenant: Name


class SignalMapping(RuleFile):
    """The shape of a signal mapping file."""

    version: Version | None = None  # type: ignore[assignment]
    description: str | None = None
    kind: Annotated[str, one_of(SignalKind.values, "soort signaal")]
    source_label: str | None = None
    file: Annotated[FileOptions, BeforeValidator(lambda v: {} if v is None else v)] = FileOptions()
    date_format: str = "%d-%m-%Y"
    columns: dict[Annotated[str, one_of(FIELDS, "veld")], Name]
    partner: Partner | None = None


@dataclass(frozen=True)
class ImportedSignals:
    results: list[SignalResult]
    rows: int

    @property
    def dossiers_opened(self) -> int:
        return sum(1 for r in self.results if r.dossier_opened)

    @property
    def referrals(self) -> int:
        return sum(1 for r in self.results if r.referral is not None)


def mapping_path(reference: Path | str) -> Path:
    """A mapping's file: the path given, or the bundled mapping of that name (``huurachterstand``)."""
    source = Path(reference)
    if not source.is_file() and not source.suffix:
        return BUNDLED / f"{source}.yaml"
    return source


def load_mapping(reference: Path | str) -> SignalMapping:
    """Read a mapping (a path, or the name of a bundled one such as ``huurachterstand``)."""
    source = mapping_path(reference)
    try:
        return read_rule_file(source, SignalMapping)
    except RuleFileError as error:
        raise ImportProblem(source, error.detail) from None


def _partner(mapping: SignalMapping, where: Path) -> tuple[Organisation | None, Covenant | None]:
    if mapping.partner is None:
        return None, None
    partner = Organisation.objects.filter(slug=mapping.partner.organisation).first()
    if partner is None:
        raise ImportProblem(
            where, f"partner '{mapping.partner.organisation}' is geen organisatie in Veerkracht"
        )
    covenant = Covenant.objects.filter(name=mapping.partner.covenant).first()
    if covenant is None:
        raise ImportProblem(where, f"convenant '{mapping.partner.covenant}' bestaat niet")
    return partner, covenant


def _parsers(mapping: SignalMapping) -> dict[str, Callable[[str], Any]]:
    def day(text: str) -> date:
        return datetime.strptime(text, mapping.date_format).date()

    def whole(text: str) -> int:
        return int(text)

    def amount(text: str) -> Decimal:
        cleaned = text.replace("€", "").replace(" ", "")
        cleaned = cleaned.replace(".", "").replace(",", ".") if "," in cleaned else cleaned
        try:
            return Decimal(cleaned)
        except InvalidOperation:
            raise ValueError(text) from None

    def coordinate(text: str) -> float:
        return float(text.replace(",", "."))

    return {
        "observed_on": day,
        "months_in_arrears": whole,
        "amount_eur": amount,
        "x": coordinate,
        "y": coordinate,
    }


_EXPECTED = {
    "observed_on": "een datum",
    "months_in_arrears": "een geheel aantal maanden",
    "amount_eur": "een bedrag in euro",
    "x": "een x-coördinaat (RD New)",
    "y": "een y-coördinaat (RD New)",
}


def import_signals(
    path: Path | str, mapping: Path | str, *, organisation: Organisation, actor: Any = None
) -> ImportedSignals:
    """Import every row as a signal of ``organisation``, all or nothing; raises :class:`ImportProblem`."""
    where = Path(path)
    spec = load_mapping(mapping)
    table = read_text_table(
        where, separator=spec.file.separator, encoding=spec.file.encoding, sheet=spec.file.sheet
    )
    missing = [column for column in spec.columns.values() if column not in table.columns]
    if missing:
        raise ImportProblem(where, f"kolom(men) {missing} ontbreken; het bestand heeft {table.columns}")
    if "observed_on" not in spec.columns:
        raise ImportProblem(
            mapping_path(mapping), "de mapping noemt geen kolom voor observed_on (de datum van het signaal)"
        )
    partner, covenant = _partner(spec, mapping_path(mapping))
    parsers = _parsers(spec)
    results: list[SignalResult] = []
    with transaction.atomic():
        for position, row in table.frame.iterrows():
            line = int(table.rows.iloc[int(str(position))])
            values: dict[str, Any] = {}
            for name, column in spec.columns.items():
                text = str(row[column]).strip()
                if name in parsers and text:
                    try:
                        values[name] = parsers[name](text)
                    except ValueError:
                        raise ImportProblem(
                            where, f"verwacht {_EXPECTED[name]}, gevonden {text!r}", row=line, column=column
                        ) from None
                elif text:
                    values[name] = text
            if "observed_on" not in values:
                raise ImportProblem(where, "de datum ontbreekt", row=line, column=spec.columns["observed_on"])
            signal = NewSignal(
                kind=spec.kind,
                location=Location(
                    address=values.get("address", ""),
                    x=values.get("x"),
                    y=values.get("y"),
                    complex_code=values.get("complex_code", ""),
                    area_code=values.get("area_code", ""),
                ),
                observed_on=values["observed_on"],
                source_label=values.get("source_label") or spec.source_label or "",
                description=values.get("description", ""),
                category=values.get("category", ""),
                subcategory=values.get("subcategory", ""),
                household=values.get("household", ""),
                months_in_arrears=values.get("months_in_arrears"),
                amount_eur=values.get("amount_eur"),
                external_reference=values.get("external_reference", ""),
            )
            try:
                results.append(
                    receive_signal(
                        signal, organisation=organisation, actor=actor, covenant=covenant, refer_to=partner
                    )
                )
            except IntakeError as error:
                field, text = next(iter(error.problems.items()))
                named = spec.columns.get(_INTAKE_FIELDS.get(field, ""))
                raise ImportProblem(where, text, row=line, column=named) from None
            except (DossierError, NotAllowed) as error:
                raise ImportProblem(where, str(error), row=line) from None
    return ImportedSignals(results, len(table.frame))
