from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from veilig.notifications.vocabulary import Delivery
from veilig.ui.forms import UiForm


class PreferenceForm(UiForm):
    delivery = forms.ChoiceField(
        label=_("E-mail about new notifications"),
        choices=Delivery.choices,
        widget=forms.RadioSelect,
        help_text=_("The e-mails hold only a link, never names or case details."),
    )
