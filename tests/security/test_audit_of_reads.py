# SPDX-License-Identifier: EUPL-1.2
"""The audit log records what is read and taken away, not only what changes: every download, every
result read through the API and every refusal, one row each."""

from typing import Any

import pytest
from django.test import Client

from veerkracht.core.models import AuditEvent, User

pytestmark = pytest.mark.slow


def _client(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def test_a_download_leaves_one_row_saying_who_took_what(demo: Any) -> None:
    client = _client("analist")
    before = AuditEvent.objects.count()
    response = client.get(
        f"/api/v1/analyses/{demo.run_id}/download/",
        {"indicator": "inwoners", "level": "wijk", "period": "2022", "filetype": "gpkg"},
    )
    assert response.status_code == 200
    assert AuditEvent.objects.count() == before + 1
    row = AuditEvent.objects.latest("id")
    assert row.action == "analysis.downloaded"
    assert row.actor_label == "analist"
    assert (row.object_type, row.object_id) == ("analysis_run", str(demo.run_id))
    assert row.detail == {
        "indicator": "inwoners",
        "level": "wijk",
        "period": 2022,
        "format": "gpkg",
    }


@pytest.mark.parametrize(
    ("endpoint", "query", "what"),
    [
        ("map", {"indicator": "inwoners", "level": "buurt", "period": "2022"}, "map"),
        ("classes", {"level": "wijk"}, "classes"),
        ("series", {"indicator": "inwoners", "area": "GM5001"}, "series"),
    ],
)
def test_a_result_read_through_the_api_leaves_one_row(
    demo: Any, endpoint: str, query: dict[str, str], what: str
) -> None:
    client = _client("wijkbeheerder")
    before = AuditEvent.objects.count()
    response = client.get(f"/api/v1/analyses/{demo.run_id}/{endpoint}/", query)
    assert response.status_code == 200
    assert AuditEvent.objects.count() == before + 1
    row = AuditEvent.objects.latest("id")
    assert row.action == "analysis.result_read"
    assert row.actor_label == "wijkbeheerder"
    assert row.object_id == str(demo.run_id)
    assert row.detail["result"] == what


def test_a_comparison_read_leaves_one_row(demo: Any) -> None:
    client = _client("analist")
    before = AuditEvent.objects.count()
    response = client.get("/api/v1/analyses/compare/", {"a": demo.run_id, "b": demo.run_id})
    assert response.status_code == 200
    assert AuditEvent.objects.count() == before + 1
    assert AuditEvent.objects.latest("id").detail["result"] == "compare"


def test_a_refusal_leaves_one_row_with_who_and_where(demo: Any) -> None:
    url = f"/api/v1/analyses/{demo.run_id}/download/?indicator=inwoners&level=buurt&period=2022"
    client = _client("wijkbeheerder")
    before = AuditEvent.objects.count()
    assert client.get(url).status_code == 403
    assert AuditEvent.objects.count() == before + 1
    row = AuditEvent.objects.latest("id")
    assert row.action == "access.refused"
    assert row.actor_label == "wijkbeheerder"
    assert row.detail["path"] == f"/api/v1/analyses/{demo.run_id}/download/"
    assert row.detail["method"] == "GET"


def test_a_refused_page_and_an_anonymous_refusal_are_recorded_too(demo: Any) -> None:
    client = _client("bewoner")
    before = AuditEvent.objects.count()
    assert client.get("/monitor/").status_code == 403
    assert Client().get(f"/api/v1/analyses/{demo.run_id}/classes/").status_code == 403
    rows = list(AuditEvent.objects.order_by("-id")[:2])
    assert AuditEvent.objects.count() == before + 2
    assert {r.action for r in rows} == {"access.refused"}
    assert {r.actor_label for r in rows} == {"bewoner", ""}
