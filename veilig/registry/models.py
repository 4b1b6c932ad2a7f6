"""Addresses (and, with the casework, persons): the subjects that cases and signals refer to."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from veilig.geo.models import Area


class Address(models.Model):
    """A Dutch address with its position (RD and WGS84) and the buurt it lies in at ingest."""

    street = models.CharField(_("street"), max_length=200)
    house_number = models.PositiveIntegerField(_("house number"))
    house_letter = models.CharField(_("house letter"), max_length=1, blank=True)
    house_number_addition = models.CharField(_("addition"), max_length=4, blank=True)
    postcode = models.CharField(_("postcode"), max_length=6)
    city = models.CharField(_("place"), max_length=100)
    buurt = models.ForeignKey(
        Area,
        verbose_name=_("quarter"),
        on_delete=models.PROTECT,
        related_name="addresses",
        null=True,
        blank=True,
    )
    rd_x = models.FloatField(_("RD x"))
    rd_y = models.FloatField(_("RD y"))
    lat = models.FloatField(_("latitude"))
    lon = models.FloatField(_("longitude"))

    class Meta:
        ordering = ["postcode", "house_number", "house_letter", "house_number_addition"]
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        constraints = [
            models.UniqueConstraint(
                fields=["postcode", "house_number", "house_letter", "house_number_addition"],
                name="registry_address_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["street", "house_number"], name="registry_addr_street"),
            # The nearest address of a point: a square around it (registry.selectors).
            models.Index(fields=["rd_x", "rd_y"], name="registry_addr_rd"),
        ]

    def __str__(self) -> str:
        number = f"{self.house_number}{self.house_letter}"
        if self.house_number_addition:
            number += f"-{self.house_number_addition}"
        return f"{self.street} {number}, {self.postcode} {self.city}"

    @property
    def street_and_number(self) -> str:
        """'Kerkstraat 12A': the building, without addition, postcode or place."""
        return f"{self.street} {self.house_number}{self.house_letter}"


class Person(models.Model):
    """A person who is the subject of a case or named in a signal. Synthetic in demo and tests.

    The BSN is optional, stored encrypted (``bsn_encrypted``) with a keyed digest for exact
    search (``bsn_digest``, unique: one person per BSN); ``pseudonym`` is what analysts and event
    data see instead of names. ``name_key`` is the folded whole name that registration matches
    on (``veilig.registry.names``). A person merged into another (``merged_into``) keeps its
    record, without cases, for what still refers to it (signals, the access log).
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    first_name = models.CharField(_("first name"), max_length=100)
    prefix = models.CharField(_("name prefix"), max_length=20, blank=True)  # tussenvoegsel
    last_name = models.CharField(_("last name"), max_length=100)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    bsn_encrypted = models.CharField(max_length=200, blank=True, editable=False)
    bsn_digest = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    pseudonym = models.CharField(max_length=32, unique=True, editable=False)
    name_key = models.CharField(max_length=240, blank=True, editable=False)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        related_name="merged_from",
        null=True,
        blank=True,
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        indexes = [
            models.Index(fields=["last_name", "first_name"], name="registry_person_name"),
            models.Index(fields=["name_key", "date_of_birth"], name="registry_person_name_key"),
        ]
        constraints = [
            # One person per BSN: two registrations of a new BSN at the same moment cannot
            # both create a person (the second waits, fails and finds the first one).
            models.UniqueConstraint(
                fields=["bsn_digest"],
                condition=~models.Q(bsn_digest=""),
                name="registry_person_bsn_once",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.prefix, self.last_name) if part)


class PersonAddress(models.Model):
    """Where a person lived when: the address history."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="addresses")
    address = models.ForeignKey(Address, on_delete=models.PROTECT, related_name="residents")
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["-since"]
        verbose_name = _("address of a person")
        verbose_name_plural = _("addresses of persons")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(until__isnull=True) | models.Q(until__gte=models.F("since")),
                name="registry_personaddress_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.address_id} from {self.since}"


class RelationKind(models.TextChoices):
    HOUSEHOLD = "household", _("household")
    FAMILY = "family", _("family")
    NETWORK = "network", _("network")


class Relation(models.Model):
    """A relation between two persons; stored once, read in both directions."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relations_out")
    other = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relations_in")
    kind = models.CharField(_("kind"), max_length=16, choices=RelationKind.choices)
    description = models.CharField(_("description"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("relation")
        verbose_name_plural = _("relations")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "other", "kind"], name="registry_relation_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(person=models.F("other")), name="registry_relation_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.kind} {self.other_id}"


class MergeStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    UNDONE = "undone", _("undone")
    CONFIRMED = "confirmed", _("confirmed")


class PersonMerge(models.Model):
    """Two records of one person made one by the process director: reversible until confirmed.

    ``moved`` keeps exactly what the merge moved from ``absorbed`` to ``survivor`` (ids only):
    ``{"cases": [...], "addresses": [...], "relations_out": [...], "relations_in": [...],
    "bsn": bool, "date_of_birth": bool}``; undoing moves exactly that back.
    """

    survivor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_kept")
    absorbed = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_gone")
    status = models.CharField(
        _("status"), max_length=16, choices=MergeStatus.choices, default=MergeStatus.PENDING
    )
    moved = models.JSONField(default=dict, editable=False)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    merged_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-merged_at", "-id"]
        verbose_name = _("merge of persons")
        verbose_name_plural = _("merges of persons")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(survivor=models.F("absorbed")), name="registry_merge_two"
            ),
            # A record is merged away at most once at a time (an undone merge does not count).
            models.UniqueConstraint(
                fields=["absorbed"],
                condition=~models.Q(status="undone"),
                name="registry_merge_absorbed_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.absorbed_id} -> {self.survivor_id} ({self.status})"

    @property
    def is_pending(self) -> bool:
        return self.status == MergeStatus.PENDING
