# SPDX-License-Identifier: EUPL-1.2
"""Early signals: a month of rent arrears opens a dossier with debt help; contractors; the CSV import."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from veerkracht.cases.models import Dossier, EarlySignal, Melding, Referral
from veerkracht.cases.services.dossier_common import DossierError
from veerkracht.cases.services.errors import NotAllowed
from veerkracht.cases.services.location import Location
from veerkracht.cases.services.signal_import import import_signals
from veerkracht.cases.services.signals import NewSignal, receive_signal
from veerkracht.importing import ImportProblem

from ..conftest import COMPLEX
from .conftest import Network

pytestmark = pytest.mark.django_db


def arrears(months: int, household: str = "Familie Jansen", **changes: Any) -> NewSignal:
    values: dict[str, Any] = {
        "kind": "rent_arrears",
        "location": Location(address="Maasstraat 30", complex_code=COMPLEX),
        "observed_on": date(2026, 3, 1),
        "source_label": "Incasso",
        "household": household,
        "months_in_arrears": months,
        "amount_eur": Decimal("655.40") * months,
    }
    values.update(changes)
    return NewSignal(**values)


def test_one_month_of_rent_arrears_opens_a_dossier_and_refers_to_debt_help_under_the_covenant(
    network: Network,
) -> None:
    city = network.city
    result = receive_signal(
        arrears(1),
        organisation=city.corporation,
        actor=None,
        covenant=network.covenant,
        refer_to=network.kredietbank,
    )
    assert result.dossier_opened and result.dossier.dossier_type == "huurachterstand"
    assert result.dossier.source == "rent_arrears" and result.dossier.confidentiality == "zorg"
    assert (result.melding.category, result.melding.subcategory) == ("huurachterstand", "een_maand")
    assert "655,40" in result.melding.description
    assert [p.name for p in result.dossier.parties.filter(role="subject")] == ["Familie Jansen"]
    referral = result.referral
    assert (
        referral is not None
        and referral.partner == network.kredietbank
        and referral.partner_kind == "debt_help"
    )
    assert referral.fields == ["adres", "betrokkene_naam", "betrokkene_contact", "huurachterstand"]
    assert referral.snapshot["velden"]["huurachterstand"]["waarde"] == [
        {"peildatum": "2026-03-01", "maanden": "1", "bedrag": "655.40"}
    ]


def test_a_second_signal_at_the_same_address_joins_the_open_dossier(network: Network) -> None:
    city = network.city
    first = receive_signal(arrears(1), organisation=city.corporation, actor=None)
    second = receive_signal(arrears(2), organisation=city.corporation, actor=None)
    assert not second.dossier_opened and second.dossier == first.dossier
    assert second.melding.subcategory == "meerdere_maanden"
    assert first.dossier.links.count() == 2 and first.dossier.parties.filter(role="subject").count() == 1


@pytest.mark.parametrize("months", [0, None])
def test_less_than_a_month_of_arrears_is_no_signal(network: Network, months: int | None) -> None:
    with pytest.raises(DossierError, match="vanaf één maand"):
        receive_signal(
            arrears(1, months_in_arrears=months), organisation=network.city.corporation, actor=None
        )
    assert not Melding.objects.exists()


def test_a_contractor_signal_opens_a_dossier_of_the_type_of_its_category(network: Network) -> None:
    result = receive_signal(
        NewSignal(
            kind="contractor",
            location=Location(address="Maasstraat 8", complex_code=COMPLEX),
            observed_on=date(2026, 3, 2),
            source_label="Schilderbedrijf De Kwast",
            category="vervuiling",
            subcategory="vervuilde_woning",
            description="Woning ernstig vervuild aangetroffen bij schilderwerk.",
        ),
        organisation=network.city.corporation,
        actor=network["coordinator"],
    )
    assert result.dossier.dossier_type == "woonomgeving" and result.melding.reporter_kind == "contractor"
    assert result.dossier.confidentiality == "zorg"  # a neglected dwelling is a care signal
    assert EarlySignal.objects.get().source_label == "Schilderbedrijf De Kwast"


def test_only_staff_who_handle_cases_take_in_signals(network: Network) -> None:
    for username in ("bewoner", "schuldhulp", "ondersteuner", "anders"):
        with pytest.raises(NotAllowed):
            receive_signal(arrears(1), organisation=network.city.corporation, actor=network[username])


def test_referring_a_signal_needs_a_covenant(network: Network) -> None:
    with pytest.raises(DossierError, match="onder een convenant"):
        receive_signal(
            arrears(1), organisation=network.city.corporation, actor=None, refer_to=network.kredietbank
        )


CSV_HEADER = "contractnummer;adres;complex;huurder;maanden_achterstand;bedrag_achterstand;peildatum\n"


def test_a_csv_of_rent_arrears_is_imported_with_the_bundled_mapping(network: Network, tmp_path: Path) -> None:
    path = tmp_path / "huurachterstand_2026-03-01.csv"
    path.write_text(
        CSV_HEADER
        + f"H-1;Maasstraat 30;{COMPLEX};Familie Jansen;1;655,40;01-03-2026\n"
        + f"H-2;Maasstraat 32;{COMPLEX};Familie Smeets;3;1.966,20;01-03-2026\n",
        encoding="utf-8",
    )
    done = import_signals(path, "huurachterstand", organisation=network.city.corporation)
    assert (done.rows, done.dossiers_opened, done.referrals) == (2, 2, 2)
    assert sorted(EarlySignal.objects.values_list("amount_eur", flat=True)) == [
        Decimal("655.40"),
        Decimal("1966.20"),
    ]
    assert set(Melding.objects.values_list("external_reference", flat=True)) == {"H-1", "H-2"}


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            f"H-9;Maasstraat 9;{COMPLEX};Fam;een;10,00;01-03-2026",
            "rij 3, kolom maanden_achterstand: verwacht een geheel",
        ),
        (
            f"H-9;Maasstraat 9;{COMPLEX};Fam;1;tien;01-03-2026",
            "rij 3, kolom bedrag_achterstand: verwacht een bedrag",
        ),
        (f"H-9;Maasstraat 9;{COMPLEX};Fam;1;10,00;2026-03-01", "rij 3, kolom peildatum: verwacht een datum"),
        (
            "H-9;Maasstraat 9;C-999;Fam;1;10,00;01-03-2026",
            "rij 3, kolom complex: complex 'C-999' bestaat niet",
        ),
        (
            f"H-9;Maasstraat 9;{COMPLEX};Fam;0;0,00;01-03-2026",
            "rij 3: een huurachterstand wordt een signaal vanaf",
        ),
    ],
)
def test_a_bad_row_names_file_row_and_column_and_nothing_is_stored(
    network: Network, tmp_path: Path, row: str, expected: str
) -> None:
    path = tmp_path / "achterstand.csv"
    path.write_text(
        CSV_HEADER + f"H-1;Maasstraat 30;{COMPLEX};Familie Jansen;1;655,40;01-03-2026\n" + row + "\n"
    )
    with pytest.raises(ImportProblem) as caught:
        import_signals(path, "huurachterstand", organisation=network.city.corporation)
    assert str(caught.value).startswith(f"{path}, ") and expected in str(caught.value), str(caught.value)
    assert not Melding.objects.exists() and not Dossier.objects.exists() and not Referral.objects.exists()


def test_a_file_without_a_column_of_the_mapping_is_refused_before_reading_rows(
    network: Network, tmp_path: Path
) -> None:
    path = tmp_path / "achterstand.csv"
    path.write_text("adres;huurder\nMaasstraat 1;Fam\n")
    with pytest.raises(ImportProblem, match=r"kolom\(men\) \['complex', 'maanden_achterstand'.*\] ontbreken"):
        import_signals(path, "huurachterstand", organisation=network.city.corporation)


def test_a_mapping_with_an_unknown_field_names_its_line(network: Network, tmp_path: Path) -> None:
    mapping = tmp_path / "eigen.yaml"
    mapping.write_text(
        'version: "1"\nkind: contractor\ncolumns:\n  adres_regel: adres\n  observed_on: datum\n'
    )
    path = tmp_path / "s.csv"
    path.write_text("adres;datum\nMaasstraat 1;01-03-2026\n")
    with pytest.raises(ImportProblem, match=r"eigen.yaml.*regel 4.*verwacht een veld"):
        import_signals(path, mapping, organisation=network.city.corporation)
