# SPDX-License-Identifier: EUPL-1.2
"""Who may open what: every URL of the project, for every demo person (role in an organisation) and for an
anonymous visitor, against a table of expectations.

The URLs come from Django's resolver, so a new page or endpoint without a row in ``EXPECTATIONS`` fails
the first test below. Path parameters are filled with an object that exists and one that does not; a
refusal must look the same for both, so that a refusal never tells whether something exists.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from veerkracht.core.models import User
from veerkracht.core.roles import catalogue
from veerkracht.demo.people import DEMO_ORGANISATIONS

pytestmark = pytest.mark.slow

PUBLIC = "public"
# Not for people at all: only a form builder with its own API key (the fund's JSON registration, ADR 0018).
FORM_KEY = "form-key"
# Any logged-in person may ask; what they get is decided per object (``hidden``): a melding's page.
LOGGED_IN = "logged-in"


@dataclass(frozen=True)
class Row:
    """One expectation: a URL (by name) with a query, and what it needs."""

    name: str
    needs: str  # PUBLIC, FORM_KEY, or the permission code a person needs in at least one organisation
    query: str = ""
    method: str = "GET"
    ok: int = 200  # the answer for who may
    ok_logged_in: int | None = None  # a different answer for who may and is logged in
    # A rule beyond one permission (who leads an agreement, who is in a workgroup): the person must also
    # pass it; the object exists for them either way (they may read it), so their refusal is a plain 403.
    writer: Callable[[User, dict[str, str]], bool] | None = None
    refused: int = 403  # the answer for who may read but does not pass ``writer``
    # An object some people may not even know of (a melding, a round, another organisation's rules): for
    # them it answers 404, exactly as for one that does not exist.
    hidden: Callable[[User, dict[str, str]], bool] | None = None


def _leads(user: User, kwargs: dict[str, str]) -> bool:
    from veerkracht.programme.queries import agreements as queries

    found = queries.agreement_page(kwargs["set_slug"], kwargs["code"])
    return found is not None and queries.writing_organisation(user, found) is not None


def _keeps_action_list(user: User, kwargs: dict[str, str]) -> bool:
    from veerkracht.programme.models import Workgroup
    from veerkracht.programme.queries.agreements import may_keep_action_list

    workgroup = Workgroup.objects.get(agreement_set__slug=kwargs["set_slug"], slug=kwargs["slug"])
    return may_keep_action_list(user, workgroup)


def _example_melding(reference: str) -> Any:
    from veerkracht.cases.models import Melding

    return Melding.objects.by_reference(reference).get()


def _reads_melding(user: User, kwargs: dict[str, str]) -> bool:
    from veerkracht.cases.access import can_view

    return can_view(user, _example_melding(kwargs["reference"]))


def _handles_melding(user: User, kwargs: dict[str, str]) -> bool:
    from veerkracht.cases.access import can_edit

    return can_edit(user, _example_melding(kwargs["reference"]))


def _edits_programme(user: User, _kwargs: dict[str, str]) -> bool:
    from veerkracht.core.permissions import has_permission

    return has_permission(user, "programme.edit")


def _melding_hidden(user: User, kwargs: dict[str, str]) -> bool:
    from veerkracht.cases.access import can_view, forget_grants
    from veerkracht.cases.models import Melding

    forget_grants(user)
    return not can_view(user, Melding.objects.by_reference(kwargs["reference"]).get())


def _round_hidden(user: User, kwargs: dict[str, str]) -> bool:
    from veerkracht.cases.models import ResidentTeamRound

    return not ResidentTeamRound.objects.visible_to(user).filter(pk=int(kwargs["round_id"])).exists()


def _submits_rounds(user: User, _kwargs: dict[str, str]) -> bool:
    from django.db.models import Q

    from veerkracht.cases.access import grants_of
    from veerkracht.core.models import Team, TeamKind

    grants = grants_of(user)
    return (
        Team.objects.filter(kind=TeamKind.RESIDENT)
        .filter(Q(pk__in=grants.teams) | Q(organisation_id__in=grants.edit))
        .exists()
    )


def _routing_hidden(user: User, kwargs: dict[str, str]) -> bool:
    from veerkracht.core.models import Organisation
    from veerkracht.core.permissions import has_permission

    return not has_permission(
        user, "cases.manage_routing", Organisation.objects.get(slug=kwargs["organisation"])
    )


def _example_dossier(kwargs: dict[str, str]) -> Any:
    from veerkracht.cases.models import Dossier

    return Dossier.objects.by_reference(kwargs["dossier_reference"]).get()


def _dossier_hidden(user: User, kwargs: dict[str, str]) -> bool:
    from veerkracht.cases.access import forget_grants
    from veerkracht.cases.dossier_access import can_view_dossier

    forget_grants(user)
    return not can_view_dossier(user, _example_dossier(kwargs))


def _handles_dossier(user: User, kwargs: dict[str, str]) -> bool:
    from veerkracht.cases.dossier_access import can_edit_dossier

    return can_edit_dossier(user, _example_dossier(kwargs))


def _refers_dossier(user: User, kwargs: dict[str, str]) -> bool:
    from veerkracht.cases.dossier_access import can_refer

    return can_refer(user, _example_dossier(kwargs))


def _readers_hidden(user: User, kwargs: dict[str, str]) -> bool:
    from veerkracht.cases.dossier_access import may_see_readers

    return not may_see_readers(user, _example_dossier(kwargs).organisation_id)


def _referral_hidden(user: User, kwargs: dict[str, str]) -> bool:
    from veerkracht.cases.dossier_access import partner_filter
    from veerkracht.cases.models import Referral

    return not Referral.objects.filter(partner_filter(user), pk=int(kwargs["referral_id"])).exists()


def _not_pdf_owner(user: User, kwargs: dict[str, str]) -> bool:
    from veerkracht.profiles.models import ProfilePdf

    return not ProfilePdf.objects.filter(pk=kwargs["pk"], owner=user).exists()


# The table. Add a row for every new URL name; a URL that serves data of different sensitivity per
# parameter (public geography, a corporation's complexes) has one row per kind of parameter.
EXPECTATIONS: list[Row] = [
    Row("home", PUBLIC),
    Row("login", PUBLIC, "?next=/", ok_logged_in=302),
    Row("logout", PUBLIC, method="POST", ok=302),
    Row("set_language", PUBLIC, method="POST", ok=302),
    Row("schema", PUBLIC),
    Row("api-docs", PUBLIC),
    Row("api-docs-script", PUBLIC),
    Row("monitor", "monitor.view"),
    Row("analysis-runs", "monitor.analyse"),
    Row("analysis-run-new", "monitor.analyse"),
    Row("analysis-run", "monitor.analyse"),
    Row("analysis-run-progress", "monitor.analyse"),
    Row("analysis-run-retry", "monitor.analyse", method="POST", ok=302),
    Row("analysis-run-report", "monitor.analyse", method="POST", ok=302),
    Row("analysis-run-report-progress", "monitor.analyse"),
    Row("analysis-run-report-pdf", "monitor.analyse"),
    Row("programme-agreements", "programme.view"),
    Row("programme-agreement", "programme.view"),
    Row("programme-agreement", "programme.view", method="POST", writer=_leads),
    Row("programme-workgroups", "programme.view"),
    Row("programme-workgroup", "programme.view"),
    Row("programme-workgroup", "programme.view", method="POST", writer=_keeps_action_list),
    Row("programme-workgroup-action", "programme.view", method="POST", ok=302, writer=_keeps_action_list),
    Row("programme-stagnation", "programme.view"),
    Row("programme-evaluations", "programme.view"),
    Row("programme-evaluation", "programme.view"),
    Row("programme-evaluation", "programme.view", method="POST", ok=302, writer=_edits_programme),
    Row("programme-evaluation-pdf", "programme.view"),
    Row("api-areas", PUBLIC, "?level=buurt"),
    Row("api-areas", "monitor.view", "?level=complex"),
    Row("api-areas-geojson", PUBLIC, "?level=wijk"),
    Row("api-areas-geojson", "monitor.view", "?level=complex"),
    Row("api-areas-locate", PUBLIC, "?x=162350&y=383350"),  # in the demo city (outside: 404)
    Row("api-areas-locate", "monitor.view", "?x=162350&y=383350&level=complex"),
    Row("api-analyses", "monitor.view"),
    Row("api-analyses-compare", "monitor.view", "?a={run_id}&b={run_id}"),
    Row("api-analysis-map", "monitor.view", "?indicator=inwoners&level=buurt&period=2022"),
    Row("api-analysis-classes", "monitor.view", "?level=wijk"),
    Row("api-analysis-series", "monitor.view", "?area=GM5001&indicator=inwoners"),
    Row("api-analysis-download", "monitor.export", "?indicator=inwoners&level=wijk&period=2022"),
    Row("api-analysis-classes-download", "monitor.export", "?level=wijk"),
    Row("api-analysis-hotspots", "monitor.view"),
    Row("monitor-method", PUBLIC),
    Row("monitor-years", "monitor.view", "?indicator=inwoners&level=wijk"),
    Row("monitor-compare", "monitor.view"),
    # Programme: stock, interventions, fund, resident teams, programmes, priorities, area teams (issue 11).
    Row("programme-stock", "programme.view"),
    Row("programme-interventions", "programme.view"),
    Row("programme-intervention-realised", "programme.edit", method="POST", ok=302),
    Row("programme-fund", "programme.view"),
    Row("programme-fund-apply", PUBLIC),
    Row("programme-fund-applied", PUBLIC),
    Row("programme-fund-applications", "programme.fund_view"),
    Row("programme-fund-application", "programme.fund_view"),
    Row("programme-fund-assess", "programme.fund_assess", method="POST", ok=302),
    Row("programme-fund-decide", "programme.fund_award", method="POST", ok=302),
    Row("programme-fund-pay", "programme.fund_pay", method="POST", ok=302),
    Row("programme-fund-account", "programme.fund_account", method="POST", ok=302),
    Row("programme-fund-evaluation", "programme.fund_manage"),
    Row("programme-resident-teams", "programme.view"),
    Row("programme-resident-team", "programme.view"),
    Row("programme-resident-team-phase", "programme.edit", method="POST", ok=302),
    Row("programme-programmes", "programme.view"),
    Row("programme-programme", "programme.view"),
    Row("programme-programme-spending", "programme.edit", method="POST", ok=302),
    Row("programme-priorities", "programme.view"),
    Row("programme-area-teams", "programme.view"),
    Row("programme-area-team", "programme.view"),
    Row("programme-area-team-meeting", "programme.edit", method="POST", ok=302),
    Row("programme-area-team-actions", "programme.edit", method="POST", ok=302),
    Row("api-fund-registrations", FORM_KEY, method="POST"),
    # The meldingen API. A melding the person may not read answers 404, exactly as a missing one; the
    # matrix's POST body is not a melding, so who may submit gets 400 (tests/cases/api test the rest).
    Row("api-meldingen", "cases.view"),
    Row("api-meldingen", "cases.report", method="POST", ok=400),
    Row("api-meldingen-batch", "cases.report", method="POST", ok=400),
    Row("api-meldingen-categories", "cases.report"),
    Row("api-melding", "cases.report", writer=_reads_melding, refused=404),
    Row("api-melding-transitions", "cases.edit", method="POST", ok=400, writer=_handles_melding, refused=404),
    # Open311: reading is public (and shows only what may be); submitting needs an api_key, which the
    # matrix's POST does not send, so it is refused for everyone, logged in or not.
    *[
        Row(f"open311-{name}-{ext}", PUBLIC)
        for name in ("discovery", "services", "service", "requests", "request")
        for ext in ("json", "xml")
    ],
    Row("open311-requests-json", PUBLIC, method="POST", ok=403),
    Row("open311-requests-xml", PUBLIC, method="POST", ok=403),
    # Meldingen (issue 9). A melding, its attachments and a round answer 404 to whoever may not read them,
    # exactly as for one that does not exist; handling one needs cases.edit in its organisation.
    Row("cases-worklist", "cases.view"),
    Row("cases-intake", "cases.view"),
    Row("cases-intake", "cases.view", method="POST"),
    Row("cases-melding", LOGGED_IN, hidden=_melding_hidden),
    Row("cases-melding-step", LOGGED_IN, method="POST", hidden=_melding_hidden, writer=_handles_melding),
    Row("cases-melding-clock", LOGGED_IN, method="POST", hidden=_melding_hidden, writer=_handles_melding),
    Row("cases-melding-reassign", LOGGED_IN, method="POST", hidden=_melding_hidden, writer=_handles_melding),
    Row("cases-attachment", LOGGED_IN, hidden=_melding_hidden),
    Row("cases-rounds", "cases.report"),
    Row("cases-round-new", "cases.report", writer=_submits_rounds),
    Row("cases-round-new", "cases.report", method="POST", writer=_submits_rounds),
    Row("cases-round", LOGGED_IN, hidden=_round_hidden),
    Row("cases-routing", "cases.manage_routing"),
    Row("cases-routing-version", "cases.manage_routing", hidden=_routing_hidden),
    Row("cases-routing-new", "cases.manage_routing", hidden=_routing_hidden),
    Row("cases-routing-new", "cases.manage_routing", method="POST", hidden=_routing_hidden),
    Row("cases-routing-activate", "cases.manage_routing", method="POST", ok=302, hidden=_routing_hidden),
    Row("cases-categories", "cases.manage_routing"),
    Row("cases-service-levels", "cases.manage_routing"),
    Row("cases-calendar", "core.manage_members"),
    Row("cases-calendar", "core.manage_members", method="POST"),
    # The KPI dashboard (issue 10 §6): only the organisation's own stored figures; the matrix's POST
    # names no year (400).
    Row("cases-kpis", "cases.view_kpis"),
    Row("cases-kpis-refresh", "cases.view_kpis", method="POST", ok=400),
    # Dossiers (issue 10). A dossier answers 404 to whoever may not read it, exactly as a missing one;
    # handling needs cases.edit in its organisation (the matrix's POST is no valid form: 400, or for a
    # ladder step without a step back to the dossier). A referral is read only by the partner it was
    # shared with, while it lasts; who read a dossier only by who has core.view_audit in its organisation.
    Row("cases-dossiers", "cases.view"),
    Row("cases-dossier-new", "cases.edit"),
    Row("cases-dossier-new", "cases.edit", method="POST", ok=400),
    Row("cases-dossier-new-address", "cases.edit"),
    Row("cases-dossier-new-address", "cases.edit", method="POST", ok=400),
    Row("cases-dossier", LOGGED_IN, hidden=_dossier_hidden),
    *[
        Row(name, LOGGED_IN, method="POST", ok=400, hidden=_dossier_hidden, writer=_handles_dossier)
        for name in (
            "cases-dossier-link",
            "cases-dossier-party",
            "cases-dossier-hearing",
            "cases-dossier-close",
            # The terms (suspend, resume, extend, reopen): the example dossier is open and running, so
            # an empty form or a resume of what is not suspended is refused with 400.
            "cases-dossier-suspend",
            "cases-dossier-resume",
            "cases-dossier-extend",
            "cases-dossier-reopen",
        )
    ],
    Row(
        "cases-dossier-step",
        LOGGED_IN,
        method="POST",
        ok=302,
        hidden=_dossier_hidden,
        writer=_handles_dossier,
    ),
    Row(
        "cases-dossier-refer",
        LOGGED_IN,
        method="POST",
        ok=400,
        hidden=_dossier_hidden,
        writer=_refers_dossier,
    ),
    Row("cases-dossier-court-file", LOGGED_IN, hidden=_dossier_hidden),
    Row("cases-dossiers-privacy", "core.view_audit"),
    Row("cases-dossier-privacy", LOGGED_IN, hidden=_readers_hidden),
    Row("cases-dossier-subject-copy", LOGGED_IN, hidden=_readers_hidden),
    Row("cases-referrals", "cases.receive_referrals"),
    Row("cases-referral", LOGGED_IN, hidden=_referral_hidden),
    Row("cases-referral-reply", LOGGED_IN, method="POST", ok=400, hidden=_referral_hidden),
    Row("cases-referral-close", LOGGED_IN, method="POST", ok=400, hidden=_referral_hidden),
    # Neighbourhood profiles (issue 12): each part of the page shows only what the person may see; the
    # matrix's POST body is no story and no review, so who may gets sent back to the profile (302).
    Row("profiles-index", "programme.view"),
    Row("profiles-area", "programme.view"),
    Row("profiles-compare", "programme.view"),
    Row("profiles-note-write", "profiles.write_notes", method="POST", ok=302),
    Row("profiles-note-review", "profiles.review_notes", method="POST", ok=302),
    # The profile PDF (issue 12): anyone who sees the profile asks for their own; its progress and the PDF
    # answer only the person it was made for, and 404 to everyone else, as a PDF that does not exist.
    Row("profiles-pdf-request", "programme.view", method="POST", ok=302),
    Row("profiles-pdf-state", "programme.view", hidden=_not_pdf_owner),
    Row("profiles-pdf-download", "programme.view", hidden=_not_pdf_owner),
]


# Every path parameter: (an object that exists, one that does not), from the demo city.
PATH_VALUES: dict[str, tuple[str, str]] = {
    "run_id": ("{run_id}", "987654"),
    "set_slug": ("", "bestaat-niet"),
    "code": ("", "9z"),
    "slug": ("", "bestaat-niet"),
    "pk": ("", "987654"),
    "year": ("", "2099"),
    "number": ("", "9"),
    "team": ("", "geen-team"),
    "programme": ("", "geen-programma"),
    "rayon": ("", "RA999999"),
    "service_request_id": ("", "M-2099-987654"),
    "service_code": ("vervuiling-zwerfafval", "bestaat-niet"),
    "reference": ("", "M-2099-987654"),
    "attachment_id": ("", "987654"),
    "round_id": ("", "987654"),
    "organisation": ("", "bestaat-niet"),
    "version": ("", "987"),
    "dossier_reference": ("", "D-2099-987654"),
    "party_id": ("", "987654"),
    "referral_id": ("", "987654"),
}


def _agreement() -> dict[str, str]:
    from veerkracht.programme.models import Agreement

    found = Agreement.objects.select_related("theme__agreement_set").first()
    assert found is not None, "the demo city has performance agreements"
    return {"set_slug": found.theme.agreement_set.slug, "code": found.code}


def _workgroup() -> dict[str, str]:
    from veerkracht.programme.models import WorkgroupAction

    action = WorkgroupAction.objects.select_related("workgroup__agreement_set").first()
    assert action is not None, "the demo city has a workgroup with an action list"
    group = action.workgroup
    return {"set_slug": group.agreement_set.slug, "slug": group.slug, "pk": str(action.pk)}


def _theme_year() -> dict[str, str]:
    from veerkracht.programme.models import Theme

    theme = Theme.objects.select_related("agreement_set").first()
    assert theme is not None
    return {
        "set_slug": theme.agreement_set.slug,
        "year": str(theme.agreement_set.start_year),
        "number": str(theme.number),
    }


def _application() -> dict[str, str]:
    from veerkracht.programme.models import Application

    found = Application.objects.order_by("reference").first()
    assert found is not None, "the demo city has applications to the fund"
    return {"reference": found.reference}


def _team() -> dict[str, str]:
    from veerkracht.programme.models import ResidentTeam

    found = ResidentTeam.objects.order_by("slug").first()
    assert found is not None, "the demo city has resident teams"
    return {"team": found.slug}


def _programme() -> dict[str, str]:
    from veerkracht.programme.models import Programme

    found = Programme.objects.order_by("slug").first()
    assert found is not None, "the demo city has an area programme"
    return {"programme": found.slug}


def _rayon() -> dict[str, str]:
    from veerkracht.areas.models import Area

    found = Area.objects.filter(level="rayon", valid_to__isnull=True).order_by("code").first()
    assert found is not None, "the demo city has rayons"
    return {"rayon": found.code}


MATRIX_MELDING = "permissiematrix"


def _melding() -> dict[str, str]:
    """A melding of Woonstichting Maasoever with a photo, taken in here: the demo city has none of its own
    with an attachment file in this data folder."""
    import io

    from PIL import Image

    from veerkracht.areas.models import Area
    from veerkracht.cases.models import Melding
    from veerkracht.cases.services.attachments import Upload
    from veerkracht.cases.services.intake import NewMelding, Reporter, receive
    from veerkracht.cases.services.location import Location
    from veerkracht.core.models import Organisation

    found = Melding.objects.filter(external_reference=MATRIX_MELDING).prefetch_related("attachments").first()
    if found is None:
        buurt = Area.objects.filter(level="buurt", valid_to__isnull=True).order_by("code").first()
        assert buurt is not None, "the demo city has buurten"
        photo = io.BytesIO()
        Image.new("RGB", (8, 8), "red").save(photo, "PNG")
        new = NewMelding(
            "vervuiling",
            "zwerfafval",
            "Afval naast de container",
            Location(address="Matrixstraat 1", area_code=buurt.code),
            "phone",
            reporter=Reporter(kind="tenant", name="Melder"),
            attachments=[Upload("foto.png", photo.getvalue())],
            external_reference=MATRIX_MELDING,
        )
        found = receive(
            new, organisation=Organisation.objects.get(name="Woonstichting Maasoever"), actor=None
        ).melding
    attachment = found.attachments.get()
    return {"reference": found.reference, "attachment_id": str(attachment.pk)}


def _round() -> dict[str, str]:
    """A round of the demo's resident team, reported to Woonstichting Maasoever."""
    from django.utils import timezone

    from veerkracht.areas.models import Area
    from veerkracht.cases.models import ResidentTeamRound
    from veerkracht.cases.services.intake import NewMelding
    from veerkracht.cases.services.location import Location
    from veerkracht.cases.services.rounds import submit_round
    from veerkracht.core.models import Organisation, Team

    found = ResidentTeamRound.objects.filter(route="Matrixroute").first()
    if found is None:
        buurt = Area.objects.filter(level="buurt", valid_to__isnull=True).order_by("code").first()
        assert buurt is not None
        found, _made = submit_round(
            Team.objects.get(name="Bewonersteam Hoogveld"),
            walked_on=timezone.localdate(),
            route="Matrixroute",
            findings=[
                NewMelding("vervuiling", "zwerfafval", "Papier", Location(area_code=buurt.code), "round")
            ],
            actor=None,
            organisation=Organisation.objects.get(name="Woonstichting Maasoever"),
        )
    return {"round_id": str(found.pk)}


def _routing_version() -> dict[str, str]:
    """The routing of Gemeente Veerstad, whose coordinator and administrator manage it."""
    from veerkracht.cases.services.routing import seed_rule_set
    from veerkracht.core.models import Organisation

    rule_set = seed_rule_set(Organisation.objects.get(name="Gemeente Veerstad"))
    return {"organisation": rule_set.organisation.slug, "version": str(rule_set.version)}


MATRIX_REFERRAL = "Permissiematrix: schuldhulp aanbieden"


def _dossier() -> dict[str, str]:
    """An open nuisance dossier of Woonstichting Maasoever with a subject (the demo has several)."""
    from veerkracht.cases.models import Dossier

    found = (
        Dossier.objects.filter(
            organisation__name="Woonstichting Maasoever", is_open=True, parties__role="subject"
        )
        .order_by("pk")
        .first()
    )
    assert found is not None, "the demo city has open dossiers with a subject"
    return {"dossier_reference": found.reference}


def _subject() -> dict[str, str]:
    from veerkracht.cases.models import Dossier

    dossier = Dossier.objects.by_reference(_dossier()["dossier_reference"]).get()
    return {**_dossier(), "party_id": str(dossier.parties.filter(role="subject").order_by("pk")[0].pk)}


def _referral() -> dict[str, str]:
    """A running referral of that dossier to Welzijn Veerstad (the demo's referrals have all ended)."""
    from veerkracht.cases.models import Covenant, Dossier, Referral
    from veerkracht.cases.services.referrals import NewReferral, refer
    from veerkracht.core.models import Organisation

    found = Referral.objects.filter(purpose=MATRIX_REFERRAL).first()
    if found is None:
        found = refer(
            Dossier.objects.by_reference(_dossier()["dossier_reference"]).get(),
            NewReferral(
                partner=Organisation.objects.get(name="Welzijn Veerstad"),
                partner_kind="welfare",
                purpose=MATRIX_REFERRAL,
                fields=["adres", "samenvatting"],
                covenant=Covenant.objects.get(name="Convenant Leefbare Wijken Veerstad"),
            ),
            actor=None,
        )
    return {"referral_id": str(found.pk)}


def _buurt() -> dict[str, str]:
    from veerkracht.areas.models import Area

    found = Area.objects.filter(level="buurt", valid_to__isnull=True).order_by("code").first()
    assert found is not None, "the demo city has buurten"
    return {"code": found.code}


def _note() -> dict[str, str]:
    """A story waiting for review, written by the demo city's analyst."""
    from datetime import date

    from veerkracht.core.models import Organisation
    from veerkracht.profiles.models import ProfileNote
    from veerkracht.profiles.services import write_note

    found = ProfileNote.objects.filter(source="Permissiematrix").first()
    if found is None:
        analyst = User.objects.get(username="analist")
        organisation = Organisation.objects.get(memberships__user=analyst, memberships__role="analist")
        found = write_note(
            _buurt()["code"],
            actor=analyst,
            organisation=organisation,
            text="Bewoners vertellen over de nieuwe speeltuin.",
            source="Permissiematrix",
            observed_on=date(2025, 5, 1),
        )
    return {"pk": str(found.pk)}


def _city_report() -> dict[str, str]:
    """A finished city report of the demo's run (a stand-in file: the matrix checks access, not the PDF)."""
    from django.utils import timezone

    from veerkracht.analysis.models import AnalysisRun, CityReport
    from veerkracht.analysis.services import report_file

    run = AnalysisRun.objects.get(status=AnalysisRun.Status.SUCCEEDED)
    report = CityReport.objects.filter(run=run, status=CityReport.Status.SUCCEEDED).first()
    if report is None:
        now = timezone.now()
        report = CityReport.objects.create(
            run=run, status=CityReport.Status.SUCCEEDED, requested_at=now, finished_at=now, size=9
        )
    path = report_file(report)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"%PDF-1.7\n")
    return {"run_id": str(run.pk)}


def _profile_pdf() -> dict[str, str]:
    """A finished profile PDF of the demo city's analyst (another area than the one the matrix asks for)."""
    from django.utils import timezone

    from veerkracht.areas.models import Area
    from veerkracht.profiles.models import PdfStatus, ProfilePdf
    from veerkracht.profiles.pdf_services import scope_of

    owner = User.objects.get(username="analist")
    area = Area.objects.filter(level="buurt", valid_to__isnull=True).order_by("-code").first()
    assert area is not None
    found = ProfilePdf.objects.filter(owner=owner, area_code=area.code).first()
    if found is None:
        found = ProfilePdf.objects.create(
            owner=owner,
            area_code=area.code,
            year=timezone.localdate().year,
            language="nl",
            scope=scope_of(owner),
            status=PdfStatus.DONE,
            content=b"%PDF-1.7 permissiematrix",
            requested_at=timezone.now(),
        )
    return {"pk": str(found.pk)}


# Path parameters that must name one object together: an existing one, read from the demo city.
EXISTING: dict[str, Callable[[], dict[str, str]]] = {
    "analysis-run-report-pdf": _city_report,
    "programme-agreement": _agreement,
    "programme-workgroup": lambda: {k: v for k, v in _workgroup().items() if k != "pk"},
    "programme-workgroup-action": _workgroup,
    "programme-evaluation": _theme_year,
    "programme-evaluation-pdf": _theme_year,
    "programme-fund-application": _application,
    "programme-fund-assess": _application,
    "programme-fund-decide": _application,
    "programme-fund-pay": _application,
    "programme-fund-account": _application,
    "programme-resident-team": _team,
    "programme-resident-team-phase": _team,
    "programme-programme": _programme,
    "programme-programme-spending": _programme,
    "programme-area-team": _rayon,
    "programme-area-team-meeting": _rayon,
    "programme-area-team-actions": _rayon,
    "api-melding": lambda: {"reference": _melding()["reference"]},
    "api-melding-transitions": lambda: {"reference": _melding()["reference"]},
    "open311-request-json": lambda: {"service_request_id": _melding()["reference"]},
    "open311-request-xml": lambda: {"service_request_id": _melding()["reference"]},
    "cases-melding": lambda: {k: v for k, v in _melding().items() if k == "reference"},
    "cases-melding-step": lambda: {k: v for k, v in _melding().items() if k == "reference"},
    "cases-melding-clock": lambda: {k: v for k, v in _melding().items() if k == "reference"},
    "cases-melding-reassign": lambda: {k: v for k, v in _melding().items() if k == "reference"},
    "cases-attachment": _melding,
    "cases-round": _round,
    "cases-routing-version": _routing_version,
    "cases-routing-new": lambda: {"organisation": _routing_version()["organisation"]},
    "cases-routing-activate": _routing_version,
    **dict.fromkeys(
        (
            "cases-dossier",
            "cases-dossier-link",
            "cases-dossier-party",
            "cases-dossier-hearing",
            "cases-dossier-step",
            "cases-dossier-refer",
            "cases-dossier-close",
            "cases-dossier-suspend",
            "cases-dossier-resume",
            "cases-dossier-extend",
            "cases-dossier-reopen",
            "cases-dossier-court-file",
            "cases-dossier-privacy",
        ),
        _dossier,
    ),
    "cases-dossier-subject-copy": _subject,
    **dict.fromkeys(("cases-referral", "cases-referral-reply", "cases-referral-close"), _referral),
    "profiles-area": _buurt,
    "profiles-compare": _buurt,
    "profiles-note-write": _buurt,
    "profiles-note-review": _note,
    "profiles-pdf-request": _buurt,
    "profiles-pdf-state": _profile_pdf,
    "profiles-pdf-download": _profile_pdf,
}

# Every demo person: (username, role, organisation); None is the anonymous visitor.
PEOPLE: list[tuple[str, str, str] | None] = [
    None,
    *[
        (username, role, org)
        for org, _kind, people in DEMO_ORGANISATIONS
        for username, _f, _l, role in people
    ],
]


def url_patterns() -> list[tuple[str, URLPattern]]:
    """Every URL pattern of the project with its full route."""
    found: list[tuple[str, URLPattern]] = []

    def walk(patterns: list[Any], prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                found.append((prefix + str(pattern.pattern), pattern))

    walk(get_resolver().url_patterns, "/")
    return found


def test_every_url_of_the_project_has_an_expectation() -> None:
    known = {row.name for row in EXPECTATIONS}
    assert set(EXISTING) <= known
    unnamed = [route for route, pattern in url_patterns() if not pattern.name]
    assert not unnamed, f"give these URL patterns a name, then a row in EXPECTATIONS: {unnamed}"
    missing = sorted({str(pattern.name) for _route, pattern in url_patterns()} - known)
    assert not missing, (
        f"no expectation for {missing}: add a row to EXPECTATIONS in {__file__} "
        "saying whether the URL is public or which permission it needs"
    )
    stale = sorted(known - {str(pattern.name) for _route, pattern in url_patterns()})
    assert not stale, f"EXPECTATIONS names URLs that no longer exist: {stale}"
    parameters = {key for _route, pattern in url_patterns() for key in pattern.pattern.converters}
    assert parameters <= set(PATH_VALUES), (
        f"add example values to PATH_VALUES for {parameters - set(PATH_VALUES)}"
    )


def _requests(row: Row, run_id: int) -> list[tuple[str, str, dict[str, str]]]:
    """(variant, url, path values) for the row: 'exists' and 'missing' when the URL has path parameters."""
    pattern = next(pattern for _route, pattern in url_patterns() if pattern.name == row.name)
    query = row.query.format(run_id=run_id)
    converters = pattern.pattern.converters
    if not converters:
        return [("exists", reverse(row.name) + query, {})]
    variants = []
    for index, variant in enumerate(("exists", "missing")):
        if variant == "exists" and row.name in EXISTING:
            kwargs = EXISTING[row.name]()
        else:
            kwargs = {key: PATH_VALUES[key][index].format(run_id=run_id) for key in converters}
        variants.append((variant, reverse(row.name, kwargs=kwargs) + query, kwargs))
    return variants


def _allowed(row: Row, permissions: frozenset[str] | None) -> bool:
    if row.needs == PUBLIC:
        return True
    return permissions is not None and (row.needs == LOGGED_IN or row.needs in permissions)


def _expected(
    row: Row,
    url: str,
    variant: str,
    permissions: frozenset[str] | None,
    who: tuple[User | None, dict[str, str]],
) -> int:
    if row.needs == FORM_KEY:
        return 401  # people, logged in or not, are no form: the API asks for a form's key
    anonymous = permissions is None
    if _allowed(row, permissions):
        if variant == "missing":
            return 404
        user, kwargs = who
        if row.hidden is not None and (user is None or row.hidden(user, kwargs)):
            return 404
        if row.writer is not None and (user is None or not row.writer(user, kwargs)):
            return row.refused
        return row.ok_logged_in if row.ok_logged_in is not None and not anonymous else row.ok
    if anonymous and not url.startswith("/api/"):
        return 302  # a page sends the visitor to the login page
    return 403


def _comparable(body: bytes, url: str) -> bytes:
    """A refusal's body without what differs per request anyway: the CSRF token and the URL asked for."""
    text = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b'name="csrfmiddlewaretoken"', body)
    return text.replace(url.split("?")[0].encode(), b"{url}")


def _send(client: Client, row: Row, url: str) -> Any:
    if row.method == "POST":
        return client.post(url, {"language": "nl", "next": "/"})
    return client.get(url)


@pytest.mark.parametrize(
    "person", PEOPLE, ids=lambda p: "anoniem" if p is None else f"{p[1]}@{p[2]}:{p[0]}".replace(" ", "_")
)
def test_each_person_gets_exactly_what_their_roles_allow(
    demo: Any, person: tuple[str, str, str] | None
) -> None:
    permissions = None if person is None else catalogue().permissions_of({person[1]})
    mismatches = []
    for row in EXPECTATIONS:
        refusals: dict[str, tuple[int, bytes]] = {}
        for variant, url, kwargs in _requests(row, demo.run_id):
            client = Client()
            user = None if person is None else User.objects.get(username=person[0])
            if user is not None:
                client.force_login(user)
            expected = _expected(row, url, variant, permissions, (user, kwargs))
            response = _send(client, row, url)
            if response.status_code != expected:
                mismatches.append(
                    f"{row.method} {url} ({variant}): {response.status_code}, expected {expected}"
                )
            if not _allowed(row, permissions) or (row.hidden is not None and expected == 404):
                refusals[variant] = (response.status_code, _comparable(response.content, url))
        if len(refusals) == 2 and refusals["exists"] != refusals["missing"]:
            mismatches.append(f"{row.name}: the refusal tells whether the object exists: {refusals}")
    assert not mismatches, "\n".join(mismatches)
