# SPDX-License-Identifier: EUPL-1.2
"""The indicator catalogue: covers what the connectors emit, suits the monitor, strict on errors."""

from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from veerkracht.importing import ImportProblem
from veerkracht.indicators.connectors import bundled_mappings, load_catalogue, load_mapping
from veerkracht.indicators.connectors.kwb import DWELLING_SHARES, KWB_COLUMNS
from veerkracht.indicators.connectors.kwb_odata import ODATA_COLUMNS
from veerkracht.indicators.connectors.leefbaarometer import SCORE_COLUMNS
from veerkracht.indicators.connectors.leefbaarometer2 import measure_of
from veerkracht.indicators.connectors.squares import SQUARE_COLUMNS
from veerkracht.monitor.catalogue import build_catalogue

CBS_AREAS = ("land", "gemeente", "wijk", "buurt")


def _emitted() -> dict[str, set[str]]:
    """Every indicator a connector can emit, with the levels it emits it at."""
    emitted: dict[str, set[str]] = {}

    def add(codes: Iterable[str], levels: tuple[str, ...]) -> None:
        for code in codes:
            emitted.setdefault(code, set()).update(levels)

    add(KWB_COLUMNS, CBS_AREAS)
    add(DWELLING_SHARES.values(), CBS_AREAS)
    add(ODATA_COLUMNS.values(), CBS_AREAS)
    add(SQUARE_COLUMNS, ("square",))
    add(SCORE_COLUMNS.values(), ("square", "buurt", "wijk", "gemeente", "land"))
    columns = ["RLBRMTR18", "RLBWON18", "RLBBEV18", "RLBVRZ18", "RLBVEI18", "RLBFYS18", "KL02"]
    columns += [f"VKL{a:02d}{b:02d}" for a in (2, 8, 12, 14, 16) for b in (8, 12, 14, 16, 18) if b > a]
    add((measure[0] for column in columns if (measure := measure_of(column))), ("pc4",))
    return emitted


def test_every_indicator_a_connector_emits_is_in_the_catalogue_at_that_level() -> None:
    catalogue = {entry["code"]: entry for entry in load_catalogue()}
    for code, levels in _emitted().items():
        assert code in catalogue, f"{code} is emitted but not catalogued"
        missing = levels - set(catalogue[code]["levels"])
        assert not missing, f"{code} is emitted at {missing}, which the catalogue does not list"


def test_every_bundled_mapping_targets_catalogued_indicators() -> None:
    codes = {entry["code"] for entry in load_catalogue()}
    for path in bundled_mappings():
        assert {rule.code for rule in load_mapping(path).indicators} <= codes, path.name


def test_the_requested_codes_exist_with_sources_licences_and_units() -> None:
    catalogue = {entry["code"]: entry for entry in load_catalogue()}
    requested = [
        "inwoners",
        "huishoudens",
        "woningen",
        "woningen_corporatie",
        "aandeel_corporatie",
        "bijstand",
        "ao_uitkering",
        "ww_uitkering",
        "aandeel_bijstand",
        "inkomen_per_inwoner",
        "aandeel_laag_inkomen",
        "aandeel_onder_sociaal_minimum",
        "lbm_score",
        "lbm_afw",
        "lbm_fys",
        "lbm_onv",
        "lbm_soc",
        "lbm_vrz",
        "lbm_won",
        "lbm2_score",
        "lbm2_won",
        "lbm2_bev",
        "lbm2_vrz",
        "lbm2_vei",
        "lbm2_fys",
        "lbm2_klasse",
        "kwetsbaar",
        "kwetsbaar_lvb",
        "kwetsbaar_psychiatrie",
        "kwetsbaar_vluchtelingen",
        "kwetsbaar_geen_werk",
        "kwetsbaar_somatiek",
        "aandeel_kwetsbaar",
        "wmo_begeleiding",
        "wmo_huishoudelijke_hulp",
        "wmo_woonvoorziening",
        "wmo_begeleiding_per_1000",
        "wmo_huishoudelijke_hulp_per_1000",
        "wmo_woonvoorziening_per_1000",
        "corporatie_goedkoop",
        "corporatie_betaalbaar_laag",
        "corporatie_betaalbaar_hoog",
        "corporatie_tot_liberalisatiegrens",
        "corporatie_boven_liberalisatiegrens",
    ]
    assert [code for code in requested if code not in catalogue] == []
    assert catalogue["aandeel_corporatie"]["numerator"] == "woningen_corporatie"
    assert catalogue["aandeel_corporatie"]["denominator"] == "woningen"
    assert catalogue["lbm_onv"]["direction"] == "higher_is_better" and catalogue["lbm_onv"]["weight"]
    assert catalogue["wmo_begeleiding_per_1000"]["unit"] == "per 1.000 inwoners"
    for entry in catalogue.values():
        if entry["source"].startswith("CBS"):
            assert entry["licence"] == "CC BY 4.0", entry["code"]
        if entry["source"].startswith("Leefbaarometer"):
            assert entry["licence"] == "open data, ministerie van BZK", entry["code"]
        assert entry["version"] and entry["privacy"]["minimum_count"] == 5


def test_the_monitor_accepts_the_catalogue() -> None:
    specs = []
    for entry in load_catalogue():
        spec = {"code": entry["code"], "kind": entry["kind"], "privacy": entry["privacy"]}
        spec.update({key: entry[key] for key in ("numerator", "denominator", "weight") if entry[key]})
        if entry["direction"] != "neutral":
            spec["direction"] = entry["direction"]
        specs.append(spec)
    catalogue = build_catalogue(specs)
    assert catalogue["aandeel_kwetsbaar"].privacy_counts() == ("kwetsbaar", "inwoners")
    assert catalogue["wmo_begeleiding_per_1000"].scale == 1000.0


GOOD = """
version: "1"
indicators:
  - {code: inwoners, name_nl: Inwoners, name_en: Inhabitants, definition_nl: Aantal., unit: personen,
     source: CBS, licence: CC BY 4.0, direction: neutral, kind: count, levels: [buurt]}
"""


@pytest.mark.parametrize(
    ("replace", "by", "message"),
    [
        (
            "kind: count",
            "kind: aantal",
            "sleutel 'indicators[0].kind' (inwoners): verwacht een van ['count',",
        ),
        ("unit: personen,", "", "sleutel 'indicators[0].unit' (inwoners): ontbreekt"),
        (
            "levels: [buurt]",
            "levels: [straat]",
            "'indicators[0].levels[0]' (inwoners): verwacht een niveau uit",
        ),
        ("direction: neutral", "direction: up", "sleutel 'indicators[0].direction'"),
        (
            "kind: count",
            "kind: share",
            "'indicators[0].numerator' (inwoners): een share heeft een 'numerator' nodig",
        ),
        (
            "kind: count",
            "kind: count, weight: woningen",
            "'indicators[0].weight' (inwoners): hoort niet bij een count",
        ),
        ('version: "1"\n', "", "sleutel 'version': ontbreekt"),
        ("code: inwoners", "code: Inwoners", "sleutel 'indicators[0].code' (Inwoners): verwacht snake_case"),
        ("levels: [buurt]", "levels: [buurt], privacy: {minimum_count: -1}", "privacy.minimum_count'"),
        ("levels: [buurt]", "levels: [buurt], legend: {breaks: [2, 1]}", "verwacht oplopende getallen"),
        ("levels: [buurt]", "levels: [buurt], colour: red", "onbekende sleutel(s) ['colour']"),
    ],
)
def test_a_wrong_catalogue_names_the_file_and_key(
    write_text: Callable[..., Path], replace: str, by: str, message: str
) -> None:
    assert replace in GOOD
    path = write_text("catalogue.yaml", GOOD.replace(replace, by))
    with pytest.raises(ImportProblem) as caught:
        load_catalogue(path)
    assert caught.value.path == str(path) and message in str(caught.value)


def test_references_must_be_catalogued_counts(write_text: Callable[..., Path]) -> None:
    share = """
  - {code: aandeel, name_nl: A, name_en: A, definition_nl: A., unit: "%", source: CBS, licence: CC BY 4.0,
     direction: neutral, kind: share, numerator: teller, denominator: inwoners, levels: [buurt]}
"""
    with pytest.raises(
        ImportProblem,
        match=r"regel 8, sleutel 'indicators\[1\].numerator' \(aandeel\): 'teller' staat niet",
    ):
        load_catalogue(write_text("catalogue.yaml", GOOD + share))
    with pytest.raises(ImportProblem, match=r"sleutel 'indicators\[1\].code' \(inwoners\): staat twee keer"):
        load_catalogue(write_text("catalogue.yaml", GOOD + GOOD.split("indicators:")[1]))
    assert load_catalogue(write_text("catalogue.yaml", GOOD))[0]["version"] == "1"
