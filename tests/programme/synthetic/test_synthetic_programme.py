# SPDX-License-Identifier: EUPL-1.2
"""The synthetic city has programme content of Maastricht's shape, loaded through the same loader, with
applications at every stage of the fund, each step taken by the demo person of that step's role."""

from typing import Any

import pytest

from veerkracht.demo.synthetic_programme import STEP_PEOPLE
from veerkracht.demo.synthetic_programme_content import synthetic_content
from veerkracht.indicators.models import ImportRun
from veerkracht.programme.models import (
    Application,
    AreaTeamAction,
    HousingTable,
    Intervention,
    Programme,
    ResidentTeam,
    StockFigure,
)
from veerkracht.programme.queries.housing import stock_overview

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def test_the_content_has_the_shape_of_maastricht_and_is_marked_synthetic(demo: Any) -> None:
    table = HousingTable.objects.get(kind="stock")
    assert table.synthetic
    assert sorted(set(StockFigure.objects.filter(table=table).values_list("year", flat=True))) == list(
        range(2022, 2027)
    )
    outcomes = stock_overview(table).outcomes
    assert [o.year for o in outcomes] == list(range(2022, 2027))
    assert Intervention.objects.filter(realised__isnull=False, year__lte=2024).exists()
    assert not Intervention.objects.filter(realised__isnull=False, year__gt=2024).exists()
    assert ResidentTeam.objects.count() == 8 and all(t.synthetic for t in ResidentTeam.objects.all())
    programme = Programme.objects.get()
    assert programme.synthetic and programme.spending.count() == 2


def test_applications_stand_at_every_stage_each_step_by_its_own_role(demo: Any) -> None:
    statuses = dict(Application.objects.values_list("title", "status"))
    assert sorted(statuses.values()) == sorted(
        ["verantwoord", "uitbetaald", "toegekend", "beoordeeld", "ingediend", "afgewezen"]
    )
    done = Application.objects.get(status="verantwoord")
    by = {step.step: step.actor_label for step in done.steps.all()}
    assert by == {
        "submitted": "aanvrager",
        "assessed": STEP_PEOPLE["assess"],
        "awarded": STEP_PEOPLE["award"],
        "paid": STEP_PEOPLE["pay"],
        "accounted": STEP_PEOPLE["account"],
    }
    assert ImportRun.objects.filter(connector="programme.fund", synthetic=True).count() == 1
    assert AreaTeamAction.objects.filter(done_on__isnull=False).count() == 1


def test_the_same_seed_gives_the_same_content(demo: Any) -> None:
    first, second = synthetic_content(2021), synthetic_content(2021)
    for part in ("stock", "accessibility", "interventions", "fund", "teams", "programmes"):
        assert getattr(first, part).model_dump() == getattr(second, part).model_dump(), part
    assert synthetic_content(7).stock.model_dump() != first.stock.model_dump()  # type: ignore[union-attr]
