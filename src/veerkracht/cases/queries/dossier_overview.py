# SPDX-License-Identifier: EUPL-1.2
"""The dossier list of an organisation: filtered on status, type and the step reached, with counts per step.

A dossier stands on the highest rung it took (``queries.ladder.position`` says the same for one dossier);
rung 0 is "no step yet". The counts are over the dossiers the person may read with the same status and
type filter, so they answer "how many of these are on each step". A list shows no dossier's content, so
it is not a read of one (``services.reads``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, IntegerField, Max, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from veerkracht.cases.dossier_rulebook import dossier_rules
from veerkracht.cases.models import Dossier, LadderStep
from veerkracht.cases.queries.labels import in_language

LIST_LIMIT = 200
STATUSES = ("open", "closed", "all")


@dataclass(frozen=True)
class StepCount:
    """How many of the listed dossiers stand on one step (``rung`` 0: no step taken yet)."""

    rung: int
    code: str
    label: str
    count: int


@dataclass(frozen=True)
class DossierOverview:
    dossiers: list[Dossier]
    #: The highest rung per listed dossier.
    rungs: dict[int, int]
    counts: list[StepCount]
    total: int
    shown: int


def rung_labels() -> dict[int, tuple[str, str]]:
    """(step code, label) per rung, over every ladder of the installation (the first ladder names a rung)."""
    found: dict[int, tuple[str, str]] = {}
    for ladder in dossier_rules().ladder.file.ladders.values():
        for spec in ladder.in_order():
            found.setdefault(spec.rung, (spec.code, in_language(spec.label)))
    return found


def rung_of_step(code: str) -> int | None:
    """The rung of a step code (None when no ladder has it); ``geen`` is rung 0."""
    if code == "geen":
        return 0
    return next((rung for rung, (step, _label) in rung_labels().items() if step == code), None)


def _base(user: object, status: str, dossier_type: str) -> QuerySet[Dossier]:
    found = Dossier.objects.visible_to(user)
    if status == "open":
        found = found.filter(is_open=True)
    elif status == "closed":
        found = found.filter(is_open=False)
    if dossier_type:
        found = found.filter(dossier_type=dossier_type)
    # A subquery, not a join with Max: the counts group by it, and SQL cannot group by an aggregate.
    highest = (
        LadderStep.objects.filter(dossier=OuterRef("pk"))
        .order_by()
        .values("dossier")
        .annotate(top=Max("rung"))
        .values("top")
    )
    return found.annotate(top_rung=Coalesce(Subquery(highest, output_field=IntegerField()), Value(0)))


def overview(
    user: object, *, status: str = "open", dossier_type: str = "", step: str = ""
) -> DossierOverview:
    """The dossiers this person may read, newest first, and how many stand on each step."""
    # Annotated with top_rung (the type checker does not follow an annotation through a helper).
    found: Any = _base(user, status, dossier_type)
    labels = rung_labels()
    per_rung = dict(found.order_by().values("top_rung").annotate(n=Count("id")).values_list("top_rung", "n"))
    counts = [StepCount(0, "geen", "", per_rung.get(0, 0))]
    counts += [
        StepCount(rung, code, label, per_rung.get(rung, 0)) for rung, (code, label) in sorted(labels.items())
    ]
    total = sum(per_rung.values())
    if step:
        rung = rung_of_step(step)
        found = found.filter(top_rung=rung) if rung is not None else found.none()
    listed = list(found.select_related("organisation").order_by("-opened_at", "-id")[:LIST_LIMIT])
    return DossierOverview(
        dossiers=listed,
        rungs={d.pk: int(getattr(d, "top_rung", 0)) for d in listed},
        counts=counts,
        total=total,
        shown=len(listed),
    )
