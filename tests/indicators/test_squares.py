# SPDX-License-Identifier: EUPL-1.2
"""CBS 100 m and 500 m squares: ids, old and new column names, secret small counts, and bad files."""

from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely

from veerkracht.importing import ImportProblem
from veerkracht.indicators.connectors import read_squares, read_values

CORNERS = [(176_600, 318_400), (176_700, 318_400), (176_600, 318_500)]


def _squares(
    path: Path,
    columns: dict[str, list[object]],
    *,
    size: int = 100,
    layer: str = "vierkant_100m_2023",
    corners: list[tuple[int, int]] = CORNERS,
    crs: str = "EPSG:28992",
) -> Path:
    geometry = [shapely.box(x, y, x + size, y + size) for x, y in corners]
    gpd.GeoDataFrame(columns, geometry=geometry, crs=crs).to_file(path, layer=layer, driver="GPKG")
    return path


def test_current_cbs_columns_give_square_values_with_secret_small_counts(tmp_path: Path) -> None:
    path = _squares(
        tmp_path / "cbs_vk100_2023.gpkg",
        {
            "crs28992res100m": ["E1766N3184", "E1767N3184", "E1766N3185"],
            "aantal_inwoners": [120, -99997, 35],
            "aantal_woningen": [60, 3, 20],
            "aantal_part_huishoudens": [55, -99997, 18],
            "aantal_huurwoningen_in_bezit_woningcorporaties": [40, -99997, 0],
            "aantal_personen_met_uitkering_onder_aowlft": [12, -99997, -99997],
        },
    )
    parsed = read_squares(path)
    values = parsed.values.set_index(["area_code", "indicator"])
    assert set(parsed.values["level"]) == {"square"} and set(parsed.values["period"]) == {2023}
    assert values.loc[("E1766N3184", "inwoners"), "value"] == 120
    assert values.loc[("E1766N3184", "woningen_corporatie"), "value"] == 40
    assert values.loc[("E1766N3185", "woningen_corporatie"), "value"] == 0, "a real zero stays zero"
    secret = values.loc[("E1767N3184", "inwoners")]
    assert np.isnan(secret["value"]) and secret["suppressed"]
    assert parsed.square_size == 100 and parsed.rows_read == 3
    assert any("geheim" in note for note in parsed.notes)


def test_old_upper_case_columns_are_understood(tmp_path: Path) -> None:
    path = _squares(
        tmp_path / "vierkanten_2015.gpkg",
        {
            "C28992R100": ["E1766N3184", "E1767N3184", "E1766N3185"],
            "INWONER": [120, 15, 35],
            "WONING": [60, 7, 20],
            "UITKMINAOW": [10, -99997, -99997],
        },
        layer="CBS_VK100_2015",
    )
    values = read_squares(path).values.set_index(["area_code", "indicator"])["value"]
    assert values[("E1767N3184", "inwoners")] == 15 and values[("E1766N3185", "woningen")] == 20
    assert np.isnan(values[("E1767N3184", "uitkering_onder_aow")])


def test_ids_come_from_the_polygons_when_the_id_column_is_missing(tmp_path: Path) -> None:
    path = _squares(tmp_path / "cbs_vk100_2022.gpkg", {"aantal_inwoners": [1, 2, 3]})
    parsed = read_squares(path)
    assert sorted(parsed.values["area_code"]) == ["E1766N3184", "E1766N3185", "E1767N3184"]
    assert any("afgeleid uit de geometrie" in note for note in parsed.notes)


def test_polygons_that_are_no_cbs_squares_are_refused(tmp_path: Path) -> None:
    path = _squares(
        tmp_path / "cbs_vk100_2022.gpkg",
        {"aantal_inwoners": [1, 2, 3]},
        corners=[(176_600, 318_400), (176_650, 318_400), (176_600, 318_500)],
    )
    with pytest.raises(ImportProblem) as caught:
        read_squares(path)
    assert caught.value.row == 2 and "geen CBS-vierkant" in str(caught.value)


def test_500_m_squares_are_read_and_reported_as_such(tmp_path: Path) -> None:
    path = _squares(
        tmp_path / "cbs_vk500_2023.gpkg",
        {
            "crs28992res500m": ["E1765N3180", "E1770N3180"],
            "aantal_inwoners": [900, 450],
        },
        size=500,
        layer="vierkant_500m_2023",
        corners=[(176_500, 318_000), (177_000, 318_000)],
    )
    parsed = read_squares(path)
    assert parsed.square_size == 500 and parsed.source_format == "cbs-vierkanten-500m"
    assert "vierkanten van 500 m" in parsed.notes


def test_a_500_m_id_off_the_500_m_grid_is_refused(tmp_path: Path) -> None:
    path = _squares(
        tmp_path / "cbs_vk500_2023.gpkg",
        {
            "crs28992res500m": ["E1765N3180", "E1766N3180"],
            "aantal_inwoners": [900, 450],
        },
        size=500,
        corners=[(176_500, 318_000), (177_000, 318_000)],
    )
    with pytest.raises(ImportProblem, match="500 m-raster"):
        read_squares(path)


def test_ids_in_another_format_are_refused_clearly(tmp_path: Path) -> None:
    path = _squares(
        tmp_path / "cbs_vk100_2014.gpkg",
        {
            "c28992r100": ["E1766N3184", "1767003184", "E1766N3185"],
            "inwoner": [1, 2, 3],
        },
    )
    with pytest.raises(ImportProblem) as caught:
        read_squares(path)
    assert (caught.value.row, caught.value.column) == (2, "c28992r100")
    assert "'1767003184' is geen CBS-vierkantcode zoals E1766N3184" in str(caught.value)


def test_negative_count_that_is_no_secrecy_code_is_refused(tmp_path: Path) -> None:
    path = _squares(
        tmp_path / "cbs_vk100_2023.gpkg",
        {
            "crs28992res100m": ["E1766N3184", "E1767N3184", "E1766N3185"],
            "aantal_inwoners": [5, -3, 7],
        },
    )
    with pytest.raises(ImportProblem) as caught:
        read_squares(path)
    assert (caught.value.row, caught.value.column) == (2, "aantal_inwoners")


def test_year_from_the_layer_or_the_caller(tmp_path: Path) -> None:
    columns: dict[str, list[object]] = {
        "crs28992res100m": ["E1766N3184", "E1767N3184", "E1766N3185"],
        "aantal_inwoners": [1, 2, 3],
    }
    from_layer = _squares(tmp_path / "vierkanten.gpkg", columns, layer="vierkant_100m_2021")
    assert set(read_squares(from_layer).values["period"]) == {2021}
    nameless = _squares(tmp_path / "grid.gpkg", columns, layer="grid")
    with pytest.raises(ImportProblem, match="geef het jaar op"):
        read_squares(nameless)
    assert set(read_squares(nameless, year=2019).values["period"]) == {2019}


def test_a_file_with_several_layers_needs_the_layer_named(tmp_path: Path) -> None:
    columns: dict[str, list[object]] = {
        "crs28992res100m": ["E1766N3184", "E1767N3184", "E1766N3185"],
        "aantal_inwoners": [1, 2, 3],
    }
    path = _squares(tmp_path / "cbs_2023.gpkg", columns, layer="inwoners_a")
    _squares(path, columns, layer="inwoners_b")
    with pytest.raises(ImportProblem, match="meerdere lagen"):
        read_squares(path)
    assert len(read_squares(path, layer="inwoners_b").values) == 3


def test_wrong_kinds_of_file_are_refused(tmp_path: Path) -> None:
    no_columns = _squares(tmp_path / "cbs_vk100_2023.gpkg", {"naam": ["a", "b", "c"]})
    with pytest.raises(ImportProblem, match="geen bekende CBS-vierkantkolommen"):
        read_squares(no_columns)
    not_a_package = tmp_path / "kapot_2023.gpkg"
    not_a_package.write_text("dit is geen GeoPackage")
    with pytest.raises(ImportProblem, match="geen leesbaar GeoPackage"):
        read_values(not_a_package)
