# SPDX-License-Identifier: EUPL-1.2
"""Retention: a dry run lists, a real run anonymises exactly what is due, and no personal data remains.

The dossier below holds personal data in every place a dossier can: reporter contact details, parties,
statements, notes, evidence files, a referral's snapshot and answers, reasons in the history, a melding's
attachment, a paused clock's reason, a status change's feedback and the arrears of an early signal. After
the real run none of those texts is in any column of any table (the audit log included), no file is on
disk, the published KPIs are the same, and what was not due is untouched.
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.db import models
from django.utils import timezone
from PIL import Image

from veerkracht.cases.models import (
    Attachment,
    Clock,
    Dossier,
    EarlySignal,
    Melding,
    MeldingAnonymisation,
    ReporterContact,
    attachment_root,
)
from veerkracht.cases.queries.kpis import PUBLISHED
from veerkracht.cases.services.attachments import Upload
from veerkracht.cases.services.clocks import pause_clock
from veerkracht.cases.services.dossier_status import close_dossier
from veerkracht.cases.services.intake import Reporter
from veerkracht.cases.services.ladder import Evidence, take_step
from veerkracht.cases.services.location import Location
from veerkracht.cases.services.parties import record_hearing
from veerkracht.cases.services.referrals import NewReferral, refer, reply
from veerkracht.cases.services.retention import run_retention
from veerkracht.cases.services.signals import NewSignal, receive_signal
from veerkracht.cases.services.transitions import transition
from veerkracht.cli.main import cli
from veerkracht.core.models import AuditEvent
from veerkracht.indicators.queries import current_values
from veerkracht.indicators.services import sync_catalogue

from ..conftest import COMPLEX
from .conftest import Network, ago, parties_of

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PERSONAL = (
    "Greet Geheim",
    "greet@example.nl",
    "0612345678",
    "Henk Anoniem",
    "0687654321",
    "Kees Veroorzaker",
    "0611111111",
    "Maasstraat 12",
    "maasstraat 12",
    "Harde muziek",
    "schold mij uit",
    "Structurele geluidsoverlast",
    "Geluidsoverlast Maasstraat 12",
    "nooit muziek na tien uur",
    "Huisbezoek bij Kees",
    "Waarschuwingsbrief aan Kees",
    "Schuldhulp voor Kees",
    "Kees is aangemeld",
    "Kees betaalt af",
    "Kees verhuist",
    "Wacht op Greet",
    "Greet hoort niets meer",
    "Familie Kees",
    "HUUR-KEES",
    "1310,80",
)


@pytest.fixture
def due(network: Network, nuisance: Dossier, take_in: Any, data_dir: Path) -> Dossier:
    """The nuisance dossier with personal data everywhere, closed more than its period ago."""
    sync_catalogue()
    person = network["wijkbeheerder"]
    subject = parties_of(nuisance, "subject")[0]
    record_hearing(
        subject,
        held_at=ago(27),
        form="home_visit",
        statement="Ik draai nooit muziek na tien uur.",
        actor=person,
    )
    take_step(
        nuisance,
        "hoor_en_wederhoor",
        outcome="beide_gehoord",
        notes="Huisbezoek bij Kees",
        evidence=[Evidence("gespreksverslag", "Huisbezoek bij Kees", upload=Upload("verslag.pdf", PDF))],
        actor=person,
        taken_at=ago(26),
    )
    take_step(
        nuisance,
        "brief",
        outcome="niet_opgelost",
        evidence=[Evidence("brief", "Waarschuwingsbrief aan Kees")],
        actor=person,
    )
    referral = refer(
        nuisance,
        NewReferral(
            network.kredietbank,
            "debt_help",
            "Schuldhulp voor Kees",
            ["adres", "betrokkene_naam", "betrokkene_contact"],
            covenant=network.covenant,
        ),
        actor=person,
    )
    reply(referral, "Kees is aangemeld", actor=network["schuldhulp"])
    first = nuisance.links.order_by("added_at").first().melding  # type: ignore[union-attr]
    pause_clock(Clock.objects.get(melding=first, kind="feedback"), reason="Wacht op Greet", actor=person)
    transition(first, "give_feedback", actor=person, fields={"feedback": "Greet hoort niets meer"})
    signal = receive_signal(
        NewSignal(
            kind="rent_arrears",
            location=Location(address="Maasstraat 12", complex_code=COMPLEX),
            observed_on=date.today(),
            source_label="Incasso",
            household="Familie Kees",
            months_in_arrears=2,
            amount_eur=Decimal("1310.80"),
            external_reference="HUUR-KEES",
        ),
        organisation=network.city.corporation,
        actor=None,
    )
    close_dossier(signal.dossier, outcome="schuldhulp_gestart", reason="Kees betaalt af", actor=None)
    with_photo = take_in(
        address="Maasstraat 12",
        actor=None,
        received_at=ago(20),
        description="Harde muziek, foto bijgevoegd",
        attachments=[Upload("foto.jpg", _jpeg())],
    )
    from veerkracht.cases.services.dossiers import add_meldingen

    add_meldingen(nuisance, [with_photo], actor=person)
    close_dossier(nuisance, outcome="huurovereenkomst_beeindigd", reason="Kees verhuist", actor=person)
    return nuisance


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "JPEG")
    return buffer.getvalue()


def _later(years: int) -> Any:
    return timezone.now() + relativedelta(years=years)


def _texts() -> dict[str, list[str]]:
    """Every text and JSON value of every table, per table."""
    found: dict[str, list[str]] = {}
    for model in apps.get_models():
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        if fields:
            found[model._meta.db_table] = [str(row) for row in model._default_manager.values_list(*fields)]
    return found


def _leaks() -> dict[str, set[str]]:
    leaks: dict[str, set[str]] = {}
    for table, rows in _texts().items():
        hit = {secret for secret in PERSONAL for row in rows if secret in row}
        if hit:
            leaks[table] = hit
    return leaks


def test_the_dossier_really_holds_personal_data_everywhere_before_retention(due: Dossier) -> None:
    leaks = _leaks()
    assert set().union(*leaks.values()) == set(PERSONAL), set(PERSONAL) - set().union(*leaks.values())
    for table in (
        "cases_dossier",
        "cases_party",
        "cases_hearing",
        "cases_ladderstep",
        "cases_stepevidence",
        "cases_referral",
        "cases_referralreply",
        "cases_dossierhistory",
        "cases_melding",
        "cases_reportercontact",
        "cases_statuschange",
        "cases_clockpause",
    ):
        assert table in leaks, table
    assert "core_auditevent" not in leaks, leaks.get("core_auditevent")


def test_each_dossier_is_due_when_its_own_period_has_passed(due: Dossier) -> None:
    arrears = Dossier.objects.get(dossier_type="huurachterstand")
    assert run_retention(dry_run=True, now=_later(1) - timedelta(days=1)).dossiers == []
    report = run_retention(dry_run=True, now=_later(1) + timedelta(days=1))
    assert [d.reference for d in report.dossiers] == [arrears.reference]  # 12 months; the eviction keeps 84
    assert [d.reference for d in run_retention(dry_run=True, now=_later(7) + timedelta(days=1)).dossiers] == [
        arrears.reference,
        due.reference,
    ]


def test_a_dry_run_lists_what_would_go_and_changes_nothing(due: Dossier) -> None:
    before = _texts()
    report = run_retention(dry_run=True, now=_later(8))
    assert {d.reference for d in report.dossiers} == {
        due.reference,
        *[d.reference for d in Dossier.objects.filter(dossier_type="huurachterstand")],
    }
    assert _texts() == before
    assert any("zou worden geanonimiseerd" in line for line in report.lines())
    result = CliRunner().invoke(cli, ["cases", "retention", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "0 dossiers en 0 losse meldingen zou worden geanonimiseerd" in result.output  # not due today


def test_after_the_real_run_no_personal_data_of_the_dossier_remains_and_the_statistics_stand(
    network: Network, due: Dossier, take_in: Any
) -> None:
    kept_open = take_in(
        address="Andere straat 5",
        description="Greet Geheim meldt iets nieuws",
        reporter=Reporter(kind="tenant", name="Nieuwe Melder", email="nieuw@example.nl"),
        actor=None,
    )
    files = [attachment_root() / name for name in Attachment.objects.values_list("stored_name", flat=True)]
    assert files and all(path.exists() for path in files)
    later = _later(8)
    report = run_retention(dry_run=False, now=later)
    assert report.files_removed == 2  # the photo and the evidence PDF
    assert not any(path.exists() for path in files)
    assert [p for p in attachment_root().rglob("*") if p.is_file()] == []
    # Everything of the anonymised dossiers is gone; the only "Greet Geheim" left is a new, open melding.
    leaks = _leaks()
    assert leaks == {"cases_melding": {"Greet Geheim"}}, leaks
    assert Melding.objects.get(pk=kept_open.pk).description == "Greet Geheim meldt iets nieuws"
    due.refresh_from_db()
    assert due.anonymised_at is not None and due.title == "Geanonimiseerd dossier"
    assert (due.buurt_code, due.square_id, due.outcome) != ("", "", "")
    assert not ReporterContact.objects.filter(melding__dossier_links__dossier=due).exists()
    assert list(EarlySignal.objects.values_list("amount_eur", "months_in_arrears")) == [(None, None)]
    assert MeldingAnonymisation.objects.filter(rule=f"dossier {due.reference}").count() == 4
    # The audit log says what happened, with ids and rules, not what was removed.
    line = AuditEvent.objects.get(action="retention.anonymised")
    assert due.pk in line.detail["dossiers"] and line.detail["files"] == 2
    assert line.detail["rules"] == sorted(
        {
            "dossiers.categories.overlast.outcomes.huurovereenkomst_beeindigd (2026.1)",
            "dossiers.categories.huurachterstand.default (2026.1)",
        }
    )
    # A second run finds nothing more to do.
    again = run_retention(dry_run=False, now=later)
    assert again.dossiers == [] and again.meldingen == []


def test_the_kpis_published_before_retention_are_unchanged_after_it(network: Network, due: Dossier) -> None:
    year = due.opened_at.year
    report = run_retention(dry_run=False, now=_later(8))
    assert year in report.kpi_years
    published = current_values(indicators=list(PUBLISHED), periods=[year])
    assert not published.empty
    from veerkracht.cases.services.kpis import publish_kpis, year_values

    assert publish_kpis(year, final=True) is None  # final: never again
    recomputed = year_values(year)
    counted = ["meldingen_leefbaarheid", "dossiers_gesloten", "ladderstappen", "doorverwijzingen"]
    columns = ["area_code", "indicator", "value"]

    def counts(frame: Any) -> Any:
        chosen = frame[frame["indicator"].isin(counted)][columns]
        return chosen.sort_values(["indicator", "area_code"]).reset_index(drop=True)

    assert len(counts(published)) > 4
    assert counts(published).equals(counts(recomputed))


def test_a_closed_melding_outside_any_dossier_follows_its_category(network: Network, take_in: Any) -> None:
    melding = take_in(
        "parkeren",
        "wrak",
        address="Kerkstraat 1",
        description="Wrak van Henk Anoniem",
        reporter=Reporter(kind="tenant", name="Henk Anoniem", phone="0687654321"),
        received_at=ago(40),
        actor=None,
    )
    transition(melding, "close", actor=None, reason="Weggesleept", at=ago(39))
    assert run_retention(dry_run=True, now=_later(1) - timedelta(days=60)).meldingen == []
    report = run_retention(dry_run=False, now=_later(2))
    assert [(d.reference, d.rule) for d in report.meldingen] == [
        (melding.reference, "meldingen.default (2026.1)")
    ]
    assert _leaks() == {}
