# SPDX-License-Identifier: EUPL-1.2
"""The page that compares two years of an area's profile (issue 12 part 4)."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from veerkracht.core.permissions import permission_required, permissions_of
from veerkracht.profiles import comparison
from veerkracht.profiles.labels import kpi_labels
from veerkracht.profiles.views import VIEW, area_or_404


def _pick(request: HttpRequest, name: str, years: list[int], default: int) -> int:
    text = request.GET.get(name, "")
    return int(text) if text.isdigit() and int(text) in years else default


@permission_required(VIEW)
def compare(request: HttpRequest, code: str) -> HttpResponse:
    """Two years of one area side by side: class, key figures, meldingen and the programme."""
    area = area_or_404(code)
    years = comparison.years_with_data(request.user, area.gemeente_code, permissions_of(request.user))
    newest = years[0]
    older = [y for y in years if y <= newest - 4] or years[-1:]
    first = _pick(request, "van", years, older[0])
    second = _pick(request, "tot", years, newest)
    first, second = min(first, second), max(first, second)
    found = comparison.comparison(request.user, area, first, second) if first != second else None
    return render(
        request,
        "profiles/compare.html",
        {
            "area": area,
            "years": years,
            "first": first,
            "second": second,
            "comparison": found,
            "kpi_labels": dict(kpi_labels()),
            "privacy_threshold": settings.VEERKRACHT_PRIVACY_THRESHOLD,
        },
    )
