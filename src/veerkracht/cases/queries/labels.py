# SPDX-License-Identifier: EUPL-1.2
"""The rule files' words in the active language: categories, pillars, statuses, steps and fields.

The rule files carry every label in Dutch and English (``{nl: ..., en: ...}``); pages show the one of the
language the person chose, so a stored code never reaches the screen untranslated. A code the files no
longer know (a melding stored under an older file) is shown as it is.
"""

from __future__ import annotations

from django.utils.translation import get_language

from veerkracht.cases.rulebook import rulebook
from veerkracht.core.roles import catalogue
from veerkracht.rulefiles.model import Text


def _english() -> bool:
    return (get_language() or "nl").startswith("en")


def in_language(text: Text) -> str:
    """The Dutch or English side of a rule file's text, after the active language."""
    return text.en if _english() else text.nl


def role(code: str) -> str:
    found = catalogue().roles.get(code)
    if found is None:
        return code
    return found.label_en if _english() else found.label_nl


def role_choices() -> list[tuple[str, str]]:
    return [(code, role(code)) for code in catalogue().roles]


def category(code: str) -> str:
    spec = rulebook().categories.file.categories.get(code)
    return in_language(spec.label) if spec is not None else code


def subcategory(code: str, sub: str) -> str:
    spec = rulebook().categories.file.categories.get(code)
    found = spec.subcategories.get(sub) if spec is not None else None
    return in_language(found.label) if found is not None else sub


def kind(code: str, sub: str) -> str:
    """Category and subcategory together: "Vervuiling en afval: Zwerfafval"."""
    return f"{category(code)}: {subcategory(code, sub)}"


def pillar(code: str) -> str:
    spec = rulebook().categories.file.pillars.get(code)
    return in_language(spec.label) if spec is not None else code


def confidentiality(code: str) -> str:
    spec = rulebook().categories.file.confidentiality.get(code)
    return in_language(spec.label) if spec is not None else code


def status(workflow_type: str, code: str) -> str:
    kinds = rulebook().workflow.file.types
    spec = kinds[workflow_type].statuses.get(code) if workflow_type in kinds else None
    return in_language(spec.label) if spec is not None else code


def step(workflow_type: str, code: str) -> str:
    kinds = rulebook().workflow.file.types
    spec = kinds[workflow_type].transitions.get(code) if workflow_type in kinds else None
    return in_language(spec.label) if spec is not None else code


def field(code: str) -> str:
    spec = rulebook().workflow.file.fields.get(code)
    return in_language(spec.label) if spec is not None else code


def kind_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Every ``category/subcategory`` as form choices, grouped by the pillar each one belongs to.

    A subcategory may name a pillar of its own (drug nuisance is overlast, yet repressive), so the group
    is the subcategory's pillar, as intake will classify it.
    """
    book = rulebook().categories
    groups: dict[str, list[tuple[str, str]]] = {code: [] for code in book.file.pillars}
    for code, spec in book.file.categories.items():
        for sub in spec.subcategories:
            found = book.classify(code, sub)
            groups.setdefault(found.pillar, []).append((f"{code}/{sub}", kind(code, sub)))
    return [(pillar(code), items) for code, items in groups.items() if items]


def category_choices() -> list[tuple[str, str]]:
    return [(code, in_language(spec.label)) for code, spec in rulebook().categories.file.categories.items()]


def status_choices() -> list[tuple[str, str]]:
    """Every open status of every melding type, once per code (the work list filters on codes)."""
    seen: dict[str, str] = {}
    for kind_spec in rulebook().workflow.file.types.values():
        for code, spec in kind_spec.statuses.items():
            if spec.phase == "open":
                seen.setdefault(code, in_language(spec.label))
    return list(seen.items())


def conditions(when: dict[str, object]) -> list[str]:
    """A routing rule's conditions in words, one line each (empty: the rule matches everything)."""
    from django.utils.translation import gettext as _

    from veerkracht.cases.models import Channel

    lines = []
    categories = [str(c) for c in when.get("categories", []) or []]  # type: ignore[attr-defined]
    if categories:
        words = [kind(*c.split("/", 1)) if "/" in c else category(c) for c in categories]
        lines.append(_("categorie: %(values)s") % {"values": ", ".join(words)})
    pillars = [str(p) for p in when.get("pillars", []) or []]  # type: ignore[attr-defined]
    if pillars:
        lines.append(_("pijler: %(values)s") % {"values": ", ".join(pillar(p) for p in pillars)})
    areas = [str(a) for a in when.get("areas", []) or []]  # type: ignore[attr-defined]
    if areas:
        lines.append(_("gebied: %(values)s") % {"values": ", ".join(areas)})
    channels = [str(c) for c in when.get("channels", []) or []]  # type: ignore[attr-defined]
    if channels:
        named = dict(Channel.choices)
        lines.append(_("kanaal: %(values)s") % {"values": ", ".join(str(named.get(c, c)) for c in channels)})
    outside = when.get("outside_office_hours")
    if outside is not None:
        lines.append(_("alleen buiten kantoortijd") if outside else _("alleen binnen kantoortijd"))
    return lines
