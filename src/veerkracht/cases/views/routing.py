# SPDX-License-Identifier: EUPL-1.2
"""The administrator's routing pages: versions, a version's rules with a test on a sample melding, a new
version edited as an ordered list (first match wins), activating a version, and which rule routed a
melding. Needs ``cases.manage_routing`` in the organisation (another organisation's rules answer 404).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from veerkracht.cases.access import get_visible
from veerkracht.cases.models import Melding, RoutingRuleSet
from veerkracht.cases.queries import labels
from veerkracht.cases.queries.routing import Preview, preview, sample, versions
from veerkracht.cases.rules.categories import CategoryError
from veerkracht.cases.services import routing
from veerkracht.cases.services.errors import IntakeError, NotAllowed
from veerkracht.cases.services.routing import MANAGE, RoutingRulesError
from veerkracht.cases.views.base import person
from veerkracht.cases.views.routing_forms import HeadForm, RuleFormSet, SampleForm, initial_rules
from veerkracht.core.models import Organisation
from veerkracht.core.permissions import has_permission, permission_required

PREFIX = "regel"


def _managed(request: HttpRequest) -> list[Organisation]:
    return [o for o in Organisation.objects.order_by("name") if has_permission(request.user, MANAGE, o)]


def _organisation(request: HttpRequest, slug: str) -> Organisation:
    found = Organisation.objects.filter(slug=slug).first()
    if found is None or not has_permission(request.user, MANAGE, found):
        raise Http404
    return found


def _rules_in_words(rule_set: RoutingRuleSet) -> list[dict[str, Any]]:
    return [
        {
            "rule": rule,
            "conditions": labels.conditions(rule.conditions or {}),
            "role": labels.role(rule.role),
        }
        for rule in rule_set.rules.select_related("organisation", "team").order_by("position")
    ]


@permission_required(MANAGE)
@require_GET
def routing_overview(request: HttpRequest) -> HttpResponse:
    """Per organisation the person manages: its versions; and which rule routed a melding."""
    found: dict[str, Any] | None = None
    reference = request.GET.get("melding", "").strip()
    if reference:
        try:
            melding = get_visible(request.user, reference=reference)
        except Melding.DoesNotExist:
            found = {"missing": True, "reference": reference}
        else:
            rule = melding.routing_rule
            found = {
                "missing": False,
                "melding": melding,
                "rule": rule,
                "rule_set": rule.rule_set if rule else None,
            }
    organisations = [(o, versions(o)) for o in _managed(request)]
    return render(
        request,
        "cases/admin/routing.html",
        {"organisations": organisations, "found": found, "reference": reference},
    )


def _preview_of(organisation: Organisation, rules: Any, form: SampleForm) -> Preview | None:
    """Test rules on the sample melding of a valid form; problems go onto the form."""
    try:
        return preview(organisation, rules, sample(**form.case_arguments()))
    except (CategoryError, IntakeError) as error:
        form.add_error(None, str(error))
    return None


def _results(found: Preview | None) -> list[dict[str, Any]]:
    if found is None:
        return []
    return [
        {"result": result, "chosen": result.position == found.chosen, "checks": result.checks}
        for result in found.results
        if found.chosen is None or result.position <= found.chosen
    ]


@permission_required(MANAGE)
@require_GET
def routing_version(request: HttpRequest, organisation: str, version: int) -> HttpResponse:
    """One version's rules in order, and the test on a sample melding."""
    owner = _organisation(request, organisation)
    rule_set = RoutingRuleSet.objects.filter(organisation=owner, version=version).first()
    if rule_set is None:
        raise Http404
    form = SampleForm(request.GET if "test-kind" in request.GET else None)
    found = _preview_of(owner, rule_set, form) if form.is_bound and form.is_valid() else None
    return render(
        request,
        "cases/admin/routing_version.html",
        {
            "organisation": owner,
            "rule_set": rule_set,
            "rules": _rules_in_words(rule_set),
            "sample": form,
            "results": _results(found),
            "tested": found is not None,
        },
    )


@permission_required(MANAGE)
@require_POST
def routing_activate(request: HttpRequest, organisation: str, version: int) -> HttpResponse:
    owner = _organisation(request, organisation)
    rule_set = RoutingRuleSet.objects.filter(organisation=owner, version=version).first()
    if rule_set is None:
        raise Http404
    try:
        routing.activate_rule_set(rule_set, actor=person(request))
    except NotAllowed as error:
        raise Http404 from error
    messages.success(request, _("Versie %(version)s is nu in gebruik.") % {"version": version})
    return redirect("cases-routing-version", organisation=owner.slug, version=version)


def _problems(head: HeadForm, rules: Any, error: RoutingRulesError) -> None:
    """Put each problem of the rule set beside the rule and field it is about."""
    filled = [form for form in rules.ordered_forms if form.has_changed()]
    fields = {
        "name": "name",
        "when.categories": "categories",
        "when.pillars": "pillars",
        "when.areas": "areas",
        "when.channels": "channels",
        "when.outside_office_hours": "office_hours",
        "assign.role": "role",
        "assign.team": "team",
        "assign.organisation": "organisation",
    }
    for problem in error.problems:
        key = problem.key
        text = problem.text[:1].upper() + problem.text[1:]
        if key.startswith("rules["):
            index_text, _bracket, rest = key.removeprefix("rules[").partition("]")
            index = int(index_text) if index_text.isdigit() else -1
            field = fields.get(rest.lstrip("."))
            if 0 <= index < len(filled):
                filled[index].add_error(field if field in filled[index].fields else None, text)
                continue
        if key.startswith("office_hours"):
            head.add_error("office_hours_end" if key.endswith("end") else "office_hours_start", text)
            continue
        head.add_error(None, text)


@permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def routing_new(request: HttpRequest, organisation: str) -> HttpResponse:
    """Edit the rules as a new version: test them on a sample melding first, then save (and activate)."""
    owner = _organisation(request, organisation)
    start_from = request.GET.get("van", "")
    base = RoutingRuleSet.objects.filter(organisation=owner)
    base = base.filter(version=int(start_from)) if start_from.isdigit() else base.filter(active=True)
    origin = base.first()
    kwargs = {"prefix": PREFIX, "form_kwargs": {"organisation": owner}}
    found: Preview | None = None
    if request.method == "GET":
        head = HeadForm(
            initial={
                "office_hours_start": origin.office_hours_start,
                "office_hours_end": origin.office_hours_end,
            }
            if origin
            else None
        )
        rules = RuleFormSet(initial=initial_rules(origin), **kwargs)  # type: ignore[arg-type]
        form = SampleForm()
    else:
        head = HeadForm(request.POST)
        rules = RuleFormSet(request.POST, **kwargs)  # type: ignore[arg-type]
        testing = request.POST.get("actie") == "testen"
        form = SampleForm(request.POST if testing else None)
        if head.is_valid() & rules.is_valid() & (form.is_valid() if testing else True):
            data = {
                "office_hours": {
                    "start": head.cleaned_data["office_hours_start"],
                    "end": head.cleaned_data["office_hours_end"],
                },
                "rules": [r.as_rule() for r in rules.ordered_forms if r.has_changed()],
            }
            try:
                if testing:
                    found = _preview_of(owner, data, form)
                else:
                    saved = routing.create_rule_set(
                        owner,
                        data,
                        actor=person(request),
                        note=head.cleaned_data["note"],
                        activate=head.cleaned_data["activate"],
                    )
                    text = _("Versie %(version)s is opgeslagen.") % {"version": saved.version}
                    if saved.active:
                        text += " " + _("Nieuwe meldingen worden er vanaf nu mee gerouteerd.")
                    messages.success(request, text)
                    return redirect("cases-routing-version", organisation=owner.slug, version=saved.version)
            except RoutingRulesError as error:
                _problems(head, rules, error)
            except NotAllowed as error:
                raise Http404 from error
    return render(
        request,
        "cases/admin/routing_new.html",
        {
            "organisation": owner,
            "origin": origin,
            "head": head,
            "rules": rules,
            "sample": form,
            "results": _results(found),
            "tested": found is not None,
        },
    )
