# SPDX-License-Identifier: EUPL-1.2
"""Read a CSV or XLSX table as text, and turn its columns into numbers with errors that name the cell.

Every cell is read as text first, so that a value like "." or "x" or "NA" is seen for what it is and a
value that is no number can be reported with its file, row and column. Row numbers are those a
spreadsheet shows: the header is row 1 (or the given header row) and the first data row the next.
"""

import zipfile
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from veerkracht.importing import ImportProblem

TABLE_SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm")
_SEPARATORS = (";", ",", "\t", "|")
_SNIFF_BYTES = 64 * 1024


@dataclass(frozen=True)
class TextTable:
    """A table whose cells are all text ("" when empty), with the spreadsheet row of every data row."""

    frame: pd.DataFrame
    rows: pd.Series
    separator: str | None
    encoding: str | None

    @property
    def columns(self) -> list[str]:
        return [str(c) for c in self.frame.columns]


@dataclass(frozen=True)
class Numbers:
    """One column as numbers: NaN where missing; ``suppressed`` where the source marked it secret."""

    values: np.ndarray
    suppressed: np.ndarray


def is_spreadsheet(path: Path) -> bool:
    return path.suffix.lower() in (".xlsx", ".xlsm")


def _check_file(path: Path) -> None:
    if not path.exists():
        raise ImportProblem(path, "bestand bestaat niet")
    if path.is_dir():
        raise ImportProblem(path, "dit is een map; geef een bestand")
    if path.stat().st_size == 0:
        raise ImportProblem(path, "het bestand is leeg")


def _head_text(path: Path, encoding: str | None) -> tuple[str, str]:
    """Return the start of a text file decoded, and the encoding that worked."""
    with path.open("rb") as handle:
        head = handle.read(_SNIFF_BYTES)
    if b"\x00" in head:
        raise ImportProblem(path, "dit is geen tekstbestand (CSV); is het een ander soort bestand?")
    if encoding is not None:
        try:
            return head.decode(encoding, errors="strict"), encoding
        except (UnicodeDecodeError, LookupError) as error:
            if isinstance(error, LookupError):
                raise ImportProblem(path, f"onbekende tekenset '{encoding}'") from error
            # The block may end inside a multi-byte character; judge the rest when reading fully.
            return head.decode(encoding, errors="ignore"), encoding
    for candidate in ("utf-8-sig", "cp1252"):
        try:
            return head.decode(candidate), candidate
        except UnicodeDecodeError as error:
            if candidate == "utf-8-sig" and error.start >= len(head) - 4:
                return head.decode(candidate, errors="ignore"), candidate
    return head.decode("latin-1"), "latin-1"


def sniff_separator(header_line: str) -> str | None:
    """Pick the separator that splits the header line most often; None for a one-column line."""
    counts = {sep: header_line.count(sep) for sep in _SEPARATORS}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] > 0 else None


def read_header(
    path: Path,
    *,
    separator: str | None = None,
    encoding: str | None = None,
    sheet: str | int | None = None,
    header_row: int = 1,
) -> list[str]:
    """Return just the column names, cheaply; used to tell which connector a file needs."""
    _check_file(path)
    if is_spreadsheet(path):
        return read_text_table(path, sheet=sheet, header_row=header_row, max_rows=0).columns
    text, _ = _head_text(path, encoding)
    lines = text.splitlines()
    if len(lines) < header_row:
        return []
    line = lines[header_row - 1]
    sep = separator or sniff_separator(line) or ","
    return [name.strip().strip('"').strip() for name in line.split(sep)]


def read_text_table(
    path: Path,
    *,
    separator: str | None = None,
    encoding: str | None = None,
    sheet: str | int | None = None,
    header_row: int = 1,
    max_rows: int | None = None,
) -> TextTable:
    """Read a whole CSV or XLSX table as text; blank lines are dropped but keep row numbers right."""
    _check_file(path)
    if header_row < 1:
        raise ImportProblem(path, f"kopregel {header_row} bestaat niet; de eerste regel is 1")
    if is_spreadsheet(path):
        frame, used_sep, used_encoding = _read_xlsx(path, sheet, header_row, max_rows), None, None
    else:
        frame, used_sep, used_encoding = _read_csv(path, separator, encoding, header_row, max_rows)
    frame.columns = [str(c).strip() for c in frame.columns]
    rows = pd.Series(np.arange(len(frame), dtype=np.int64) + header_row + 1, index=frame.index)
    if len(frame):
        blank = (frame == "").all(axis=1)
        frame, rows = frame.loc[~blank].reset_index(drop=True), rows.loc[~blank].reset_index(drop=True)
    if max_rows != 0 and frame.empty:
        raise ImportProblem(path, "het bestand bevat een kopregel maar geen gegevens")
    return TextTable(frame=frame, rows=rows, separator=used_sep, encoding=used_encoding)


def _read_csv(
    path: Path, separator: str | None, encoding: str | None, header_row: int, max_rows: int | None
) -> tuple[pd.DataFrame, str, str]:
    text, used_encoding = _head_text(path, encoding)
    lines = text.splitlines()
    if len(lines) < header_row or not lines[header_row - 1].strip():
        raise ImportProblem(path, f"regel {header_row} (de kopregel) is leeg")
    sep = separator or sniff_separator(lines[header_row - 1])
    if sep is None:
        raise ImportProblem(
            path, "de kopregel heeft maar één kolom; verwacht een tabel gescheiden door ';' of ','"
        )
    tried = [used_encoding] if encoding or used_encoding != "utf-8-sig" else ["utf-8-sig", "cp1252"]
    last_error: Exception | None = None
    for candidate in tried:
        try:
            frame = pd.read_csv(
                path,
                sep=sep,
                encoding=candidate,
                dtype=str,
                na_filter=False,
                keep_default_na=False,
                skip_blank_lines=False,
                skiprows=header_row - 1,
                nrows=max_rows,
                engine="c",
            )
            return frame, sep, candidate
        except UnicodeDecodeError as error:
            last_error = error
        except pd.errors.EmptyDataError as error:
            raise ImportProblem(path, "het bestand is leeg") from error
        except pd.errors.ParserError as error:
            raise ImportProblem(path, f"geen geldige tabel (separator '{sep}'): {error}") from error
    raise ImportProblem(path, f"de tekens zijn niet te lezen als UTF-8 of Windows-1252: {last_error}")


def _read_xlsx(path: Path, sheet: str | int | None, header_row: int, max_rows: int | None) -> pd.DataFrame:
    try:
        return pd.read_excel(
            path,
            sheet_name=0 if sheet is None else sheet,
            dtype=str,
            na_filter=False,
            keep_default_na=False,
            header=header_row - 1,
            nrows=max_rows,
            engine="openpyxl",
        )
    except zipfile.BadZipFile as error:
        raise ImportProblem(path, "dit is geen geldig Excel-bestand (.xlsx)") from error
    except ValueError as error:
        if "not found" in str(error) or "Worksheet" in str(error):
            raise ImportProblem(path, f"werkblad {sheet!r} bestaat niet") from error
        raise ImportProblem(path, f"Excel-bestand niet leesbaar: {error}") from error
    except (KeyError, IndexError) as error:
        raise ImportProblem(path, f"werkblad {sheet!r} bestaat niet") from error


def find_column(columns: Iterable[str], candidates: Iterable[str]) -> str | None:
    """Return the first candidate present in the columns, matched without regard to case."""
    lowered = {str(c).lower(): str(c) for c in columns}
    for candidate in candidates:
        found = lowered.get(candidate.lower())
        if found is not None:
            return found
    return None


def parse_numbers(
    path: Path | str,
    table: TextTable,
    column: str,
    *,
    decimal: str | None = None,
    missing: Collection[str] = ("",),
    secret: Collection[str] = (),
    secret_codes: Collection[float] = (),
) -> Numbers:
    """Turn a text column into numbers; markers become NaN (secret ones suppressed); anything else fails.

    ``decimal`` is "," or "."; None accepts both, except in a comma-separated file where a comma
    can only be a thousands separator or a mistake.
    """
    text = table.frame[column].astype(str).str.strip()
    is_missing = text.isin(list(missing)) | text.eq("")
    is_secret = text.isin(list(secret))
    candidates = text.where(~(is_missing | is_secret))
    comma_decimal = decimal == "," or (decimal is None and table.separator != ",")
    if comma_decimal:
        candidates = candidates.str.replace(",", ".", regex=False)
    numbers = pd.to_numeric(candidates, errors="coerce").astype(np.float64).to_numpy(copy=True)
    given = candidates.notna().to_numpy()
    bad = given & ~np.isfinite(numbers)
    if bad.any():
        first = int(bad.nonzero()[0][0])
        raise ImportProblem(
            path,
            f"'{text.iloc[first]}' is geen getal",
            row=int(table.rows.iloc[first]),
            column=column,
        )
    suppressed = is_secret.to_numpy().copy()
    if len(secret_codes):
        coded = np.isin(numbers, np.asarray(list(secret_codes), dtype=np.float64))
        numbers[coded] = np.nan
        suppressed |= coded
    return Numbers(values=numbers, suppressed=suppressed)
