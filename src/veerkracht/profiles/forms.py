# SPDX-License-Identifier: EUPL-1.2
"""Forms of the profile pages: a story behind the numbers, and its review."""

from django import forms
from django.utils.translation import gettext_lazy as _


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Het verhaal"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Wat vertelden bewoners of partners, of wat zag u? Schrijf geen namen of adressen."),
    )
    source = forms.CharField(
        label=_("Bron"),
        max_length=300,
        help_text=_("Bijvoorbeeld: gesprek met het bewonersteam, verslag van de schouw."),
    )
    observed_on = forms.DateField(label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}))


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Besluit"),
        choices=[("approve", _("Goedkeuren")), ("reject", _("Afwijzen"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
