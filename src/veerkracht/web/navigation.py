# SPDX-License-Identifier: EUPL-1.2
"""The navigation registry: each app contributes its menu entries from its ``AppConfig.ready()``.

``web`` only knows the three sections of the product (DESIGN.md §1); which pages exist, and which
permission shows them, is the business of the app that owns the page. A section to which no app has
contributed yet is announced as "in ontwikkeling".
"""

from dataclasses import dataclass, field

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    """One part of the main menu."""

    key: str
    label: str | Promise
    planned: str | Promise  # what the part will offer, shown while no app contributes to it


@dataclass(frozen=True)
class Entry:
    """A page an app puts in the menu, with the permission that shows it (None: everyone)."""

    section: str
    label: str | Promise
    url_name: str
    permission: str | None = None
    order: int = 100
    # Paths under which the entry counts as the current page; default: its own URL and below.
    match_prefix: bool = True


@dataclass(frozen=True)
class Item:
    label: str | Promise
    url: str | None  # None: the part is announced but not available yet
    active: bool = False


@dataclass(frozen=True)
class Menu:
    label: str | Promise
    items: tuple[Item, ...]


SECTIONS: tuple[Section, ...] = (
    Section("monitor", _("Monitor"), _("Kaarten en cijfers")),
    Section("cases", _("Meldingen en dossiers"), _("Meldingen")),
    Section("programme", _("Programma"), _("Prestatieafspraken")),
)


@dataclass
class _Registry:
    entries: list[Entry] = field(default_factory=list)

    def register(self, *entries: Entry) -> None:
        known = {section.key for section in SECTIONS}
        for entry in entries:
            if entry.section not in known:
                raise ValueError(f"unknown menu section {entry.section!r}; expected one of {sorted(known)}")
            if any(existing.url_name == entry.url_name for existing in self.entries):
                continue  # ready() may run twice in tests; one entry per page
            self.entries.append(entry)


_registry = _Registry()


def register(*entries: Entry) -> None:
    """Add menu entries; call from an app's ``AppConfig.ready()``."""
    _registry.register(*entries)


def registered() -> tuple[Entry, ...]:
    """Every entry that apps registered, in registration order."""
    return tuple(_registry.entries)


def _is_active(entry: Entry, url: str, path: str) -> bool:
    if path == url:
        return True
    return entry.match_prefix and url != "/" and path.startswith(url)


def menu_for(request: HttpRequest, granted: frozenset[str]) -> list[Menu]:
    """The menu this person sees: entries their permissions allow, sections announced when still empty."""
    menus = []
    for section in SECTIONS:
        contributed = sorted(
            (e for e in _registry.entries if e.section == section.key), key=lambda e: e.order
        )
        if not contributed:
            menus.append(Menu(section.label, (Item(section.planned, None),)))
            continue
        items = []
        for entry in contributed:
            if entry.permission is not None and entry.permission not in granted:
                continue
            url = reverse(entry.url_name)
            items.append(Item(entry.label, url, _is_active(entry, url, request.path)))
        if items:
            menus.append(Menu(section.label, tuple(items)))
    return menus
