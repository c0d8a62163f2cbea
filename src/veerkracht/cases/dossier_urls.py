# SPDX-License-Identifier: EUPL-1.2
"""URLs of the dossier pages and the partners' referral pages (mounted at /dossiers/)."""

from django.urls import URLPattern, URLResolver, path, register_converter

from veerkracht.cases.views import (
    dossier_actions,
    dossier_open,
    dossier_privacy,
    dossier_terms,
    dossiers,
    referrals,
)


class DossierReferenceConverter:
    """A dossier's reference in the address bar: ``D-2026-000012``."""

    regex = r"D-\d{4}-\d{6,}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(DossierReferenceConverter, "dossier")

urlpatterns: list[URLPattern | URLResolver] = [
    path("", dossiers.dossier_list, name="cases-dossiers"),
    path("nieuw/", dossiers.dossier_new, name="cases-dossier-new"),
    path("nieuw/adres/", dossier_open.dossier_new_at_address, name="cases-dossier-new-address"),
    path("doorverwijzingen/", referrals.referral_list, name="cases-referrals"),
    path("doorverwijzingen/<int:referral_id>/", referrals.referral_page, name="cases-referral"),
    path(
        "doorverwijzingen/<int:referral_id>/antwoord/", referrals.referral_reply, name="cases-referral-reply"
    ),
    path(
        "doorverwijzingen/<int:referral_id>/afsluiten/", referrals.referral_close, name="cases-referral-close"
    ),
    path("privacy/", dossier_privacy.privacy_list, name="cases-dossiers-privacy"),
    path("<dossier:dossier_reference>/", dossiers.dossier_page, name="cases-dossier"),
    path("<dossier:dossier_reference>/meldingen/", dossier_actions.dossier_link, name="cases-dossier-link"),
    path(
        "<dossier:dossier_reference>/betrokkenen/", dossier_actions.dossier_party, name="cases-dossier-party"
    ),
    path("<dossier:dossier_reference>/horen/", dossier_actions.dossier_hearing, name="cases-dossier-hearing"),
    path("<dossier:dossier_reference>/stap/", dossier_actions.dossier_step, name="cases-dossier-step"),
    path(
        "<dossier:dossier_reference>/doorverwijzen/",
        dossier_actions.dossier_refer,
        name="cases-dossier-refer",
    ),
    path("<dossier:dossier_reference>/sluiten/", dossier_actions.dossier_close, name="cases-dossier-close"),
    path(
        "<dossier:dossier_reference>/opschorten/", dossier_terms.dossier_suspend, name="cases-dossier-suspend"
    ),
    path("<dossier:dossier_reference>/hervatten/", dossier_terms.dossier_resume, name="cases-dossier-resume"),
    path("<dossier:dossier_reference>/verlengen/", dossier_terms.dossier_extend, name="cases-dossier-extend"),
    path("<dossier:dossier_reference>/heropenen/", dossier_terms.dossier_reopen, name="cases-dossier-reopen"),
    path(
        "<dossier:dossier_reference>/rechtbank.pdf",
        dossier_actions.court_file,
        name="cases-dossier-court-file",
    ),
    path("<dossier:dossier_reference>/privacy/", dossier_privacy.privacy_page, name="cases-dossier-privacy"),
    path(
        "<dossier:dossier_reference>/inzage/<int:party_id>.pdf",
        dossier_privacy.subject_copy_pdf,
        name="cases-dossier-subject-copy",
    ),
]
