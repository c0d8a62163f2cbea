# SPDX-License-Identifier: EUPL-1.2
"""Interventions of seed 003 per wijk and buurt and per corporation; recording what is realised."""

from collections.abc import Callable

import pytest
from django.test import Client

from veerkracht.core.models import AuditEvent, Organisation, User
from veerkracht.programme.models import Intervention
from veerkracht.programme.queries import interventions as queries

pytestmark = pytest.mark.django_db


def test_the_buurt_table_and_the_corporation_table_reproduce_seed_003(maastricht_content: str) -> None:
    groups, whole = queries.by_wijk(queries.filtered("GM0935"))
    assert (whole.planned["nieuwbouw"], whole.planned["sloop"], whole.planned["renovatie"]) == (
        1556,
        387,
        2113,
    )
    buurten = {b.name: b.tally for g in groups for b in g.buurten}
    assert len(buurten) == 20
    assert buurten["Pottenberg"].planned_list(("nieuwbouw", "sloop", "renovatie")) == [102, 96, 164]
    assert buurten["Pottenberg"].total == 362
    per, total = queries.by_corporation(queries.filtered("GM0935"))
    servatius = next(tally for corporation, tally in per if corporation.name == "Servatius")
    assert servatius.planned_list() == [605, 95, 1612, 10, 10]
    assert str(servatius.amount_eur) == "94101000.00"
    assert total.planned_list() == [1514, 365, 2212, 37, 10]


def test_the_page_groups_buurten_by_wijk_and_filters_by_kind_and_year(
    maastricht_content: str,
    person: Callable[..., User],
    client_of: Callable[[User], Client],
    read: Callable[[Client, str], str],
) -> None:
    client = client_of(person("bea", "bestuurder"))
    text = read(client, "/programma/ingrepen/")
    assert "Pottenberg 102 96 164 362" in text
    assert "Totaal 1.556 387 2.113 4.056" in text
    assert "Servatius 605 95 1.612 10 10 € 94.101.000" in text
    only_demolition = read(client, "/programma/ingrepen/?soort=sloop&jaar=2026")
    assert "Buurt Sloop Totaal" in only_demolition and "Pottenberg 96 96" in only_demolition
    assert "Totaal 387 387" in only_demolition
    # The buurt table gives the corporations together: choosing one corporation leaves only its city figures.
    servatius = Organisation.objects.get(name="Servatius")
    one = read(client, f"/programma/ingrepen/?corporatie={servatius.pk}")
    assert "Geen ingrepen per buurt voor deze keuze." in one and "Servatius 605 95 1.612" in one
    assert "Woonpunt 211" not in one
    # A year the address bar invents shows every year, as if none was chosen.
    assert "Pottenberg 102 96 164 362" in read(client, "/programma/ingrepen/?jaar=2030")


def test_an_editor_records_what_is_realised_and_the_page_shows_it(
    maastricht_content: str,
    person: Callable[..., User],
    client_of: Callable[[User], Client],
    read: Callable[[Client, str], str],
) -> None:
    pottenberg = Intervention.objects.get(area__name="Pottenberg", kind="sloop")
    reader = client_of(person("bea", "bestuurder"))
    refused = reader.post(
        "/programma/ingrepen/gerealiseerd/", {"intervention": pottenberg.pk, "realised": 44}
    )
    assert refused.status_code == 403
    editor = client_of(person("cor", "coordinator"))
    response = editor.post(
        "/programma/ingrepen/gerealiseerd/", {"intervention": pottenberg.pk, "realised": 44}
    )
    assert response.status_code == 302
    pottenberg.refresh_from_db()
    assert pottenberg.realised == 44
    assert "96 (44 gerealiseerd)" in read(editor, "/programma/ingrepen/")
    assert AuditEvent.objects.filter(
        action="programme.intervention_realised", object_id=str(pottenberg.pk)
    ).exists()
    editor.post("/programma/ingrepen/gerealiseerd/", {"intervention": pottenberg.pk, "realised": -1})
    pottenberg.refresh_from_db()
    assert pottenberg.realised == 44, "a negative number is refused"
