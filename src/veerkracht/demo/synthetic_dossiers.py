# SPDX-License-Identifier: EUPL-1.2
"""Leefbaarheidsdossiers for the synthetic city: two corporations, every step of the ladder, referrals.

Built through the real services (intake, dossiers, parties, ladder, covenants, referrals, signals), so the
demo exercises what a corporation does. The meldingen are made here (invented reporters, with
``example.org`` addresses), so the demo does not depend on other demo content. Deterministic for a seed;
the history lies in 2024 and 2025 whatever the date of the build, so a rebuild gives the same dossiers.
Some were closed in early 2024: they are past their retention period, so ``veerkracht cases retention
--dry-run`` has something to show. At the end the KPIs of 2024 and 2025 are published as final.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from veerkracht.areas.models import Area, AreaLevel
from veerkracht.cases.models import Covenant, Dossier, Melding
from veerkracht.cases.services import dossier_status, dossiers, intake, ladder, parties, referrals, signals
from veerkracht.cases.services.covenants import NewCovenant, create_covenant
from veerkracht.cases.services.location import Location
from veerkracht.core.calendar import AMSTERDAM
from veerkracht.core.models import Organisation, User

CORPORATIONS = (
    ("Woonstichting Maasoever", "wijkbeheerder", "teamleider"),
    ("Woonvereniging Heuvelrand", "wijkbeheerder2", "heuvelrand"),
)
DEBT_HELP, WELFARE, POLICE, GEMEENTE = (
    "Kredietbank Veerstad",
    "Welzijn Veerstad",
    "Politie wijkteam Veerstad",
    "Gemeente Veerstad",
)
DEBT_COVENANT = "Convenant vroegsignalering schulden Veerstad"
AREA_COVENANT = "Convenant Leefbare Wijken Veerstad"
STREETS = (
    "Maaskade",
    "Lindelaan",
    "Kastanjehof",
    "Wilgenstraat",
    "Beukenrode",
    "Populierenweg",
    "Eikendreef",
)
FIRST = ("Anna", "Bas", "Carla", "Dirk", "Els", "Frank", "Gerda", "Hans", "Ilse", "Joost", "Karin", "Luuk")
LAST = ("Bakker", "Claessens", "Dassen", "Erkens", "Franssen", "Geurts", "Hendrikx", "Janssen", "Kusters")
PATH = (
    "aanspreken",
    "hoor_en_wederhoor",
    "brief",
    "buurtbemiddeling",
    "mediation",
    "stopgesprek",
    "allonge_leefregels",
    "beeindiging_huurovereenkomst",
)
OUTCOME = {
    "aanspreken": ("afspraken_gemaakt", "gespreksverslag", "Bewoner aangesproken op het geluid 's avonds."),
    "hoor_en_wederhoor": ("beide_gehoord", "gespreksverslag", "Melders en bewoner apart gesproken."),
    "brief": ("niet_opgelost", "brief", "Waarschuwingsbrief verstuurd."),
    "buurtbemiddeling": ("niet_opgelost", "verslag_bemiddeling", "Bemiddelingsgesprek zonder afspraken."),
    "mediation": ("niet_opgelost", "verslag_mediation", "Mediation afgebroken."),
    "stopgesprek": (
        "afspraken_gemaakt",
        "gespreksverslag",
        "Stopgesprek: laatste kans, afspraken vastgelegd.",
    ),
    "allonge_leefregels": ("ondertekend", "ondertekende_allonge", "Allonge met leefregels ondertekend."),
}


@dataclass
class Corporation:
    organisation: Organisation
    staff: User
    coordinator: User
    complexes: list[Area]


def _at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=AMSTERDAM)


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


class _Builder:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.counts = {"dossiers": 0, "meldingen": 0, "referrals": 0, "signals": 0}
        self.house = 0

    def address(self, complex_area: Area) -> tuple[str, Location]:
        self.house += 1
        street = STREETS[self.house % len(STREETS)]
        x = (complex_area.min_x or 0) + 50 + self.rng.random() * 20
        y = (complex_area.min_y or 0) + 50 + self.rng.random() * 20
        address = f"{street} {10 + self.house}"
        return address, Location(address=address, x=x, y=y, complex_code=complex_area.code)

    def meldingen(
        self, corp: Corporation, location: Location, start: date, n: int, category: str
    ) -> list[Melding]:
        reporters = [_person(self.rng) for _ in range(max(2, n - 1))]
        subs = {"overlast": ["geluid", "geluid", "overig"], "burenruzie": ["intimidatie", "conflict"]}
        texts = (
            "Harde muziek en geschreeuw na middernacht.",
            "Weer overlast, de hele nacht bonken en deuren slaan.",
            "Buurman scheldt en dreigt in het trappenhuis.",
            "Geluidsoverlast tot in de vroege ochtend.",
        )
        made = []
        for i in range(n):
            who = reporters[i % len(reporters)]
            made.append(
                intake.NewMelding(
                    category=category if i % 3 else "overlast",
                    subcategory=self.rng.choice(subs[category if i % 3 else "overlast"]),
                    description=texts[i % len(texts)],
                    location=location,
                    channel="phone",
                    reporter=intake.Reporter(
                        kind="neighbour",
                        name=who,
                        email=who.lower().replace(" ", ".") + "@example.org",
                    ),
                    received_at=_at(start + timedelta(days=9 * i), 9 + i % 6),
                )
            )
        result = intake.receive_many(made, organisation=corp.organisation, actor=None)
        self.counts["meldingen"] += len(result)
        return result

    def nuisance(self, corp: Corporation, start: date, rung: int, *, closed: str = "") -> Dossier:
        complex_area = self.rng.choice(corp.complexes)
        address, location = self.address(complex_area)
        found = self.meldingen(corp, location, start, 3 + rung % 3, "burenruzie" if rung % 2 else "overlast")
        opened = found[0].received_at + timedelta(days=1)
        dossier = dossiers.open_dossier(
            dossiers.NewDossier(
                "overlast",
                "household",
                f"Overlast {address}",
                summary="Herhaalde meldingen van geluidsoverlast en onenigheid met de buren.",
                meldingen=found,
                opened_at=opened,
            ),
            organisation=corp.organisation,
            actor=corp.staff,
        )
        self.counts["dossiers"] += 1
        subject = parties.add_party(
            dossier,
            parties.NewParty(
                role="subject", name=f"Huishouden {_person(self.rng).split()[1]}", address=address
            ),
            actor=corp.staff,
            at=opened,
        )
        parties.add_party(
            dossier, parties.NewParty(role="reporter", melding=found[0]), actor=corp.staff, at=opened
        )
        if rung >= 3:
            parties.add_party(
                dossier,
                parties.NewParty(role="witness", name=_person(self.rng), named_in_court_on=opened.date()),
                actor=corp.staff,
                at=opened,
            )
        moment = opened
        for code in PATH[:rung]:
            moment += timedelta(days=12)
            if code == "hoor_en_wederhoor":
                parties.record_hearing(
                    subject,
                    held_at=moment - timedelta(days=2),
                    form="home_visit",
                    statement="Bewoner herkent de klachten deels; zegt zelf ook last te hebben van de buren.",
                    actor=corp.staff,
                )
            self.step(corp, dossier, code, moment, found)
            if code == "buurtbemiddeling":
                self.refer(
                    dossier, WELFARE, "mediation", "Buurtbemiddeling tussen bewoner en melders", moment
                )
        if closed:
            dossier_status.close_dossier(
                dossier,
                outcome=closed,
                reason="Afgerond",
                actor=corp.coordinator,
                at=moment + timedelta(days=5),
            )
        return dossier

    def step(
        self, corp: Corporation, dossier: Dossier, code: str, moment: datetime, found: list[Melding]
    ) -> None:
        if code == "beeindiging_huurovereenkomst":
            evidence = [
                ladder.Evidence("juridisch_advies", "Advies advocaat: ontbinding kansrijk"),
                ladder.Evidence("dagvaarding", "Dagvaarding kantonrechter"),
            ]
            ladder.take_step(
                dossier, code, outcome="ontruimd", evidence=evidence, actor=corp.coordinator, taken_at=moment
            )
            return
        outcome, kind, text = OUTCOME[code]
        ladder.take_step(
            dossier,
            code,
            outcome=outcome,
            evidence=[ladder.Evidence(kind, text, document_date=moment.date())],
            actor=corp.staff,
            taken_at=moment,
        )

    def refer(self, dossier: Dossier, partner: str, kind: str, purpose: str, at: datetime) -> None:
        covenant = Covenant.objects.get(name=AREA_COVENANT)
        referrals.refer(
            dossier,
            referrals.NewReferral(
                partner=Organisation.objects.get(name=partner),
                partner_kind=kind,
                purpose=purpose,
                fields=["adres", "betrokkene_naam", "samenvatting", "meldingen_overzicht"],
                covenant=covenant,
                ends_at=at + timedelta(days=120),
            ),
            actor=None,
            at=at,
        )
        self.counts["referrals"] += 1


def _covenants() -> None:
    organisations = {o.name: o for o in Organisation.objects.all()}
    corporations = [organisations[name] for name, _staff, _coordinator in CORPORATIONS]
    create_covenant(
        NewCovenant(
            name=DEBT_COVENANT,
            purpose="Bij één maand huurachterstand samen met de schuldhulp in actie komen (seed 000).",
            legal_basis="AVG artikel 6 lid 1 onder e; Wet gemeentelijke schuldhulpverlening artikel 3a",
            organisations=[*corporations, organisations[DEBT_HELP], organisations[GEMEENTE]],
            partner_kinds=["debt_help"],
            fields=["adres", "betrokkene_naam", "betrokkene_contact", "huurachterstand"],
            valid_from=date(2023, 1, 1),
            document_reference="Synthetisch convenant (demo)",
        ),
        actor=None,
    )
    create_covenant(
        NewCovenant(
            name=AREA_COVENANT,
            purpose="Samen overlast en zorgen in de wijk aanpakken in de Leefbare Wijken Aanpak (seed 003).",
            legal_basis="AVG artikel 6 lid 1 onder e; Woningwet artikel 45; Gemeentewet artikel 172",
            organisations=[
                *corporations,
                organisations[WELFARE],
                organisations[POLICE],
                organisations[GEMEENTE],
            ],
            partner_kinds=["mediation", "welfare", "police", "municipality"],
            fields=[
                "adres",
                "betrokkene_naam",
                "samenvatting",
                "meldingen_overzicht",
                "ladder",
                "verklaring_betrokkene",
            ],
            valid_from=date(2023, 1, 1),
            document_reference="Synthetisch convenant (demo)",
        ),
        actor=None,
    )


def _corporations() -> list[Corporation]:
    complexes = list(Area.objects.filter(level=AreaLevel.COMPLEX).exclude(min_x=None).order_by("code"))
    result = []
    for index, (name, staff, coordinator) in enumerate(CORPORATIONS):
        own = complexes[index :: len(CORPORATIONS)] or complexes
        result.append(
            Corporation(
                Organisation.objects.get(name=name),
                User.objects.get(username=staff),
                User.objects.get(username=coordinator),
                own,
            )
        )
    return result


def _arrears(builder: _Builder, corp: Corporation, day: date, months: int) -> None:
    complex_area = builder.rng.choice(corp.complexes)
    _address, location = builder.address(complex_area)
    signals.receive_signal(
        signals.NewSignal(
            kind="rent_arrears",
            location=location,
            observed_on=day,
            source_label="Incasso",
            household=f"Huishouden {_person(builder.rng).split()[1]}",
            months_in_arrears=months,
            amount_eur=Decimal("687.50") * months,
            received_at=_at(day, 8),
        ),
        organisation=corp.organisation,
        actor=None,
        covenant=Covenant.objects.get(name=DEBT_COVENANT),
        refer_to=Organisation.objects.get(name=DEBT_HELP),
    )
    builder.counts["signals"] += 1
    builder.counts["referrals"] += 1


def build_synthetic_dossiers(seed: int) -> str:
    """Create the demo dossiers (once); return a line for the build summary."""
    if Covenant.objects.filter(name=DEBT_COVENANT).exists():
        return "dossiers: al aanwezig"
    corporations = _corporations()
    if not all(corp.complexes for corp in corporations):
        return "dossiers: geen complexen om dossiers over te maken"
    _covenants()
    before = Melding.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    builder = _Builder(seed)
    for offset, corp in enumerate(corporations):
        start = date(2025, 1, 6) + timedelta(days=7 * offset)
        for rung in range(1, len(PATH) + 1):
            builder.nuisance(corp, start + timedelta(days=3 * rung), rung)
        # The eviction case with its full history, closed with the tenancy ended.
        builder.nuisance(
            corp,
            date(2024, 6, 3) + timedelta(days=7 * offset),
            len(PATH),
            closed="huurovereenkomst_beeindigd",
        )
        # Resolved early in 2024: past retention now, for the demo of `veerkracht cases retention`.
        for month in (1, 2):
            builder.nuisance(corp, date(2024, month, 8 + offset), 1, closed="opgelost")
        for month, months in ((3, 1), (5, 1), (9, 2)):
            _arrears(builder, corp, date(2025, month, 1 + offset), months)
    # Invented like the rest of the demo: flagged synthetic wherever a melding is shown or counted.
    Melding.objects.filter(pk__gt=before).update(synthetic=True)
    _publish()
    counts = builder.counts
    return (
        f"dossiers: {counts['dossiers']} leefbaarheidsdossiers van 2 corporaties, "
        f"{counts['meldingen']} meldingen, {counts['signals']} signalen huurachterstand, "
        f"{counts['referrals']} doorverwijzingen onder een convenant"
    )


def _publish() -> None:
    from veerkracht.cases.services.kpi_snapshots import refresh_all
    from veerkracht.cases.services.kpis import publish_kpis

    for year in (2024, 2025):
        publish_kpis(year, final=True)
    # The KPI dashboard reads snapshots: the demo's years have them from the start.
    refresh_all((2024, 2025))
