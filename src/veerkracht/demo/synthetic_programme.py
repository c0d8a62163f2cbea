# SPDX-License-Identifier: EUPL-1.2
"""The synthetic city's programme: its content (``synthetic_programme_content``) loaded through the same
loader as a city's files, then a few applications through the fund's steps, each by the demo person whose role
takes that step, a phase change and a gebiedsteam meeting. Every date is fixed, so a rebuild gives the same
database whatever the day.
"""

from datetime import date, datetime, time
from decimal import Decimal

from django.utils import timezone

from veerkracht.areas.models import Area
from veerkracht.core.models import User
from veerkracht.demo.synthetic_programme_content import synthetic_content
from veerkracht.programme import vocabulary
from veerkracht.programme.models import Application, Fund, ResidentTeam
from veerkracht.programme.services import area_teams, teams
from veerkracht.programme.services import fund as fund_steps
from veerkracht.programme.services.content_loader import is_loaded, load_city_content
from veerkracht.programme.services.fund_publishing import publish_fund_values

#: The demo people who take the fund's steps (demo/people.py), one role each.
STEP_PEOPLE = {
    "assess": "leefbaarheid",
    "award": "coordinator",
    "pay": "financien",
    "account": "wijkbeheerder",
}


def _aware(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _person(username: str) -> User:
    return User.objects.get(username=username)


def _applications(fund: Fund) -> int:
    """Six applications at every stage, each step taken by the demo person of that step's role."""
    buurten = list(
        Area.objects.filter(level="buurt", gemeente_code=fund.gemeente_code, valid_to__isnull=True).order_by(
            "code"
        )
    )
    labelled = [a.code for budget in fund.budgets.filter(scope="buurt") for a in budget.areas.all()]
    start = [b for b in buurten if b.code in labelled] + [b for b in buurten if b.code not in labelled]
    plans = [
        ("Buurtmoestuin", Decimal("2400"), "accounted"),
        ("Zomerfeest voor de hele straat", Decimal("1800"), "paid"),
        ("Opknappen speelplek", Decimal("5200"), "awarded"),
        ("Koffieochtend voor ouderen", Decimal("650"), "assessed"),
        ("Bloembakken in de galerij", Decimal("900"), "submitted"),
        ("Reis naar pretpark", Decimal("4000"), "rejected"),
    ]
    for n, (title, amount, stage) in enumerate(plans):
        day = date(2025, 2, 3 + n * 4)
        application, _new = fund_steps.submit_application(
            fund,
            fund_steps.ApplicationInput(
                buurt=start[n % len(start)],
                title=title,
                description=f"{title}: een initiatief van bewoners (synthetisch).",
                requested_amount=amount,
                applicant_name=f"Bewoner {n + 1}",
                email=f"bewoner{n + 1}@example.org",
                residents_involved=5 + 3 * n,
            ),
            at=_aware(day),
            synthetic=True,
        )
        if stage == "submitted":
            continue
        fund_steps.assess_application(
            application,
            actor=_person(STEP_PEOPLE["assess"]),
            advice="negatief" if stage == "rejected" else "positief",
            note="Past bij het doel van het fonds." if stage != "rejected" else "Geen buurtactiviteit.",
            at=_aware(day, 14),
        )
        if stage == "assessed":
            continue
        award = stage != "rejected"
        fund_steps.decide_application(
            application,
            actor=_person(STEP_PEOPLE["award"]),
            award=award,
            amount=amount if award else None,
            note="" if award else "Een reis buiten de buurt valt niet onder het fonds.",
            at=_aware(date(2025, 3, 3 + n)),
        )
        if stage in ("awarded", "rejected"):
            continue
        fund_steps.pay_application(
            application, actor=_person(STEP_PEOPLE["pay"]), at=_aware(date(2025, 3, 20 + n))
        )
        if stage == "accounted":
            fund_steps.account_application(
                application,
                actor=_person(STEP_PEOPLE["account"]),
                spent_amount=amount - Decimal("150"),
                note="Verslag met foto's en bonnen ontvangen.",
                at=_aware(date(2025, 6, 2)),
            )
    return len(plans)


def build_synthetic_programme(seed: int) -> list[str]:
    """Load the synthetic programme content, take the fund's steps, meet once; return a summary."""
    content = synthetic_content(seed)
    if is_loaded(content):
        return ["programma: was al geladen"]
    summary = load_city_content(content)
    fund = Fund.objects.get(slug="leefbaarheidsfonds-veerstad")
    count = _applications(fund)
    coordinator = _person(STEP_PEOPLE["award"])
    team = ResidentTeam.objects.filter(gemeente_code=fund.gemeente_code).order_by("slug").first()
    if team is not None:
        following = vocabulary.TEAM_PHASES[min(vocabulary.TEAM_PHASES.index(team.phase) + 1, 3)]
        if following != team.phase:
            teams.change_phase(
                team, following, since=date(2025, 4, 1), actor=coordinator, at=_aware(date(2025, 4, 2))
            )
    rayon = (
        Area.objects.filter(level="rayon", gemeente_code=fund.gemeente_code, valid_to__isnull=True)
        .order_by("code")
        .first()
    )
    if rayon is not None:
        meeting = area_teams.record_meeting(
            rayon,
            actor=coordinator,
            held_on=date(2025, 3, 10),
            notes="Eerste overleg (synthetisch).",
            at=_aware(date(2025, 3, 10)),
        )
        area_teams.add_action(
            rayon,
            actor=coordinator,
            description="Buurtschouw met bewonerskrachten plannen",
            who="Wijkbeheerder",
            due_on=date(2025, 5, 1),
            meeting=meeting,
            at=_aware(date(2025, 3, 10)),
        )
        done = area_teams.add_action(
            rayon,
            actor=coordinator,
            description="Aanvragen leefbaarheidsfonds bespreken",
            who="Coördinator",
            due_on=date(2025, 4, 1),
            meeting=meeting,
            at=_aware(date(2025, 3, 10)),
        )
        area_teams.complete_action(done, actor=coordinator, done_on=date(2025, 3, 28))
    published = publish_fund_values(fund)
    applications = Application.objects.filter(fund=fund).count()
    summary.append(f"aanvragen leefbaarheidsfonds: {applications} (van {count} gepland)")
    if published is not None:
        summary.append(f"fondscijfers gepubliceerd als import #{published.pk}")
    return ["programma: " + "; ".join(summary)]
