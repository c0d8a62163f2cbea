# SPDX-License-Identifier: EUPL-1.2
"""The generator scales towards the whole country for benchmarks (its timing is in benchmarks/small.py)."""

import pytest

from veerkracht.demo.synthetic import generate_country


@pytest.mark.slow
def test_a_1500_buurt_country_has_the_right_order_of_squares_and_gemeenten_that_tile() -> None:
    country = generate_country(seed=3, n_buurten=1500)
    assert len(country.buurten) == 1500
    assert 35 <= len(country.gemeenten) <= 55
    assert country.gemeenten["gemeentecode"].iloc[0] == "GM5000"
    assert 30_000 <= len(country.squares) <= 80_000
    assert country.squares["square_id"].is_unique
    assert country.gemeenten.geometry.is_valid.all()
    overlaps = country.gemeenten.sindex.query(country.gemeenten.geometry, predicate="overlaps")
    assert overlaps.size == 0
