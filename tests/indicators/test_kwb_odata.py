# SPDX-License-Identifier: EUPL-1.2
"""KWB through CBS OData: offline from the rows cbsodata returns; a network failure says what to do."""

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cbsodata
import numpy as np
import pytest
import requests

from veerkracht.importing import ImportProblem
from veerkracht.indicators.connectors import read_kwb_odata, read_values

MAASTRICHT_2024 = "kwb-buurten-maastricht/kwb2024_maastricht_wijken.json"


def _as_cbsodata(recorded: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows as ``cbsodata.get_data`` gives them: titles in WijkenEnBuurten, padded codes in Codering_3."""
    rows = []
    for number, (code, figures) in enumerate(recorded.items()):
        kind = "Gemeente" if code.startswith("GM") else "Wijk"
        rows.append(
            {
                "ID": number,
                "WijkenEnBuurten": "Maastricht" if kind == "Gemeente" else f"Wijk {code[-2:]}",
                "Gemeentenaam_1": "Maastricht                              ",
                "SoortRegio_2": f"{kind:<10}",
                "Codering_3": f"{code:<10}",
                **figures,
            }
        )
    return rows


SMALL = [
    {
        "ID": 0,
        "WijkenEnBuurten": "Veerstad",
        "Gemeentenaam_1": "Veerstad  ",
        "SoortRegio_2": "Gemeente  ",
        "Codering_3": "GM5001    ",
        "AantalInwoners_5": 20000,
        "Woningvoorraad_35": 9500,
        "InBezitWoningcorporatie_49": 35.0,
        "PersonenPerSoortUitkeringBijstand_87": 600,
        "GemiddeldInkomenPerInwoner_81": 27.4,
    },
    {
        "ID": 1,
        "WijkenEnBuurten": "Hoogveld",
        "Gemeentenaam_1": "Veerstad  ",
        "SoortRegio_2": "Buurt     ",
        "Codering_3": "BU50010000",
        "AantalInwoners_5": 40,
        "Woningvoorraad_35": 18,
        "InBezitWoningcorporatie_49": None,
        "PersonenPerSoortUitkeringBijstand_87": None,
        "GemiddeldInkomenPerInwoner_81": None,
    },
]


def test_cbsodata_rows_give_stripped_codes_levels_names_and_the_table_year() -> None:
    parsed = read_kwb_odata("85984NED", rows=SMALL)
    values = parsed.values
    assert set(values["period"]) == {2024}, "85984NED is the KWB 2024 table"
    assert dict(zip(values["area_code"], values["level"], strict=False)) == {
        "GM5001": "gemeente",
        "BU50010000": "buurt",
    }
    assert parsed.names == {"GM5001": "Veerstad", "BU50010000": "Hoogveld"}
    gemeente = values[values["area_code"] == "GM5001"].set_index("indicator")["value"]
    assert gemeente["inwoners"] == 20000 and gemeente["bijstand"] == 600
    assert gemeente["inkomen_per_inwoner"] == pytest.approx(27.4)
    assert gemeente["woningen_corporatie"] == round(0.35 * 9500)
    buurt = values[values["area_code"] == "BU50010000"].set_index("indicator")
    assert np.isnan(buurt.loc["bijstand", "value"]) and buurt.loc["bijstand", "suppressed"]
    assert parsed.source_format == "cbs-kwb-odata" and parsed.path == "85984NED"


def test_untyped_text_values_are_read_and_a_dot_is_suppressed() -> None:
    rows = [{"WijkenEnBuurten": "GM5001    ", "AantalInwoners_5": "     20000", "Woningvoorraad_35": "."}]
    values = read_kwb_odata("85984NED", rows=rows).values.set_index("indicator")
    assert values.loc["inwoners", "value"] == 20000
    assert values.loc["woningen", "suppressed"] and np.isnan(values.loc["woningen", "value"])


def test_text_that_is_no_number_names_the_record_and_column() -> None:
    rows = [dict(SMALL[0]), {**SMALL[1], "AantalInwoners_5": "veel"}]
    with pytest.raises(ImportProblem) as caught:
        read_kwb_odata("85984NED", rows=rows)
    assert (caught.value.row, caught.value.column) == (2, "AantalInwoners_5")
    assert "'veel' is geen getal" in str(caught.value)


def test_payload_hash_is_stable_and_follows_the_data() -> None:
    first = read_kwb_odata("85984NED", rows=SMALL).sha256
    assert read_kwb_odata("85984NED", rows=[dict(row) for row in SMALL]).sha256 == first
    changed = [dict(SMALL[0], AantalInwoners_5=20001), SMALL[1]]
    assert read_kwb_odata("85984NED", rows=changed).sha256 != first


def test_unknown_table_needs_a_year() -> None:
    with pytest.raises(ImportProblem, match="geef het jaar op"):
        read_kwb_odata("99999NED", rows=SMALL)
    assert set(read_kwb_odata("99999NED", rows=SMALL, year=2020).values["period"]) == {2020}


def test_network_failure_tells_the_user_to_download_the_csv(monkeypatch: pytest.MonkeyPatch) -> None:
    def offline(table_id: str, **_kwargs: Any) -> list[dict[str, Any]]:
        raise requests.ConnectionError(f"no route to opendata.cbs.nl for {table_id}")

    monkeypatch.setattr(cbsodata, "get_data", offline)
    with pytest.raises(ImportProblem) as caught:
        read_values("85984NED")
    assert caught.value.path == "85984NED"
    assert "niet bereikbaar" in str(caught.value) and "download de tabel als CSV" in str(caught.value)


def test_injected_fetch_is_used_instead_of_the_network() -> None:
    asked: list[str] = []

    def fetch(table_id: str) -> list[dict[str, Any]]:
        asked.append(table_id)
        return SMALL

    parsed = read_kwb_odata("85618NED", fetch=fetch)
    assert asked == ["85618NED"] and set(parsed.values["period"]) == {2023}


def test_real_kwb_2024_maastricht_as_cbsodata_rows(real_file: Callable[[str], Path]) -> None:
    recorded = json.loads(real_file(MAASTRICHT_2024).read_text(encoding="utf-8"))
    parsed = read_kwb_odata("85984NED", rows=_as_cbsodata(recorded))
    values = parsed.values.set_index(["area_code", "indicator"])["value"]
    assert parsed.rows_read == 8
    assert set(parsed.values["area_code"]) == {"GM0935", *(f"WK09350{n}" for n in range(7))}
    assert values["GM0935", "inwoners"] == 125285
    assert values["WK093502", "woningen"] == 18302
    assert sum(values[f"WK09350{n}", "inwoners"] for n in range(7)) == 125285 - 5, "CBS rounds to 5"
    assert parsed.names["GM0935"] == "Maastricht"


def test_recorded_json_file_reads_directly(real_file: Callable[[str], Path]) -> None:
    parsed = read_values(real_file(MAASTRICHT_2024))
    assert parsed.connector == "kwb_odata" and parsed.source_format == "cbs-kwb-odata-json"
    assert set(parsed.values["period"]) == {2024}, "the year comes from the file name"
    assert set(parsed.values["indicator"]) == {"inwoners", "woningen"}
    levels = dict(zip(parsed.values["area_code"], parsed.values["level"], strict=False))
    assert levels["GM0935"] == "gemeente" and levels["WK093506"] == "wijk"
