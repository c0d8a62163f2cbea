# SPDX-License-Identifier: EUPL-1.2
"""What a dossier holds about its subject, as the subject may see it (an AVG access request, a letter).

The subject never learns who reported or witnessed: reporters and witnesses are not in it, not even by
pseudonym, and neither are the meldingen's descriptions (written by reporters, they may say who wrote
them). It lists when and what kind of meldingen came in, how many reporters, the subject's own
statements, the steps taken with their outcomes, and the referrals: to whom, why, on which basis and which
fields were shared (AVG art. 15: recipients and purposes). Staff who may read the dossier prepare it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from veerkracht.cases.dossier_rulebook import dossier_rules
from veerkracht.cases.models import Dossier, Hearing, LadderStep, Melding, Party, PartyRole, Referral
from veerkracht.cases.queries.dossiers import distinct_reporters
from veerkracht.cases.rulebook import rulebook
from veerkracht.cases.sharing import FIELDS


@dataclass(frozen=True)
class SubjectCopy:
    subject: str
    dossier_title: str
    opened_at: datetime
    #: (when, category in words) per melding.
    meldingen: list[tuple[datetime, str]]
    reporters: int
    #: (when, what they said, or that they did not respond) per hearing of the subject.
    statements: list[tuple[datetime, str]]
    #: (when, step, outcome) per ladder step.
    steps: list[tuple[datetime, str, str]]
    #: (when, partner, purpose, legal basis, fields shared) per referral.
    referrals: list[tuple[datetime, str, str, str, str]]


def subject_copy(dossier: Dossier, subject: Party) -> SubjectCopy:
    """The dossier as its subject may see it (call for a dossier the person preparing it may read)."""
    if subject.dossier_id != dossier.pk or subject.role != PartyRole.SUBJECT:
        raise ValueError("kies een veroorzaker of huishouden van dit dossier")
    categories = rulebook().categories
    book = dossier_rules().ladder
    meldingen = list(Melding.objects.filter(dossier_links__dossier=dossier).order_by("received_at", "id"))
    steps = []
    for step in LadderStep.objects.filter(dossier=dossier).order_by("taken_at", "id"):
        ladder = book.ladder(step.ladder)
        label = ladder.steps[step.step].label.nl if step.step in ladder.steps else step.step
        steps.append((step.taken_at, label, book.outcome_label(step.outcome)))
    referrals = []
    for referral in Referral.objects.filter(dossier=dossier).select_related("partner", "covenant"):
        basis = f"convenant '{referral.covenant.name}'" if referral.covenant is not None else "uw toestemming"
        shared = ", ".join(FIELDS[code].label.lower() for code in referral.fields if code in FIELDS)
        referrals.append((referral.shared_at, referral.partner.name, referral.purpose, basis, shared))
    return SubjectCopy(
        subject=subject.name or subject.pseudonym,
        dossier_title=dossier.title,
        opened_at=dossier.opened_at,
        meldingen=[
            (m.received_at, categories.classify(m.category, m.subcategory).sublabel) for m in meldingen
        ],
        reporters=distinct_reporters(meldingen),
        statements=[
            (h.held_at, h.statement if h.responded else "u reageerde niet")
            for h in Hearing.objects.filter(party=subject).order_by("held_at", "id")
        ],
        steps=steps,
        referrals=referrals,
    )
