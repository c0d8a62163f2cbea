# SPDX-License-Identifier: EUPL-1.2
"""The written files: official formats that the real import path can read, flagged synthetic."""

import json
from pathlib import Path

import pandas as pd
import pyogrio

from veerkracht.demo.synthetic import City, generate_city, write_city


def test_same_seed_writes_byte_identical_files(city: City, written: Path, tmp_path: Path) -> None:
    write_city(generate_city(seed=1), tmp_path, square_years=[2012, 2022])
    for relative in (
        "gebieden/buurten_2019.geojson",
        "vierkanten/cbs_vk100_2022.gpkg",
        "kwb/kwb_2022.csv",
        "leefbaarometer/Leefbaarometer-scores grid 2012-2024.csv",
        "truth.json",
    ):
        assert (tmp_path / relative).read_bytes() == (written / relative).read_bytes(), relative


def test_manifest_lists_every_file_as_synthetic(written: Path) -> None:
    manifest = json.loads((written / "MANIFEST.json").read_text(encoding="utf-8"))
    assert manifest["synthetic"] is True and manifest["seed"] == 1 and manifest["generator_version"]
    listed = {f["path"] for f in manifest["files"]}
    on_disk = {p.relative_to(written).as_posix() for p in written.rglob("*") if p.is_file()} - {
        "MANIFEST.json"
    }
    assert listed == on_disk
    assert all(f["synthetic"] is True for f in manifest["files"])


def test_buurten_geojson_has_cbs_columns_in_crs84_per_boundary_version(written: Path) -> None:
    for year, count in ((2012, 45), (2019, 46)):
        frame = pyogrio.read_dataframe(written / f"gebieden/buurten_{year}.geojson")
        assert frame.crs.to_epsg() == 4326
        assert {
            "BU_CODE",
            "BU_NAAM",
            "WK_CODE",
            "GM_CODE",
            "GM_NAAM",
            "WATER",
            "AANT_INW",
            "AANTAL_HH",
            "OPP_TOT",
        } <= set(frame.columns)
        assert len(frame) == count and (frame["WATER"] == "NEE").all()
        assert frame.total_bounds[0] > 3 and frame.total_bounds[3] < 54
        tiny = frame.loc[frame["AANT_INW"] < 10]
        assert len(tiny) == 1 and (tiny["GEM_HH_GR"] == -99999999).all()
    assert {"WK_CODE", "WK_NAAM", "GM_CODE", "GM_NAAM"} <= set(
        pyogrio.read_dataframe(written / "gebieden/wijken_2019.geojson").columns
    )
    rayons = pd.read_csv(written / "gebieden/rayons.csv")
    assert list(rayons.columns) == ["rayon_code", "rayon_naam", "buurtcode"]


def test_square_files_use_cbs_columns_ids_and_secrecy(written: Path) -> None:
    frame = pyogrio.read_dataframe(written / "vierkanten/cbs_vk100_2022.gpkg", layer="vierkant_100m_2022")
    assert frame.crs.to_epsg() == 28992
    assert frame["crs28992res100m"].str.fullmatch(r"E\d{4}N\d{4}").all()
    for column in (
        "aantal_inwoners",
        "aantal_woningen",
        "aantal_part_huishoudens",
        "aantal_huurwoningen_in_bezit_woningcorporaties",
        "aantal_personen_met_uitkering_onder_aowlft",
    ):
        values = frame[column]
        assert ((values >= 5) | (values == -99997)).all()
    assert (frame["aantal_huurwoningen_in_bezit_woningcorporaties"] == -99997).any()
    first = frame.iloc[0]
    x, y = int(first["crs28992res100m"][1:5]) * 100, int(first["crs28992res100m"][6:10]) * 100
    assert tuple(first.geometry.bounds) == (x, y, x + 100, y + 100)
    big = pyogrio.read_dataframe(written / "vierkanten/cbs_vk500_2024.gpkg")
    assert big["crs28992res500m"].str.fullmatch(r"E\d{3}[05]N\d{3}[05]").all()


def test_kwb_csv_reads_like_the_cbs_download(written: Path) -> None:
    frame = pd.read_csv(written / "kwb/kwb_2019.csv", sep=";", decimal=",", na_values=".")
    assert {
        "gwb_code_10",
        "gwb_code",
        "regio",
        "gm_naam",
        "recs",
        "a_inw",
        "a_hh",
        "a_woning",
        "p_koopw",
        "p_huurw",
        "p_wcorpw",
        "a_bijstand",
        "a_soz_ao",
        "a_soz_ww",
        "g_ink_pi",
        "p_hh_lkk",
        "p_hh_osm",
    } <= set(frame.columns)
    assert frame["recs"].value_counts().to_dict() == {"Buurt": 46, "Wijk": 7, "Gemeente": 1}
    gemeente = frame.loc[frame["recs"] == "Gemeente"].iloc[0]
    assert gemeente["a_inw"] == frame.loc[frame["recs"] == "Buurt", "a_inw"].sum()
    tiny = frame.loc[(frame["recs"] == "Buurt") & (frame["a_inw"] < 10)]
    assert tiny["g_ink_pi"].isna().all()
    assert frame["g_ink_pi"].dropna().between(10, 60).all()


def test_leefbaarometer_files_follow_the_download(written: Path) -> None:
    folder = written / "leefbaarometer"
    buurten = pd.read_csv(folder / "Leefbaarometer-scores buurten 2012-2024.csv")
    wijken = pd.read_csv(folder / "Leefbaarometer-scores wijken 2012-2024.csv")
    grid = pd.read_csv(folder / "Leefbaarometer-scores grid 2012-2024.csv")
    assert list(buurten.columns) == [
        "bu_code",
        "bu_naam",
        "jaar",
        "lbm",
        "afw",
        "fys",
        "onv",
        "soc",
        "vrz",
        "won",
    ]
    assert list(wijken.columns)[:2] == ["wk_code", "wk_naam"]
    assert list(grid.columns) == ["grid_id", "jaar", "lbm", "afw", "fys", "onv", "soc", "vrz", "won"]
    assert grid["lbm"].isna().any() and buurten["lbm"].isna().any()
    assert sorted(buurten["jaar"].unique()) == list(range(2012, 2025))


def test_partner_files_have_documented_headers(written: Path) -> None:
    folder = written / "partner"
    woonzorg = pd.read_csv(folder / "woonzorg_2022.csv")
    assert list(woonzorg.columns) == [
        "area_level",
        "area_code",
        "inhabitants",
        "lvb",
        "psychiatrie",
        "vluchtelingen",
        "geen_werk",
        "somatiek_mobiliteit",
        "vulnerable_total",
    ]
    assert set(woonzorg["area_level"]) == {"buurt", "square"}
    stock = pd.read_csv(folder / "corporatiebezit_2022.csv")
    assert {
        "goedkoop",
        "betaalbaar_laag",
        "betaalbaar_hoog",
        "tot_liberalisatiegrens",
        "boven_liberalisatiegrens",
    } <= set(stock.columns)
    assert set(stock["area_level"]) == {"buurt", "complex"}
    assert list(pd.read_csv(folder / "wmo_2022.csv").columns) == [
        "buurtcode",
        "begeleiding",
        "huishoudelijke_hulp",
        "woonvoorziening",
    ]
    complexes = pd.read_csv(folder / "complexen.csv")
    assert {"complex_id", "buurtcode", "square_ids", "dwellings", "inhabitants"} <= set(complexes.columns)
