# SPDX-License-Identifier: EUPL-1.2
"""The run uses the database it was asked for, so a PostgreSQL pass really runs on PostgreSQL."""

import pytest
from django.db import connection


@pytest.mark.django_db
def test_the_requested_database_is_the_one_in_use(request: pytest.FixtureRequest) -> None:
    expected = request.config.getoption("--database")
    assert connection.vendor == expected
