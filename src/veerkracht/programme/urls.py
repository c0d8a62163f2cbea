# SPDX-License-Identifier: EUPL-1.2
"""URLs of the programme's pages."""

from django.urls import URLPattern, URLResolver, path

from veerkracht.programme.views import (
    agreements,
    area_teams,
    fund,
    fund_applications,
    housing,
    programmes,
    teams,
)

urlpatterns: list[URLPattern | URLResolver] = []

# Performance agreements (issue 11, ADR 0013).
urlpatterns += [
    path("afspraken/", agreements.overview, name="programme-agreements"),
    path("afspraken/<slug:set_slug>/<str:code>/", agreements.agreement, name="programme-agreement"),
    path("werkgroepen/", agreements.workgroups, name="programme-workgroups"),
    path("werkgroepen/<slug:set_slug>/<slug:slug>/", agreements.workgroup, name="programme-workgroup"),
    path(
        "werkgroepen/<slug:set_slug>/<slug:slug>/acties/<int:pk>/",
        agreements.action_done,
        name="programme-workgroup-action",
    ),
    path("bestuurlijk-overleg/", agreements.stagnation, name="programme-stagnation"),
    path("evaluatie/", agreements.evaluations, name="programme-evaluations"),
    path(
        "evaluatie/<slug:set_slug>/<int:year>/thema-<int:number>/",
        agreements.evaluation,
        name="programme-evaluation",
    ),
    path(
        "evaluatie/<slug:set_slug>/<int:year>/thema-<int:number>/pdf/",
        agreements.evaluation_pdf,
        name="programme-evaluation-pdf",
    ),
]

# Housing stock, interventions, the liveability fund, resident teams, programmes, priorities, area teams
# (issue 11, ADR 0018).
urlpatterns += [
    path("woningvoorraad/", housing.stock, name="programme-stock"),
    path("ingrepen/", housing.interventions, name="programme-interventions"),
    path("ingrepen/gerealiseerd/", housing.intervention_realised, name="programme-intervention-realised"),
    path("leefbaarheidsfonds/", fund.fund_overview, name="programme-fund"),
    path("leefbaarheidsfonds/aanvraag-indienen/", fund_applications.apply, name="programme-fund-apply"),
    path("leefbaarheidsfonds/aanvraag-ontvangen/", fund_applications.applied, name="programme-fund-applied"),
    path(
        "leefbaarheidsfonds/aanvragen/",
        fund_applications.application_list,
        name="programme-fund-applications",
    ),
    path(
        "leefbaarheidsfonds/aanvragen/<str:reference>/",
        fund_applications.application_detail,
        name="programme-fund-application",
    ),
    path(
        "leefbaarheidsfonds/aanvragen/<str:reference>/beoordelen/",
        fund_applications.assess,
        name="programme-fund-assess",
    ),
    path(
        "leefbaarheidsfonds/aanvragen/<str:reference>/besluiten/",
        fund_applications.decide,
        name="programme-fund-decide",
    ),
    path(
        "leefbaarheidsfonds/aanvragen/<str:reference>/uitbetalen/",
        fund_applications.pay,
        name="programme-fund-pay",
    ),
    path(
        "leefbaarheidsfonds/aanvragen/<str:reference>/verantwoorden/",
        fund_applications.account,
        name="programme-fund-account",
    ),
    path("leefbaarheidsfonds/evaluatie/", fund.fund_evaluation, name="programme-fund-evaluation"),
    path("bewonerskrachten/", teams.team_list, name="programme-resident-teams"),
    path("bewonerskrachten/<slug:team>/", teams.team_detail, name="programme-resident-team"),
    path("bewonerskrachten/<slug:team>/fase/", teams.team_phase, name="programme-resident-team-phase"),
    path("programmas/", programmes.programme_list, name="programme-programmes"),
    path("programmas/<slug:programme>/", programmes.programme_detail, name="programme-programme"),
    path(
        "programmas/<slug:programme>/uitgaven/",
        programmes.programme_spending,
        name="programme-programme-spending",
    ),
    path("prioritering/", programmes.priorities, name="programme-priorities"),
    path("gebiedsteams/", area_teams.area_team_list, name="programme-area-teams"),
    path("gebiedsteams/<str:rayon>/", area_teams.area_team, name="programme-area-team"),
    path(
        "gebiedsteams/<str:rayon>/overleg/", area_teams.area_team_meeting, name="programme-area-team-meeting"
    ),
    path(
        "gebiedsteams/<str:rayon>/acties/", area_teams.area_team_actions, name="programme-area-team-actions"
    ),
]
