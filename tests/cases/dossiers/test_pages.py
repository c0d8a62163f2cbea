# SPDX-License-Identifier: EUPL-1.2
"""The dossier pages through the test client: what each person sees, what the forms do, what stays hidden."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from veerkracht.cases.models import Dossier, LadderStep, Referral
from veerkracht.cases.services.ladder import take_step
from veerkracht.core.models import AuditEvent

from ..pages.conftest import comparable
from .conftest import Network, meldingen_of

pytestmark = pytest.mark.django_db


def client(user: Any) -> Client:
    made = Client()
    made.force_login(user)
    return made


def url(dossier: Dossier, tail: str = "") -> str:
    return f"/dossiers/{dossier.reference}/{tail}"


def test_the_list_counts_dossiers_per_step_and_narrows_to_one_step(
    network: Network, nuisance: Dossier
) -> None:
    take_step(nuisance, "aanspreken", outcome="afspraken_gemaakt", actor=network["wijkbeheerder"])
    page = client(network["wijkbeheerder"]).get("/dossiers/")
    assert page.status_code == 200
    text = page.content.decode()
    assert re.search(r'data-step="aanspreken"><a [^>]+>1\. Aanspreken</a>: <strong>1</strong>', text)
    assert nuisance.reference in text
    assert (
        nuisance.reference
        not in client(network["wijkbeheerder"]).get("/dossiers/?stap=brief").content.decode()
    )
    assert (
        nuisance.reference
        in client(network["wijkbeheerder"]).get("/dossiers/?stap=aanspreken").content.decode()
    )
    assert nuisance.reference not in client(network["wijk_b"]).get("/dossiers/").content.decode()


def test_reporters_are_named_only_to_who_may_know_them_and_every_read_is_audited(
    network: Network, nuisance: Dossier
) -> None:
    named = client(network["wijkbeheerder"]).get(url(nuisance)).content.decode()
    assert "Greet Geheim" in named and "Kees Veroorzaker" in named
    hidden = client(network["ondersteuner"]).get(url(nuisance)).content.decode()
    assert "Greet Geheim" not in hidden and "Henk Anoniem" not in hidden and "greet@example.nl" not in hidden
    assert "Melder 1" in hidden and "Kees Veroorzaker" in hidden
    reads = AuditEvent.objects.filter(action="dossier.read", object_id=str(nuisance.pk))
    assert reads.count() == 2 and {e.detail["where"] for e in reads} == {"dossier-detail"}


def test_a_dossier_of_another_corporation_answers_exactly_like_a_missing_one(
    network: Network, nuisance: Dossier
) -> None:
    other = client(network["wijk_b"])
    hidden = other.get(url(nuisance))
    missing = other.get("/dossiers/D-2099-987654/")
    assert hidden.status_code == missing.status_code == 404
    assert comparable(hidden) == comparable(missing)
    assert other.post(url(nuisance, "sluiten/"), {"sluiten-outcome": "opgelost"}).status_code == 404
    assert client(network["fg"]).get(url(nuisance)).status_code == 404


def test_a_dossier_is_opened_from_a_melding_page(network: Network, take_in: Any) -> None:
    melding = take_in("overlast", "geluid", address="Kade 3")
    staff = client(network["wijkbeheerder"])
    page = staff.get(f"/meldingen/{melding.reference}/").content.decode()
    assert f"/dossiers/nieuw/?melding={melding.reference}" in page
    form = staff.get(f"/dossiers/nieuw/?melding={melding.reference}").content.decode()
    assert f'value="{melding.reference}"' in form
    done = staff.post(
        "/dossiers/nieuw/",
        {
            "melding": melding.reference,
            "dossier_type": "overlast",
            "subject_kind": "address",
            "title": "Kade 3",
        },
    )
    dossier = Dossier.objects.get(title="Kade 3")
    assert done.status_code == 302 and done["Location"] == url(dossier)
    assert meldingen_of(dossier) == [melding]
    assert dossier.reference in staff.get(f"/meldingen/{melding.reference}/").content.decode()
    refused = client(network["ondersteuner"]).post("/dossiers/nieuw/", {"melding": melding.reference})
    assert refused.status_code == 403


def test_a_step_that_skips_its_preconditions_needs_a_reason_and_a_coordinator(
    network: Network, nuisance: Dossier
) -> None:
    staff = client(network["wijkbeheerder"])
    form = {"step": "brief", "ladder-brief-outcome": "geen_gehoor", "ladder-brief-evidence_kind": ""}
    refused = staff.post(url(nuisance, "stap/"), form)
    assert refused.status_code == 400 and not LadderStep.objects.exists()
    assert "Reden om de voorwaarden over te slaan" in refused.content.decode()
    coordinator = network["coordinator"]
    done = staff.post(
        url(nuisance, "stap/"),
        {
            **form,
            "ladder-brief-skip_reason": "Bedreiging van de buren: direct een brief.",
            "ladder-brief-approved_by": str(coordinator.pk),
        },
    )
    assert done.status_code == 302
    step = LadderStep.objects.get()
    assert step.step == "brief" and step.approved_by == coordinator and step.skipped


def test_a_hearing_is_recorded_and_shown(network: Network, nuisance: Dossier) -> None:
    staff = client(network["wijkbeheerder"])
    subject = nuisance.parties.get(role="subject")
    done = staff.post(
        url(nuisance, "horen/"),
        {
            "horen-party": str(subject.pk),
            "horen-form": "conversation",
            "horen-responded": "on",
            "horen-statement": "Ik wist niet dat het zo gehorig is.",
        },
    )
    assert done.status_code == 302
    assert "Ik wist niet dat het zo gehorig is." in staff.get(url(nuisance)).content.decode()


def test_the_partner_reads_only_what_was_shared_and_nothing_after_the_dossier_closes(
    network: Network, nuisance: Dossier
) -> None:
    staff = client(network["wijkbeheerder"])
    done = staff.post(
        url(nuisance, "doorverwijzen/"),
        {
            "doorverwijzen-partner": str(network.kredietbank.pk),
            "doorverwijzen-partner_kind": "debt_help",
            "doorverwijzen-purpose": "Schuldhulp aanbieden",
            "doorverwijzen-covenant": str(network.covenant.pk),
            "doorverwijzen-fields_shared": ["adres", "betrokkene_naam", "meldingen_overzicht"],
        },
    )
    assert done.status_code == 302, done.content.decode()[:2000]
    referral = Referral.objects.get()
    partner = client(network["schuldhulp"])
    assert (
        f"/dossiers/doorverwijzingen/{referral.pk}/"
        in partner.get("/dossiers/doorverwijzingen/").content.decode()
    )
    shared = partner.get(f"/dossiers/doorverwijzingen/{referral.pk}/").content.decode()
    assert "Kees Veroorzaker" in shared and "Maasstraat 12" in shared
    for secret in ("Greet Geheim", "Henk Anoniem", "Harde muziek", "Melder 1", "0611111111"):
        assert secret not in shared
    assert partner.get(url(nuisance)).status_code == 404
    answered = partner.post(
        f"/dossiers/doorverwijzingen/{referral.pk}/antwoord/", {"antwoord-text": "Intake gepland."}
    )
    assert answered.status_code == 302
    assert "Intake gepland." in staff.get(url(nuisance)).content.decode()
    staff.post(url(nuisance, "sluiten/"), {"sluiten-outcome": "opgelost", "sluiten-reason": "Rust."})
    assert partner.get(f"/dossiers/doorverwijzingen/{referral.pk}/").status_code == 404
    assert (
        f"/dossiers/doorverwijzingen/{referral.pk}/"
        not in partner.get("/dossiers/doorverwijzingen/").content.decode()
    )


def test_court_file_and_subject_copy_are_pdfs_for_who_may_make_them(
    network: Network, nuisance: Dossier
) -> None:
    court = client(network["wijkbeheerder"]).get(url(nuisance, "rechtbank.pdf"))
    assert court.status_code == 200 and court.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="dossier.read", detail__where="court-file").exists()
    officer = client(network["fg"])
    privacy = officer.get(url(nuisance, "privacy/"))
    assert privacy.status_code == 200 and "wijkbeheerder" in privacy.content.decode()
    subject = nuisance.parties.get(role="subject")
    copy = officer.get(url(nuisance, f"inzage/{subject.pk}.pdf"))
    assert copy.status_code == 200 and copy.content.startswith(b"%PDF")
    reporter = nuisance.parties.get(role="reporter")
    assert officer.get(url(nuisance, f"inzage/{reporter.pk}.pdf")).status_code == 404
    assert client(network["ondersteuner"]).get(url(nuisance, "privacy/")).status_code == 404
