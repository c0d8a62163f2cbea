# SPDX-License-Identifier: EUPL-1.2
"""The profile as a PDF: the same ``queries.profile`` as the page, for the same person, with static maps,
the sources and which figures are synthetic (ADR 0024).

Rendering takes seconds (maps of every buurt, the layout of many pages), so a background task calls
``render_profile`` (``pdf_services.make_profile_pdf``); ``progress`` tells the task's row what step it is at.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from veerkracht.areas.models import Area
from veerkracht.core.pdf import render_pdf
from veerkracht.indicators.models import Indicator
from veerkracht.profiles import maps, queries
from veerkracht.profiles.labels import kpi_labels

TEMPLATE = "profiles/profile_pdf.html"
#: The steps of making a PDF, as shown while it is made.
STEPS = 3

#: A step's key, how many steps are done, and how many there are.
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Source:
    """Where a part of the profile comes from, and whether it is (partly) generated for demonstration."""

    part: str
    source: str
    synthetic: bool


def _static_maps(profile: queries.Profile) -> list[maps.StaticMap]:
    monitor = profile.monitor
    if monitor is None:
        return []
    area = profile.place.area
    highlighted = set(profile.place.buurt_codes)
    no_data = _("geen gegevens")
    found = [
        maps.classes_map(
            monitor.run,
            area.gemeente_code,
            highlighted,
            title=_("Veerkrachtkaart"),
            no_data=no_data,
            caption=_("De buurten van de gemeente; het gebied van dit profiel is zwart omlijnd."),
        )
    ]
    words = {
        "no_data": no_data,
        "suppressed": _("afgeschermd"),
        "caption": _(
            "De buurten van de gemeente in vijf even grote groepen, zoals op de kaart van de monitor."
        ),
    }
    for figure in monitor.figures:
        if figure.code in maps.MAPPED_FIGURES and figure.last.period is not None:
            drawn = maps.indicator_map(
                monitor.run, area.gemeente_code, figure.code, figure.last.period, highlighted, words=words
            )
            if drawn is not None:
                found.append(drawn)
    return found


def _sources(profile: queries.Profile) -> list[Source]:
    found: list[Source] = []
    if profile.monitor is not None:
        run = profile.monitor.run
        found.append(
            Source(
                _("Veerkrachtklasse en kaarten"),
                _("Analyse %(name)s (%(start)s–%(end)s), methode %(preset)s %(version)s")
                % {
                    "name": run.name,
                    "start": run.period_start,
                    "end": run.period_end,
                    "preset": run.preset_name,
                    "version": run.preset_version,
                },
                bool(run.synthetic),
            )
        )
        meta = {
            i.code: i for i in Indicator.objects.filter(code__in=[f.code for f in profile.monitor.figures])
        }
        for figure in profile.monitor.figures:
            indicator = meta.get(figure.code)
            text = indicator.source if indicator and indicator.source else _("onbekend")
            if indicator and indicator.licence:
                text = f"{text} ({indicator.licence})"
            found.append(Source(figure.name, text, figure.synthetic))
    if profile.cases is not None:
        found.append(
            Source(
                _("Meldingen en dossiers"),
                _("De registratie van meldingen en dossiers in Veerkracht, geteld wat u mag inzien"),
                False,
            )
        )
    if profile.programme is not None:
        p = profile.programme
        sets = {a.theme.agreement_set for a in p.agreements}
        for agreement_set in sorted(sets, key=lambda s: s.title):
            found.append(
                Source(
                    _("Prestatieafspraken"),
                    agreement_set.source or agreement_set.title,
                    agreement_set.synthetic,
                )
            )
        if p.interventions.items:
            synthetic = any(getattr(item, "synthetic", False) for item in p.interventions.items)
            found.append(Source(_("Fysieke ingrepen"), _("De planning van de corporaties"), synthetic))
        if p.fund.fund is not None:
            found.append(Source(_("Leefbaarheidsfonds"), p.fund.fund.name, bool(p.fund.fund.synthetic)))
        if p.teams:
            found.append(
                Source(_("Bewonerskrachtenteams"), _("De corporaties"), any(t.synthetic for t in p.teams))
            )
        if p.programmes:
            found.append(
                Source(_("Gebiedsprogramma's"), _("De gemeente"), any(pr.synthetic for pr in p.programmes))
            )
    return found


def context(user: Any, area: Area, year: int, progress: Progress) -> dict[str, object]:
    """What the PDF template shows: the person's profile of the area, its maps and its sources."""
    progress("figures", 0, STEPS)
    profile = queries.profile(user, area, year=year)
    progress("maps", 1, STEPS)
    drawn = _static_maps(profile)
    sources = _sources(profile)
    return {
        "profile": profile,
        "area": area,
        "year": year,
        "maps": drawn,
        "sources": sources,
        "any_synthetic": any(s.synthetic for s in sources),
        "privacy_threshold": settings.VEERKRACHT_PRIVACY_THRESHOLD,
        "kpi_labels": kpi_labels(),
        "made_at": timezone.localtime(),
        "made_for": user.get_full_name() or user.get_username(),
    }


def render_profile(user: Any, area: Area, year: int, language: str, progress: Progress) -> bytes:
    """The PDF of the area's profile as the person may see it."""
    with translation.override(language):
        values = context(user, area, year, progress)
    progress("layout", 2, STEPS)
    return render_pdf(TEMPLATE, values, language=language)
