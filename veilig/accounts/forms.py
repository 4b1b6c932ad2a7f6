from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from veilig.accounts.two_factor import (
    ACTIVATION_CODE_LENGTH,
    BACKUP_CODE_LENGTH,
    code_is_well_formed,
)
from veilig.ui.forms import UiForm
from veilig.ui.reasons import distinct_words

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise


class TokenForm(UiForm):
    token = forms.CharField(
        label=_("Verification code"),
        help_text=_("The 6-digit code from your authenticator app."),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]*"}
        ),
    )

    def clean_token(self) -> str:
        token: str = self.cleaned_data["token"].strip()
        if not token.isdigit():
            raise forms.ValidationError(_("The code consists of 6 digits."))
        return token


def _code_field(label: str | _StrPromise, help_text: str | _StrPromise) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )


class EnrolForm(TokenForm):
    """First enrolment: the code of the new app, and (when 2FA is required) the activation code."""

    activation_code = _code_field(
        _("Activation code"),
        _("The code of 12 letters and digits you received from your functional administrator."),
    )
    field_order = ["activation_code", "token"]

    def __init__(self, *args: Any, needs_activation_code: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not needs_activation_code:
            del self.fields["activation_code"]

    def clean_activation_code(self) -> str:
        value: str = self.cleaned_data["activation_code"]
        if not code_is_well_formed(value, length=ACTIVATION_CODE_LENGTH):
            raise forms.ValidationError(
                _("An activation code consists of 12 letters and digits."), code="format"
            )
        return value


class ReplaceForm(TokenForm):
    """Replacing the app: the old factor first, then the code of the new app."""

    old_code = _code_field(
        _("Code of your current app, or a backup code"),
        _("The 6-digit code your current app shows now. Lost it? Enter one of your backup codes."),
    )
    field_order = ["old_code", "token"]

    def clean_old_code(self) -> str:
        value: str = self.cleaned_data["old_code"].strip()
        is_totp = len(value) == 6 and value.isdigit()
        if not (is_totp or code_is_well_formed(value, length=BACKUP_CODE_LENGTH)):
            raise forms.ValidationError(
                _("Enter the 6-digit code of your current app or a backup code of 16 characters."),
                code="format",
            )
        return value


class BackupCodeForm(UiForm):
    code = _code_field(
        _("Backup code"),
        _("One of the backup codes of 16 letters and digits you saved when you set up the app."),
    )

    def clean_code(self) -> str:
        value: str = self.cleaned_data["code"]
        if not code_is_well_formed(value, length=BACKUP_CODE_LENGTH):
            raise forms.ValidationError(
                _("A backup code consists of 16 letters and digits."), code="format"
            )
        return value


RESET_REASON_MIN_WORDS = 4


class ResetForm(UiForm):
    reason = forms.CharField(
        label=_("Reason for the reset"),
        help_text=_(
            "Why does this user need a new authenticator app, and how did you check that the "
            "request comes from them? For example: phone lost, confirmed by phone call with "
            "their manager."
        ),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_reason(self) -> str:
        reason: str = " ".join(self.cleaned_data["reason"].split())
        if distinct_words(reason) < RESET_REASON_MIN_WORDS:
            raise forms.ValidationError(
                _("Describe the reason in a few words (at least %(count)d different words).")
                % {"count": RESET_REASON_MIN_WORDS},
                code="too_short",
            )
        return reason
