# SPDX-License-Identifier: EUPL-1.2
"""CSV for Dutch Excel by default (semicolon, decimal comma, BOM), plain CSV on request."""

import pandas as pd

from veerkracht.core.spreadsheet import to_csv


def test_dutch_excel_gets_semicolons_decimal_commas_and_a_byte_order_mark() -> None:
    frame = pd.DataFrame({"naam": ["Belvédère"], "waarde": [23.75], "afgeschermd": [False]})
    body = to_csv(frame)
    assert body.startswith(b"\xef\xbb\xbf")
    assert body.decode("utf-8-sig").splitlines() == ["naam;waarde;afgeschermd", "Belvédère;23,75;nee"]


def test_plain_csv_has_commas_points_and_no_byte_order_mark() -> None:
    frame = pd.DataFrame({"naam": ["Belvédère"], "waarde": [23.75], "afgeschermd": [True]})
    body = to_csv(frame, "plain")
    assert not body.startswith(b"\xef\xbb\xbf")
    assert body.decode("utf-8").splitlines() == ["naam,waarde,afgeschermd", "Belvédère,23.75,true"]


def test_missing_values_stay_empty_and_float_noise_is_not_written() -> None:
    frame = pd.DataFrame({"waarde": [0.1 + 0.2, None], "vlag": [True, None]})
    assert to_csv(frame).decode("utf-8-sig").splitlines() == ["waarde;vlag", "0,3;ja", ";"]
