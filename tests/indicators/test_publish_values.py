# SPDX-License-Identifier: EUPL-1.2
"""Values from code and from files take one path into the store: checked, recorded, never stored twice."""

from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from veerkracht.cli.main import cli
from veerkracht.core.models import AuditEvent, Organisation
from veerkracht.core.services import create_organisation, create_person
from veerkracht.importing import ImportProblem
from veerkracht.indicators import services
from veerkracht.indicators.models import ImportRun
from veerkracht.indicators.queries import current_values
from veerkracht.indicators.services import (
    AlreadyImported,
    import_values,
    publish_values,
    sync_catalogue,
    value_store,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def gemeente(data_dir: Path) -> Organisation:
    sync_catalogue()
    return create_organisation("Gemeente Veerstad", "gemeente")


def _kpis(meldingen: tuple[float, float] = (12.0, 7.0)) -> pd.DataFrame:
    """What the meldingen part will publish: its own figures per buurt and year."""
    return pd.DataFrame(
        {
            "area_code": ["BU09350101", "BU09350102"],
            "level": ["buurt", "buurt"],
            "indicator": ["inwoners", "inwoners"],
            "period": [2025, 2025],
            "value": list(meldingen),
        }
    )


def _lbm_file(folder: Path, onv: str = "-0.10") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "Leefbaarometer-scores wijken 2018.csv"
    path.write_text(
        "wk_code,wk_naam,jaar,lbm,afw,fys,onv,soc,vrz,won\n"
        f"WK093502,Wijk 02 Buitenwijk West,2018,3.9,-0.2,0.0,{onv},0.0,0.0,0.0\n"
    )
    return path


def test_values_from_code_land_in_the_store_with_who_which_organisation_and_a_content_hash(
    gemeente: Organisation,
) -> None:
    analist = create_person("analist", "een-lang-wachtwoord")
    run = publish_values(_kpis(), "meldingen-kpi 2025", gemeente, actor=analist)
    assert run.status == ImportRun.Status.SUCCEEDED
    assert (run.organisation, run.imported_by, run.source_name) == (gemeente, analist, "meldingen-kpi 2025")
    assert len(run.content_sha256) == 64
    assert (run.values_written, run.indicators, run.periods, run.levels) == (
        2,
        ["inwoners"],
        [2025],
        ["buurt"],
    )
    values = current_values(indicators=["inwoners"]).set_index("area_code")["value"]
    assert values.to_dict() == {"BU09350101": 12.0, "BU09350102": 7.0}
    audited = AuditEvent.objects.get(action="indicators.imported")
    assert audited.actor == analist and audited.organisation == gemeente
    assert audited.detail["content_sha256"] == run.content_sha256


def test_the_content_hash_follows_the_values_not_their_order(gemeente: Organisation) -> None:
    first = publish_values(_kpis(), "kpi", gemeente)
    reordered = _kpis().iloc[::-1]
    with pytest.raises(AlreadyImported) as already:
        publish_values(reordered, "kpi opnieuw", gemeente)
    assert already.value.run == first
    assert "al geïmporteerd als import" in str(already.value)
    assert ImportRun.objects.count() == 1


def test_the_same_values_again_store_nothing_new_unless_forced(gemeente: Organisation) -> None:
    first = publish_values(_kpis(), "kpi", gemeente)
    with pytest.raises(AlreadyImported):
        publish_values(_kpis(), "kpi", gemeente)
    assert ImportRun.objects.count() == 1
    assert sorted(p.name for p in value_store().root.glob("run=*")) == [f"run={first.pk}"]
    forced = publish_values(_kpis(), "kpi", gemeente, force=True)
    assert forced.pk != first.pk
    assert int(current_values()["run"].iloc[0]) == forced.pk


def test_changed_values_or_another_organisation_are_new(gemeente: Organisation) -> None:
    publish_values(_kpis(), "kpi", gemeente)
    corrected = publish_values(_kpis((12.0, 8.0)), "kpi", gemeente)
    corporation = create_organisation("Woonstichting Maasoever", "woningcorporatie")
    theirs = publish_values(_kpis(), "kpi", corporation)
    assert ImportRun.objects.filter(status="succeeded").count() == 3
    assert corrected.content_sha256 != theirs.content_sha256


def test_a_withdrawn_import_does_not_block_the_same_values(gemeente: Organisation) -> None:
    first = publish_values(_kpis(), "kpi", gemeente)
    services.withdraw_import(first)
    again = publish_values(_kpis(), "kpi", gemeente)
    assert again.pk != first.pk


@pytest.mark.parametrize(
    ("change", "row", "column"),
    [
        (lambda f: f.assign(indicator=["inwoners", "meldingen_overlast"]), None, None),
        (lambda f: f.assign(period=[2025, "vorig jaar"]), 2, "period"),
        (lambda f: f.assign(period=[2025.5, 2025]), 1, "period"),
        (lambda f: f.assign(value=[1.0, "veel"]), 2, "value"),
        (lambda f: f.assign(area_code=["BU09350101", ""]), 2, "area_code"),
        (lambda f: f.drop(columns="level"), None, None),
    ],
)
def test_bad_values_from_code_are_refused_with_row_and_column_and_recorded(
    gemeente: Organisation, change: object, row: int | None, column: str | None
) -> None:
    with pytest.raises(ImportProblem) as problem:
        publish_values(change(_kpis()), "meldingen-kpi", gemeente)  # type: ignore[operator]
    assert (problem.value.row, problem.value.column) == (row, column)
    assert str(problem.value).startswith("meldingen-kpi")
    failed = ImportRun.objects.get()
    assert failed.status == ImportRun.Status.FAILED and failed.organisation == gemeente
    assert current_values().empty
    assert not any(value_store().root.glob("run=*"))


def test_an_unknown_indicator_is_named(gemeente: Organisation) -> None:
    with pytest.raises(ImportProblem, match=r"meldingen_overlast.*catalogus"):
        publish_values(_kpis().assign(indicator="meldingen_overlast"), "kpi", gemeente)


def test_file_imports_go_through_publish_values(
    gemeente: Organisation, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[dict[str, object]] = []
    real = services.publish_values

    def spy(
        values: pd.DataFrame, source: str, organisation: Organisation | None, **options: object
    ) -> object:
        calls.append({"source": source, "organisation": organisation, **options})
        return real(values, source, organisation, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(services, "publish_values", spy)
    run = import_values(_lbm_file(tmp_path), organisation=gemeente)
    assert [c["source"] for c in calls] == ["Leefbaarometer-scores wijken 2018.csv"]
    assert calls[0]["source_sha256"] == run.source_sha256 and calls[0]["organisation"] == gemeente


def test_importing_the_same_file_again_says_so_in_dutch_and_stores_nothing(
    gemeente: Organisation, tmp_path: Path
) -> None:
    path = _lbm_file(tmp_path)
    runner = CliRunner()
    first = runner.invoke(cli, ["import-values", str(path)])
    assert first.exit_code == 0, first.output
    assert "Import #" in first.output
    again = runner.invoke(cli, ["import-values", str(path)])
    assert again.exit_code == 0, again.output
    assert "al geïmporteerd als import" in again.output
    assert "er is niets nieuws opgeslagen" in again.output
    assert "--force" in again.output
    assert ImportRun.objects.count() == 1
    forced = runner.invoke(cli, ["import-values", str(path), "--force"])
    assert forced.exit_code == 0, forced.output
    assert ImportRun.objects.filter(status="succeeded").count() == 2


def test_the_same_file_with_other_values_is_imported(gemeente: Organisation, tmp_path: Path) -> None:
    path = _lbm_file(tmp_path)
    import_values(path)
    flagged = import_values(path, synthetic=True)  # the same file, now marked synthetic: other values
    assert flagged.synthetic
    assert ImportRun.objects.filter(status="succeeded").count() == 2
