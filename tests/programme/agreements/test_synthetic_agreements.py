# SPDX-License-Identifier: EUPL-1.2
"""The synthetic city's agreements: shaped like Maastricht's, the same per seed, through the real loader."""

import pytest

from veerkracht.demo.synthetic_agreements import build_synthetic_agreements, synthetic_agreement_file
from veerkracht.programme.models import Agreement, AgreementSet, StagnationSignal, StatusUpdate

pytestmark = pytest.mark.django_db


def test_the_same_seed_gives_the_same_agreements_and_another_seed_others(maastricht_areas: None) -> None:
    first, again, other = (
        synthetic_agreement_file(7),
        synthetic_agreement_file(7),
        synthetic_agreement_file(8),
    )
    assert first == again
    assert first != other
    assert [t.number for t in first.themes] == [0, 1, 2, 3, 4, 5, 6]


def test_the_synthetic_set_loads_with_history_and_signals(maastricht_areas: None) -> None:
    summary = build_synthetic_agreements(7)
    agreement_set = AgreementSet.objects.get(slug="veerstad-2022-2026")
    assert agreement_set.synthetic
    area_agreements = Agreement.objects.filter(theme__agreement_set=agreement_set, theme__number=6)
    assert area_agreements.count() == 3 + 4, "three prioritised buurten and one agreement per rayon"
    assert all(a.areas.exists() and a.lead_organisations.exists() for a in area_agreements)
    updates = StatusUpdate.objects.filter(agreement__theme__agreement_set=agreement_set)
    assert updates.exists() and all(u.author is None and u.author_label.endswith("(demo)") for u in updates)
    assert f"{updates.count()} updates" in summary
    assert StagnationSignal.objects.filter(resolved_on__isnull=True).exists()
