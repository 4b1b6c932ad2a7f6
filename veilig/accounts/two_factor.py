"""Services for the second factor: enrolment, verification, replacement and the recovery routes.

The rules (docs/accounts.md):
- the password alone never enrols a device: first enrolment needs an administrator's one-time
  activation code (only in demo mode, where the second factor is optional, may a signed-in user
  set one up without it);
- replacing a device needs the old factor (a current code of the old app or a backup code);
- the recovery routes are the backup codes and an administrator's reset with a written reason,
  which removes the devices and issues a new activation code.

Every outcome writes one audit row (codes only in ``detail``) and every change mails the user.
Failed checks commit their side effects (the devices' throttling) before the error is raised,
so that retrying a wrong code keeps getting slower.
"""

from __future__ import annotations

import hashlib
import secrets
from base64 import b32encode
from datetime import timedelta
from typing import NoReturn

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from veilig.accounts.models import ActivationCode, TwoFactorReset, User
from veilig.accounts.notifications import Notice, two_factor_notify
from veilig.audit.context import AuditContext
from veilig.audit.models import AuditAction, AuditResult
from veilig.audit.services import audit_record

# No i, l, o, 0 or 1: nothing to confuse when a code is typed or read out over the phone.
CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
ACTIVATION_CODE_LENGTH = 12  # ~59 bits; valid for hours, single use, and only with the password
BACKUP_CODE_LENGTH = 16  # ~79 bits: enough that a plain SHA-256 of it cannot be reversed
BACKUP_CODE_COUNT = 10


class TwoFactorError(Exception):
    """A refused second-factor step; ``code`` says why (the view turns it into a message)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


# --- Codes ------------------------------------------------------------------------------------


def code_normalise(value: str) -> str:
    """What the user typed, without case, spaces or hyphens."""
    return "".join(value.lower().split()).replace("-", "")


def code_is_well_formed(value: str, *, length: int) -> bool:
    normalised = code_normalise(value)
    return len(normalised) == length and all(c in CODE_ALPHABET for c in normalised)


def code_display(code: str) -> str:
    """Groups of four, as the user reads them: ``abcd-efgh-jkmn``."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def _code_new(length: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def _activation_digest(code: str) -> str:
    return hashlib.sha256(code_normalise(code).encode("ascii", "replace")).hexdigest()


def _backup_digest(code: str) -> str:
    # django-otp's static token column holds 16 characters: 80 bits of the SHA-256, in base32.
    digest = hashlib.sha256(code_normalise(code).encode("ascii", "replace")).digest()
    return b32encode(digest).decode("ascii").lower()[:16]


# --- Devices ------------------------------------------------------------------------------------


def totp_device_confirmed(*, user: User) -> TOTPDevice | None:
    device: TOTPDevice | None = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device


def totp_device_start(*, user: User) -> TOTPDevice:
    """A new unconfirmed TOTP device, made anew so an old, leaked secret is never reused."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    device: TOTPDevice = TOTPDevice.objects.create(user=user, name="default", confirmed=False)
    return device


def _new_device_check(user: User, device: TOTPDevice) -> None:
    if device.user_id != user.pk or device.confirmed:
        raise TwoFactorError("device")


def _user_lock(user: User) -> None:
    """Serialises the second-factor changes of one user (two tabs enrolling at once)."""
    User.objects.select_for_update().filter(pk=user.pk).first()


def _backup_codes_create(*, user: User) -> list[str]:
    """A fresh set of backup codes (the earlier set becomes void); returns them in clear once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="backup", confirmed=True)
    codes = [_code_new(BACKUP_CODE_LENGTH) for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=_backup_digest(code)) for code in codes
    )
    return [code_display(code) for code in codes]


def _backup_code_consume(*, user: User, code: str) -> StaticDevice | None:
    """Uses up one backup code; the plugin's throttling slows down guessing."""
    device: StaticDevice | None = StaticDevice.objects.filter(user=user, confirmed=True).first()
    if device is None or not device.verify_is_allowed()[0]:
        return None
    # A conditional DELETE, so that two requests cannot both spend the same code.
    deleted, _ = StaticToken.objects.filter(device=device, token=_backup_digest(code)).delete()
    if not deleted:
        device.throttle_increment()
        return None
    device.throttle_reset(commit=False)
    device.set_last_used_timestamp(commit=False)
    device.save()
    return device


def backup_codes_left(*, user: User) -> int:
    count: int = StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
    return count


def _fail(context: AuditContext, action: AuditAction, object_type: str, code: str) -> NoReturn:
    audit_record(
        context=context,
        action=action,
        object_type=object_type,
        result=AuditResult.DENIED,
        detail=code,
    )
    raise TwoFactorError(code)


# --- Signing in with the second factor -----------------------------------------------------------


def second_factor_verify(*, user: User, token: str, context: AuditContext) -> TOTPDevice | None:
    """The device whose current code ``token`` is, or None; one audit row either way."""
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(token):
            audit_record(
                context=context,
                action=AuditAction.LOGIN,
                object_type="totp_device",
                object_id=device.pk,
            )
            return device
    audit_record(
        context=context,
        action=AuditAction.LOGIN_FAILED,
        object_type="totp_device",
        result=AuditResult.DENIED,
    )
    return None


def backup_code_sign_in(*, user: User, code: str, context: AuditContext) -> StaticDevice | None:
    """Signs in with one backup code (then spent); mails the user how many are left."""
    with transaction.atomic():
        device = _backup_code_consume(user=user, code=code)
    if device is None:
        audit_record(
            context=context,
            action=AuditAction.LOGIN_FAILED,
            object_type="backup_code",
            result=AuditResult.DENIED,
        )
        return None
    audit_record(
        context=context, action=AuditAction.LOGIN, object_type="backup_code", object_id=device.pk
    )
    two_factor_notify(
        user=user, notice=Notice.BACKUP_CODE_USED, remaining=backup_codes_left(user=user)
    )
    return device


# --- Enrolment and replacement -------------------------------------------------------------------


def _activation_code_check(*, user: User, code: str) -> tuple[ActivationCode | None, str]:
    row = (
        ActivationCode.objects.select_for_update()
        .filter(user=user, code_hash=_activation_digest(code))
        .first()
    )
    if row is None:
        return None, "activation_wrong"
    if row.used_at is not None:
        return None, "activation_used"
    if row.expires_at <= timezone.now():
        return None, "activation_expired"
    return row, ""


def totp_device_enrol(
    *, user: User, device: TOTPDevice, token: str, activation_code: str, context: AuditContext
) -> list[str]:
    """Confirms the first device of a user who has none; returns the new backup codes.

    With the second factor required (production) the activation code must be valid; it is then
    spent. An existing confirmed device is never replaced here (that needs the old factor).
    """
    _new_device_check(user, device)
    required = bool(settings.TWO_FACTOR_REQUIRED)
    failure: tuple[str, str] | None = None
    with transaction.atomic():
        _user_lock(user)
        code_row: ActivationCode | None = None
        if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            failure = ("totp_device", "has_device")
        elif required:
            code_row, problem = _activation_code_check(user=user, code=activation_code)
            if problem:
                failure = ("activation_code", problem)
        if failure is None and not device.verify_token(token):
            failure = ("totp_device", "enrol_token")
        if failure is None:
            if code_row is not None:
                code_row.used_at = timezone.now()
                code_row.save(update_fields=["used_at"])
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = _backup_codes_create(user=user)
    if failure is not None:
        _fail(context, AuditAction.LOGIN_FAILED, *failure)
    audit_record(
        context=context,
        action=AuditAction.CREATE,
        object_type="totp_device",
        object_id=device.pk,
        detail="activation_code" if required else "voluntary",
    )
    two_factor_notify(user=user, notice=Notice.ENROLLED)
    return codes


def _old_factor_ok(*, user: User, new_device: TOTPDevice, old_code: str) -> str:
    """Checks the old factor: a current code of the old app, else a backup code (spent)."""
    digits = old_code.strip()
    if len(digits) == 6 and digits.isdigit():
        old = TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=new_device.pk)
        return "totp" if any(device.verify_token(digits) for device in old) else ""
    return "backup_code" if _backup_code_consume(user=user, code=old_code) else ""


def totp_device_replace(
    *, user: User, device: TOTPDevice, token: str, old_code: str, context: AuditContext
) -> list[str]:
    """Replaces the user's device by ``device`` when the old factor is given; new backup codes.

    The new code is checked first, so that a typing error there does not spend a backup code.
    """
    _new_device_check(user, device)
    failure = old_factor = ""
    with transaction.atomic():
        _user_lock(user)
        if not TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).exists():
            failure = "no_device"
        elif not device.verify_token(token):
            failure = "new_token"
        else:
            old_factor = _old_factor_ok(user=user, new_device=device, old_code=old_code)
            failure = "" if old_factor else "old_factor"
        if not failure:
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = _backup_codes_create(user=user)
    if failure:
        _fail(context, AuditAction.UPDATE, "totp_device", failure)
    audit_record(
        context=context,
        action=AuditAction.UPDATE,
        object_type="totp_device",
        object_id=device.pk,
        detail=f"old_factor={old_factor}",
    )
    two_factor_notify(user=user, notice=Notice.REPLACED)
    return codes


# --- The administrator's recovery route ---------------------------------------------------------


def _activation_code_create(*, user: User, issued_by: User | None) -> tuple[ActivationCode, str]:
    now = timezone.now()
    # A new code makes every earlier unused one expire: only the last handed-over code works.
    ActivationCode.objects.filter(user=user, used_at__isnull=True, expires_at__gt=now).update(
        expires_at=now
    )
    code = _code_new(ACTIVATION_CODE_LENGTH)
    row = ActivationCode.objects.create(
        user=user,
        code_hash=_activation_digest(code),
        issued_by=issued_by,
        issued_at=now,
        expires_at=now + timedelta(hours=settings.TWO_FACTOR_ACTIVATION_HOURS),
    )
    return row, code_display(code)


def _not_oneself(user: User, admin: User | None) -> None:
    if admin is not None and admin.pk == user.pk:
        raise TwoFactorError("self")


def activation_code_issue(
    *, user: User, issued_by: User | None, context: AuditContext
) -> tuple[ActivationCode, str]:
    """A new activation code for a user without a device; the code in clear is shown once."""
    _not_oneself(user, issued_by)
    with transaction.atomic():
        _user_lock(user)
        if not user.is_active:
            raise TwoFactorError("inactive")
        if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            raise TwoFactorError("has_device")
        row, code = _activation_code_create(user=user, issued_by=issued_by)
    audit_record(
        context=context,
        action=AuditAction.GRANT,
        object_type="activation_code",
        object_id=row.pk,
        detail=f"user={user.pk}",
    )
    two_factor_notify(user=user, notice=Notice.ACTIVATION_CODE_ISSUED)
    return row, code


def two_factor_reset(
    *, user: User, performed_by: User | None, reason: str, context: AuditContext
) -> tuple[TwoFactorReset, str]:
    """Removes the user's devices and backup codes and issues a new activation code."""
    _not_oneself(user, performed_by)
    with transaction.atomic():
        _user_lock(user)
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        row, code = _activation_code_create(user=user, issued_by=performed_by)
        reset = TwoFactorReset.objects.create(
            user=user,
            performed_by=performed_by,
            performed_at=row.issued_at,
            reason=reason,
            activation_code=row,
        )
    audit_record(
        context=context,
        action=AuditAction.DELETE,
        object_type="two_factor_reset",
        object_id=reset.pk,
        detail=f"user={user.pk}",
    )
    two_factor_notify(user=user, notice=Notice.RESET)
    return reset, code
