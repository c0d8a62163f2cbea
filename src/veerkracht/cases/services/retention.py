# SPDX-License-Identifier: EUPL-1.2
"""Retention: anonymise closed dossiers and meldingen whose period in ``retention.yaml`` has passed.

What goes (ADR 0022): every text a person wrote or gave about residents (descriptions, summaries, titles,
statements, notes, reasons, feedback, snapshots shared with partners, answers), names and contact details
of reporters and parties, exact addresses and points, amounts of rent arrears, who submitted a melding,
and attachment files on disk. What stays: the facts the statistics count (category, pillar, buurt, wijk,
gemeente, 100 m square, complex, dates, statuses, clocks, ladder steps and outcomes, referral partners and
legal basis) and the pseudonyms of parties. The audit log gets one line per organisation and run with the
ids and the rules applied, never the removed content. Before anything goes, the KPIs of the years involved
are published as final, so the statistics survive; what closed in the current year waits until the year
is over (its figures are not final before). A dry run lists what would go and changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from veerkracht.cases.dossier_rulebook import dossier_rules
from veerkracht.cases.models import (
    Attachment,
    CaseCost,
    ClockPause,
    Dossier,
    DossierHistory,
    DossierMelding,
    EarlySignal,
    Hearing,
    LadderStep,
    Melding,
    MeldingAnonymisation,
    Party,
    Referral,
    ReferralReply,
    ReporterContact,
    StatusChange,
    StepEvidence,
)
from veerkracht.cases.services import attachments
from veerkracht.core import events
from veerkracht.core.calendar import AMSTERDAM, local_day
from veerkracht.core.models import Organisation
from veerkracht.core.services import record_audit

ANONYMISED = "retention.anonymised"
DOSSIER_ANONYMISED, MELDING_ANONYMISED = "dossier.anonymised", "melding.anonymised"
ANONYMOUS_TITLE = "Geanonimiseerd dossier"


@dataclass(frozen=True)
class Due:
    """A dossier or melding whose retention period has passed."""

    kind: str
    pk: int
    reference: str
    organisation_id: int
    closed_at: datetime
    due_at: datetime
    rule: str


@dataclass
class RetentionReport:
    dry_run: bool
    dossiers: list[Due] = field(default_factory=list)
    meldingen: list[Due] = field(default_factory=list)
    #: Meldingen anonymised because their dossier was (not listed in ``meldingen``).
    meldingen_with_dossiers: int = 0
    files_removed: int = 0
    kpi_years: list[int] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The report in Dutch, one line per dossier and melding, for the command line."""
        verb = "zou worden geanonimiseerd" if self.dry_run else "geanonimiseerd"
        out = [
            f"{due.reference}: gesloten {local_day(due.closed_at):%d-%m-%Y}, "
            f"bewaren tot {local_day(due.due_at):%d-%m-%Y} "
            f"({due.rule})"
            for due in [*self.dossiers, *self.meldingen]
        ]
        out.append(f"{len(self.dossiers)} dossiers en {len(self.meldingen)} losse meldingen {verb}")
        if not self.dry_run:
            out.append(
                f"{self.meldingen_with_dossiers} meldingen met hun dossier, "
                f"{self.files_removed} bestanden verwijderd"
            )
        return out


def _this_year(now: datetime) -> datetime:
    """The start of the current year: what closed after it waits (its year's KPIs are not final yet)."""
    return datetime(local_day(now).year, 1, 1, tzinfo=AMSTERDAM)


def due_dossiers(now: datetime) -> list[Due]:
    """Closed dossiers past their retention date, closed before this year, and not yet anonymised."""
    found = Dossier.objects.filter(
        is_open=False, anonymised_at__isnull=True, retention_due__lte=now, closed_at__lt=_this_year(now)
    )
    return [
        Due(
            "dossier",
            d.pk,
            d.reference,
            d.organisation_id,
            d.closed_at or d.opened_at,
            d.retention_due,
            d.retention_rule,
        )
        for d in found.order_by("retention_due", "id")
        if d.retention_due is not None
    ]


def due_meldingen(now: datetime) -> list[Due]:
    """Closed meldingen in no dossier, past the period of their category and final status, closed before
    this year, and not yet anonymised."""
    book = dossier_rules().retention
    base = (
        Melding.objects.filter(is_open=False, status_changed_at__lt=_this_year(now))
        .exclude(Exists(DossierMelding.objects.filter(melding=OuterRef("pk"))))
        .exclude(Exists(MeldingAnonymisation.objects.filter(melding=OuterRef("pk"))))
    )
    due = []
    for category, status in base.values_list("category", "status").distinct().order_by("category", "status"):
        period = book.melding_period(category, status)
        cutoff = now - relativedelta(months=period.months)
        for melding in base.filter(category=category, status=status, status_changed_at__lte=cutoff).order_by(
            "id"
        ):
            due.append(
                Due(
                    "melding",
                    melding.pk,
                    melding.reference,
                    melding.organisation_id,
                    melding.status_changed_at,
                    melding.status_changed_at + relativedelta(months=period.months),
                    f"{period.rule} ({period.version})",
                )
            )
    return due


def run_retention(
    *, dry_run: bool, now: datetime | None = None, publish_kpis: bool = True
) -> RetentionReport:
    """Anonymise what is due (or, with ``dry_run``, only list it); returns what was (or would be) done."""
    moment = now or timezone.now()
    report = RetentionReport(dry_run, due_dossiers(moment), due_meldingen(moment))
    if dry_run or not (report.dossiers or report.meldingen):
        return report
    if publish_kpis:
        from veerkracht.cases.services.kpis import publish_final_years

        report.kpi_years = publish_final_years(_years(report), now=moment)
    per_org: dict[int, dict[str, list[int]]] = defaultdict(lambda: {"dossiers": [], "meldingen": []})
    rules: dict[int, set[str]] = defaultdict(set)
    files: list[str] = []
    with transaction.atomic():
        for due in report.dossiers:
            followed = _anonymise_dossier(due, moment, files)
            report.meldingen_with_dossiers += len(followed)
            per_org[due.organisation_id]["dossiers"].append(due.pk)
            per_org[due.organisation_id]["meldingen"].extend(followed)
            rules[due.organisation_id].add(due.rule)
        by_rule: dict[str, list[int]] = defaultdict(list)
        for due in report.meldingen:
            by_rule[due.rule].append(due.pk)
            per_org[due.organisation_id]["meldingen"].append(due.pk)
            rules[due.organisation_id].add(due.rule)
        for rule, pks in by_rule.items():
            _anonymise_meldingen(pks, moment, rule, files)
        organisations = Organisation.objects.in_bulk(list(per_org))
        for organisation_id, ids in per_org.items():
            record_audit(
                ANONYMISED,
                organisation=organisations[organisation_id],
                object_type="retention",
                detail={**ids, "rules": sorted(rules[organisation_id]), "files": len(files)},
            )
    attachments.remove(files)
    report.files_removed = len(files)
    return report


def _years(report: RetentionReport) -> list[int]:
    years = {local_day(due.closed_at).year for due in report.meldingen}
    for dossier in Dossier.objects.filter(pk__in=[d.pk for d in report.dossiers]):
        years.update(local_day(m).year for m in dossier.meldingen.values_list("received_at", flat=True))
        years.add(local_day(dossier.opened_at).year)
        if dossier.closed_at:
            years.add(local_day(dossier.closed_at).year)
    return sorted(years)


def _anonymise_dossier(due: Due, now: datetime, files: list[str]) -> list[int]:
    """Anonymise one dossier and the meldingen that are in no other dossier still kept; their ids."""
    dossier = Dossier.objects.select_for_update().get(pk=due.pk)
    if dossier.anonymised_at is not None:
        return []
    files.extend(
        StepEvidence.objects.filter(step__dossier=dossier)
        .exclude(stored_name="")
        .values_list("stored_name", flat=True)
    )
    Party.objects.filter(dossier=dossier).update(
        name="", address="", phone="", email="", description="", named_in_court_on=None
    )
    Hearing.objects.filter(dossier=dossier).update(statement="")
    LadderStep.objects.filter(dossier=dossier).update(notes="", skip_reason="", skipped=[])
    StepEvidence.objects.filter(step__dossier=dossier).update(
        description="", stored_name="", original_name="", content_type="", size=None, sha256=""
    )
    Referral.objects.filter(dossier=dossier).update(
        snapshot={}, purpose="", consent_scope="", end_reason="", partner_outcome=""
    )
    ReferralReply.objects.filter(referral__dossier=dossier).update(text="")
    DossierHistory.objects.filter(dossier=dossier).redact()
    CaseCost.objects.filter(dossier=dossier).update(description="")
    EarlySignal.objects.filter(dossier=dossier).update(amount_eur=None, months_in_arrears=None)
    Dossier.objects.filter(pk=dossier.pk).update(
        title=ANONYMOUS_TITLE, summary="", address="", address_key="", x=None, y=None, anonymised_at=now
    )
    kept_elsewhere = DossierMelding.objects.filter(
        melding=OuterRef("pk"), dossier__anonymised_at__isnull=True
    ).exclude(dossier=dossier)
    followers = list(
        Melding.objects.filter(dossier_links__dossier=dossier)
        .exclude(Exists(kept_elsewhere))
        .exclude(Exists(MeldingAnonymisation.objects.filter(melding=OuterRef("pk"))))
        .values_list("pk", flat=True)
    )
    _anonymise_meldingen(followers, now, f"dossier {dossier.reference}", files)
    # A search index or cache that holds the dossier drops it on this event (after commit).
    events.publish(DOSSIER_ANONYMISED, {"dossier": dossier.pk})
    return followers


def _anonymise_meldingen(pks: list[int], now: datetime, rule: str, files: list[str]) -> None:
    if not pks:
        return
    files.extend(Attachment.objects.filter(melding_id__in=pks).values_list("stored_name", flat=True))
    Attachment.objects.filter(melding_id__in=pks).delete()
    ReporterContact.objects.filter(melding_id__in=pks).delete()
    StatusChange.objects.filter(melding_id__in=pks).redact()
    ClockPause.objects.filter(clock__melding_id__in=pks).update(reason="", resume_reason="")
    CaseCost.objects.filter(melding_id__in=pks).update(description="")
    Melding.objects.filter(pk__in=pks).update(
        description="",
        address="",
        address_key="",
        x=None,
        y=None,
        submitted_by=None,
        idempotency_key="",
        external_reference="",
    )
    MeldingAnonymisation.objects.bulk_create(
        [MeldingAnonymisation(melding_id=pk, anonymised_at=now, rule=rule[:200]) for pk in pks]
    )
    for pk in pks:
        events.publish(MELDING_ANONYMISED, {"melding": pk})


def anonymised_meldingen() -> Any:
    """The meldingen retention anonymised (for checks and reports)."""
    return Melding.objects.filter(Exists(MeldingAnonymisation.objects.filter(melding=OuterRef("pk"))))
