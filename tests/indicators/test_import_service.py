# SPDX-License-Identifier: EUPL-1.2
"""Importing values: all-or-nothing into the Parquet store; the latest import wins; failures are kept."""

from pathlib import Path

import pytest

from veerkracht.importing import ImportProblem
from veerkracht.indicators.models import ImportRun, Indicator
from veerkracht.indicators.queries import current_values
from veerkracht.indicators.services import import_values, sync_catalogue, value_store, withdraw_import

pytestmark = pytest.mark.django_db

LBM = "leefbaarometer-3-wijken/Leefbaarometer-scores wijken 2002-2022.csv"


@pytest.fixture
def catalogue(data_dir: Path) -> None:
    sync_catalogue()


def _lbm_file(folder: Path, onv_2018: str) -> Path:
    path = folder / "Leefbaarometer-scores wijken 2018.csv"
    path.write_text(
        "wk_code,wk_naam,jaar,lbm,afw,fys,onv,soc,vrz,won\n"
        f"WK093502,Wijk 02 Buitenwijk West,2018,3.9,-0.2,0.0,{onv_2018},0.0,0.0,0.0\n"
        "WK093503,Wijk 03 Buitenwijk Noordwest,2018,3.95,-0.15,0.0,-0.05,0.0,0.0,0.0\n"
    )
    return path


def test_the_catalogue_is_in_the_database_with_definitions_and_licences(catalogue: None) -> None:
    onv = Indicator.objects.get(code="lbm_onv")
    assert onv.kind == "score"
    assert "Leefbaarometer" in onv.source
    assert Indicator.objects.get(code="aandeel_corporatie").denominator == "woningen"


def test_the_real_leefbaarometer_file_lands_in_the_store_with_its_provenance(
    catalogue: None, open_data: Path
) -> None:
    run = import_values(open_data / LBM)
    assert run.status == ImportRun.Status.SUCCEEDED
    assert run.rows_read == 26_366
    assert len(run.source_sha256) == 64
    assert value_store().run_folder(run.pk).is_dir()
    values = current_values(indicators=["lbm_onv"], area_codes=["WK093502"], periods=[2018])
    assert values["value"].tolist() == [pytest.approx(-0.08479764781928656)]
    assert int(values["run"].iloc[0]) == run.pk


def test_a_corrected_reimport_replaces_what_it_corrects(catalogue: None, tmp_path: Path) -> None:
    first = import_values(_lbm_file(tmp_path, "-0.10"))
    (tmp_path / "fix").mkdir()
    second = import_values(_lbm_file(tmp_path / "fix", "-0.12"))
    values = current_values(indicators=["lbm_onv"], periods=[2018]).set_index("area_code")["value"]
    assert values["WK093502"] == pytest.approx(-0.12)
    assert values["WK093503"] == pytest.approx(-0.05)
    withdraw_import(second)
    values = current_values(indicators=["lbm_onv"], periods=[2018]).set_index("area_code")["value"]
    assert values["WK093502"] == pytest.approx(-0.10), (
        "withdrawing the correction brings back the first import"
    )
    assert first.pk < second.pk


def test_a_bad_file_stores_no_value_and_records_why(catalogue: None, tmp_path: Path) -> None:
    path = tmp_path / "Leefbaarometer-scores wijken 2018.csv"
    path.write_text(
        "wk_code,wk_naam,jaar,lbm,afw,fys,onv,soc,vrz,won\nWK093502,West,2018,3.9,-0.2,0,veel,0,0,0\n"
    )
    with pytest.raises(ImportProblem) as problem:
        import_values(path)
    assert "onv" in str(problem.value)
    failed = ImportRun.objects.get()
    assert failed.status == ImportRun.Status.FAILED
    assert "onv" in failed.error
    assert current_values().empty
    assert not any(value_store().root.glob("run=*"))


def test_synthetic_imports_flag_every_value(catalogue: None, tmp_path: Path) -> None:
    import_values(_lbm_file(tmp_path, "-0.10"), synthetic=True)
    assert current_values()["synthetic"].all()
