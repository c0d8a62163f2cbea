# SPDX-License-Identifier: EUPL-1.2
"""Attachments are checked by content and stored privately; reporters hear of the steps chosen for them."""

from __future__ import annotations

import io
import stat
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.db import transaction
from PIL import Image

from veerkracht.cases.models import Attachment, Melding, ReporterMessage
from veerkracht.cases.services.attachments import Upload
from veerkracht.cases.services.errors import IntakeError
from veerkracht.cases.services.intake import Reporter, receive
from veerkracht.cases.services.links import mark_duplicate
from veerkracht.cases.services.messages import inform_reporter
from veerkracht.cases.services.transitions import transition
from veerkracht.core import events

from .conftest import City, new_melding

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def image(kind: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, kind)
    return buffer.getvalue()


def test_photos_and_pdfs_are_stored_readable_by_the_owner_only(city: City, data_dir: Path) -> None:
    uploads = [
        Upload("foto.jpg", image("JPEG")),
        Upload("../../etc/plaatje.png", image("PNG")),
        Upload("brief.pdf", PDF),
    ]
    melding = receive(new_melding(attachments=uploads), organisation=city.corporation, actor=None).melding
    stored = list(Attachment.objects.filter(melding=melding))
    assert [(a.original_name, a.content_type) for a in stored] == [
        ("foto.jpg", "image/jpeg"),
        ("plaatje.png", "image/png"),
        ("brief.pdf", "application/pdf"),
    ]
    for attachment in stored:
        assert attachment.path.is_relative_to(data_dir / "attachments")
        assert attachment.path.read_bytes() == next(
            u.content for u in uploads if u.name.endswith(attachment.original_name)
        )
        assert stat.S_IMODE(attachment.path.stat().st_mode) == 0o600
        assert stat.S_IMODE(attachment.path.parent.stat().st_mode) == 0o700
        assert attachment.size == attachment.path.stat().st_size


@pytest.mark.parametrize(
    ("upload", "words"),
    [
        (Upload("foto.jpg", b"#!/bin/sh\nrm -rf /\n"), "geen bestand van een bekend soort"),
        (Upload("pagina.pdf", b"<html><script>alert(1)</script></html>"), "toegestaan zijn foto's"),
        (Upload("leeg.png", b""), "is leeg"),
    ],
)
def test_a_file_is_judged_by_its_content_not_its_name(
    city: City, data_dir: Path, upload: Upload, words: str
) -> None:
    with pytest.raises(IntakeError) as refused:
        receive(new_melding(attachments=[upload]), organisation=city.corporation, actor=None)
    assert words in refused.value.problems["attachments[0]"]
    assert not Melding.objects.exists() and not (data_dir / "attachments").exists()


def test_size_and_count_have_a_maximum(city: City, data_dir: Path, settings: Any) -> None:
    settings.VEERKRACHT_ATTACHMENT_MAX_BYTES = 1000
    settings.VEERKRACHT_ATTACHMENT_MAX_COUNT = 2
    big = Upload("groot.png", image("PNG") + b"\0" * 1000)
    with pytest.raises(IntakeError) as refused:
        receive(
            new_melding(attachments=[big, Upload("a.pdf", PDF), Upload("b.pdf", PDF)]),
            organisation=city.corporation,
            actor=None,
        )
    assert refused.value.problems["attachments[0]"].endswith("; het maximum is 1000 bytes")
    assert "ten hoogste 2 bijlagen" in refused.value.problems["attachments"]


def test_files_are_removed_again_when_the_intake_fails_after_writing_them(
    city: City, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("database weg")

    monkeypatch.setattr(Attachment.objects, "bulk_create", fail)
    # Its own block, as a caller that goes on after a failed intake needs (intake opens no savepoint).
    with pytest.raises(RuntimeError), transaction.atomic():
        receive(new_melding(attachments=[Upload("a.pdf", PDF)]), organisation=city.corporation, actor=None)
    assert not [p for p in (data_dir / "attachments").rglob("*") if p.is_file()]
    assert not Melding.objects.exists()


@pytest.fixture
def delivered(django_capture_on_commit_callbacks: Any, settings: Any) -> Any:
    """Run what is published after commit, as a committed request would; background work at once.

    With django-tasks installed, the reporter's messages are a task: the immediate backend runs it in place.
    """
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

    def run(action: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return action()

    return run


def test_the_reporter_hears_of_receipt_feedback_and_closing_in_dutch(city: City, delivered: Any) -> None:
    actor = city["wijkbeheerder"]
    melding = delivered(lambda: receive(new_melding(), organisation=city.corporation, actor=actor).melding)
    assert [m.subject for m in mail.outbox] == [f"Wij hebben uw melding ontvangen ({melding.reference})"]
    assert mail.outbox[0].to == ["jan@example.nl"]
    assert (
        "ontvangstbevestiging uiterlijk" in mail.outbox[0].body and "Beste Jan Jansen" in mail.outbox[0].body
    )
    delivered(
        lambda: transition(
            melding, "give_feedback", actor=actor, fields={"feedback": "De container wordt dinsdag geleegd."}
        )
    )
    assert "De container wordt dinsdag geleegd." in mail.outbox[1].body
    delivered(
        lambda: transition(melding, "close", actor=actor, reason="Huurder Pietersen zet steeds vuil buiten")
    )
    assert mail.outbox[2].subject == f"Uw melding {melding.reference} is afgehandeld"
    assert "Pietersen" not in mail.outbox[2].body  # the internal reason never reaches the reporter
    assert ReporterMessage.objects.filter(melding=melding).count() == 3


def test_no_message_without_an_address_or_consent(city: City, delivered: Any) -> None:
    for reporter in (
        Reporter(kind="anonymous"),
        Reporter(kind="tenant", email="x@example.nl", wants_updates=False),
        Reporter(kind="tenant", phone="0612345678"),
    ):
        delivered(
            lambda r=reporter: receive(new_melding(reporter=r), organisation=city.corporation, actor=None)
        )
    assert mail.outbox == []


def test_the_organisation_chooses_the_steps(
    city: City, delivered: Any, settings: Any, tmp_path: Path
) -> None:
    shipped = Path(__file__).parents[2] / "src/veerkracht/cases/rules/workflow.yaml"
    text = shipped.read_text().replace(
        "organisations: {}",
        "organisations:\n  woonstichting-test:\n    inform_reporter:\n      standaard: [give_feedback]\n",
    )
    (tmp_path / "workflow.yaml").write_text(text)
    settings.VEERKRACHT_CASES_RULES_DIR = str(tmp_path)
    melding = delivered(lambda: receive(new_melding(), organisation=city.corporation, actor=None).melding)
    delivered(lambda: transition(melding, "acknowledge", actor=None))
    assert mail.outbox == []
    delivered(lambda: transition(melding, "give_feedback", actor=None, fields={"feedback": "Gedaan."}))
    assert len(mail.outbox) == 1


def test_reporters_of_linked_meldingen_hear_of_the_first_ones_steps_once(city: City, delivered: Any) -> None:
    first = delivered(lambda: receive(new_melding(), organisation=city.corporation, actor=None).melding)
    second = delivered(
        lambda: (
            receive(
                new_melding(reporter=Reporter(kind="neighbour", email="buur@example.nl")),
                organisation=city.corporation,
                actor=None,
            ).melding
        )
    )
    delivered(lambda: mark_duplicate(second, first, reason="Zelfde", actor=None))
    mail.outbox.clear()
    seen: list[events.Event] = []
    subscription = events.subscribe("melding.status_changed", seen.append)
    try:
        delivered(lambda: transition(first, "give_feedback", actor=None, fields={"feedback": "Opgelost."}))
    finally:
        events.registry._subscriptions["melding.status_changed"].remove(subscription)
    assert sorted(m.to[0] for m in mail.outbox) == ["buur@example.nl", "jan@example.nl"]
    linked = next(m for m in mail.outbox if m.to == ["buur@example.nl"])
    assert f"Uw melding {second.reference} gaat over hetzelfde als melding {first.reference}" in linked.body
    inform_reporter(seen[0])  # a retried task
    assert len(mail.outbox) == 2
