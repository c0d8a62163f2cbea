# SPDX-License-Identifier: EUPL-1.2
"""A clock in plain words: "ontvangstbevestiging uiterlijk di 29 december"."""

from __future__ import annotations

from datetime import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from veerkracht.cases.models import Clock, ClockKind
from veerkracht.core.calendar import AMSTERDAM


def day(moment: datetime, *, now: datetime | None = None) -> str:
    """A day as people say it: "di 29 december", with the year when it is not this year's."""
    local = moment.astimezone(AMSTERDAM)
    this_year = (now or timezone.now()).astimezone(AMSTERDAM).year
    return formats.date_format(local, "D j F" if local.year == this_year else "D j F Y")


def describe(clock: Clock, *, now: datetime | None = None) -> str:
    """Describe how a clock stands, in the active language (Dutch by default).

    Running: "ontvangstbevestiging uiterlijk di 29 december" (with the target, if any, and "te laat" when
    past); paused: "terugkoppeling gepauzeerd sinds ma 4 januari"; done: "ontvangstbevestiging gegeven op
    ma 28 december (op tijd)".
    """
    now = now or timezone.now()
    what = str(ClockKind(clock.kind).label)
    if clock.frozen_at is not None:
        on_time = clock.deadline is None or clock.frozen_at <= clock.deadline
        verdict = _("op tijd") if on_time else _("te laat")
        return _("%(what)s gegeven op %(day)s (%(verdict)s)") % {
            "what": what,
            "day": day(clock.frozen_at, now=now),
            "verdict": verdict,
        }
    if clock.deadline is None:
        running = clock.pauses.filter(resumed_at__isnull=True).first()
        since = day(running.paused_at, now=now) if running is not None else "?"
        return _("%(what)s gepauzeerd sinds %(day)s") % {"what": what, "day": since}
    text = _("%(what)s uiterlijk %(day)s") % {"what": what, "day": day(clock.deadline, now=now)}
    if clock.deadline < now:
        text = _("%(what)s te laat: uiterlijk was %(day)s") % {
            "what": what,
            "day": day(clock.deadline, now=now),
        }
    elif clock.target_deadline is not None and clock.target_deadline < clock.deadline:
        text += _(", streefdatum %(day)s") % {"day": day(clock.target_deadline, now=now)}
    return text
