# SPDX-License-Identifier: EUPL-1.2
"""Reading tables as text: separators, decimal marks and markers behave the same in every connector."""

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from veerkracht.importing import ImportProblem
from veerkracht.indicators.connectors.tables import parse_numbers, read_text_table, sniff_separator


@pytest.mark.parametrize(
    ("line", "expected"), [("a;b;c", ";"), ("a,b,c", ","), ("a\tb", "\t"), ("abc", None)]
)
def test_separator_is_taken_from_the_header_line(line: str, expected: str | None) -> None:
    assert sniff_separator(line) == expected


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False), min_size=1, max_size=20),
    st.sampled_from([";", ","]),
)
def test_numbers_read_back_exactly_with_either_decimal_mark(
    tmp_path_factory: pytest.TempPathFactory, numbers: list[float], separator: str
) -> None:
    folder = tmp_path_factory.mktemp("numbers")
    # A semicolon file writes Dutch decimal commas, a comma file decimal points, as CBS and others do.
    cells = [repr(n).replace(".", ",") if separator == ";" else repr(n) for n in numbers]
    path = folder / "numbers.csv"
    path.write_text(
        "code" + separator + "x\n" + "".join(f"A{i}{separator}{c}\n" for i, c in enumerate(cells))
    )
    table = read_text_table(path)
    parsed = parse_numbers(path, table, "x")
    assert parsed.values.tolist() == numbers


def test_blank_lines_are_skipped_but_row_numbers_stay_those_of_the_file(
    write_text: Callable[..., Path],
) -> None:
    path = write_text("t.csv", "code;x\nA;1\n\nB;twee\n")
    table = read_text_table(path)
    assert table.rows.tolist() == [2, 4]
    with pytest.raises(ImportProblem) as caught:
        parse_numbers(path, table, "x")
    assert caught.value.row == 4


def test_markers_are_missing_or_secret_and_other_text_fails(write_text: Callable[..., Path]) -> None:
    path = write_text("t.csv", "code;x\nA;.\nB;\nC;-99999999\nD;1,5\n")
    table = read_text_table(path)
    parsed = parse_numbers(path, table, "x", secret=("."), secret_codes=(-99999999,))
    assert np.isnan(parsed.values[:3]).all() and parsed.values[3] == 1.5
    assert parsed.suppressed.tolist() == [True, False, True, False]
    with pytest.raises(ImportProblem, match="'1,5' is geen getal"):
        parse_numbers(path, table, "x", decimal=".", secret=(".",))
