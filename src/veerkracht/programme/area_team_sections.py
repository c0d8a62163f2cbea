# SPDX-License-Identifier: EUPL-1.2
"""The sections of the area-team view: what changed in a rayon since the gebiedsteam last met.

Like the navigation registry (``web/navigation.py``), each app contributes its own sections from its
``AppConfig.ready()``; the view knows none of them by name. A section gets the window (the rayon, its buurten,
the period, the person looking) and returns its changes; the person sees a section only with its permission::

    from veerkracht.programme.area_team_sections import Change, Section, register_section
    register_section(Section("cases.overdue", _("Meldingen over tijd"), overdue, "cases.view", order=20))

The programme registers fund applications, phase changes of resident teams, programme spending and
veerkracht class changes; the meldingen app adds new and overdue meldingen and dossiers, the agreements part
stagnating agreements.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Window:
    """What a section is asked about: a rayon, its buurten, and the period since the last meeting."""

    rayon_code: str
    rayon_name: str
    buurt_codes: frozenset[str]
    since: datetime
    until: datetime
    #: The permissions of the person looking, for sections that show more to some than to others.
    permissions: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Change:
    """One thing that changed: a sentence, when, where, and a page to read more."""

    text: str
    when: datetime | date | None = None
    area: str = ""
    url: str | None = None


@dataclass(frozen=True)
class Section:
    key: str
    title: str | Promise
    collect: Callable[[Window], list[Change]]
    #: The permission that shows the section (None: everyone who sees the view).
    permission: str | None = None
    order: int = 100
    empty: str | Promise = field(default=_("Niets nieuws sinds het vorige overleg."))


_sections: dict[str, Section] = {}


def register_section(*sections: Section) -> None:
    """Add sections to the area-team view; registering a key again replaces it (ready() may run twice)."""
    for section in sections:
        _sections[section.key] = section


def registered_sections() -> tuple[Section, ...]:
    """Every registered section, in display order."""
    return tuple(sorted(_sections.values(), key=lambda s: (s.order, s.key)))


def collect(window: Window) -> list[tuple[Section, list[Change]]]:
    """The sections this person may see, each with its changes (newest first)."""
    result = []
    for section in registered_sections():
        if section.permission is not None and section.permission not in window.permissions:
            continue
        changes = section.collect(window)
        changes.sort(key=lambda c: _sortable(c.when), reverse=True)
        result.append((section, changes))
    return result


def _sortable(when: datetime | date | None) -> tuple[int, str]:
    if when is None:
        return (0, "")
    return (1, when.isoformat())
