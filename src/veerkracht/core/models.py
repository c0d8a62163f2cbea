# SPDX-License-Identifier: EUPL-1.2
"""The shared kernel's tables: organisations, people, memberships and the audit log."""

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    GEMEENTE = "gemeente", _("Gemeente")
    WONINGCORPORATIE = "woningcorporatie", _("Woningcorporatie")
    WELZIJN = "welzijn", _("Welzijnsorganisatie")
    ZORG = "zorg", _("Zorgorganisatie")
    POLITIE = "politie", _("Politie")
    HUURDERSVERENIGING = "huurdersvereniging", _("Huurdersvereniging")


class Organisation(models.Model):
    """A partner in the neighbourhood approach; every record with personal data belongs to one."""

    name = models.CharField(_("naam"), max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(_("soort"), max_length=32, choices=OrganisationKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who logs in; what they may do comes from their memberships."""

    class Meta:
        verbose_name = _("persoon")
        verbose_name_plural = _("personen")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class TeamKind(models.TextChoices):
    STAFF = "staff", _("Team van medewerkers")
    RESIDENT = "resident", _("Bewonersteam")


class Team(models.Model):
    """A team within an organisation ("Wijkbeheer Noord"), or a resident team (bewonerskrachten).

    Meldingen are routed to a team; a person belongs to a team through their membership.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(_("naam"), max_length=200)
    slug = models.SlugField(max_length=80)
    kind = models.CharField(_("soort"), max_length=16, choices=TeamKind.choices, default=TeamKind.STAFF)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="unique_team_slug"),
        ]
        ordering = ["organisation__name", "name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


class Membership(models.Model):
    """A person's role in an organisation, optionally in one of its teams; permissions from ``roles.yaml``."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("rol"), max_length=40)
    # The team this role is exercised in; a team of the same organisation (checked by the services).
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="memberships"
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="unique_membership_role"),
        ]
        ordering = ["organisation__name", "role"]

    def __str__(self) -> str:
        return f"{self.user} — {self.role} @ {self.organisation}"


class AuditEvent(models.Model):
    """One line of the append-only audit log; the database refuses updates and deletes.

    Each line carries a SHA-256 over its content and the hash of the line before it (``core/audit_chain.py``),
    so a line changed or removed behind the application's back breaks the chain: ``veerkracht audit verify``.
    """

    # Set before the insert (not auto_now_add) because the line's hash covers it.
    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    actor_label = models.CharField(max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=80, db_index=True)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=80, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    # Position in the chain: 1, 2, 3, ... without gaps.
    seq = models.BigIntegerField(unique=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return (
            f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type}:{self.object_id}"
        )

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AuditLogIsAppendOnly("audit events cannot be changed")
        if not self.hash:
            raise AuditLogIsAppendOnly("audit events are written through record_audit, which chains them")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditLogIsAppendOnly("audit events cannot be deleted")


class AuditLogIsAppendOnly(Exception):
    """Raised when code tries to change or remove an audit event."""


class LiberationDayChoice(models.TextChoices):
    """When Bevrijdingsdag (5 May) is a day off; the values are those of the pure calendar."""

    ALWAYS = "always", _("Elk jaar (zoals de Algemene termijnenwet telt)")
    LUSTRUM = (
        "lustrum",
        _("Alleen in lustrumjaren (2025, 2030, ...), zoals in veel collectieve arbeidsovereenkomsten"),
    )
    NEVER = "never", _("Nooit")


class OrganisationCalendar(models.Model):
    """An organisation's choices for its working-day calendar (deadlines of "within n working days")."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="calendar")
    good_friday = models.BooleanField(
        _("Goede Vrijdag vrij"),
        default=False,
        help_text=_(
            "De Algemene termijnenwet stelt Goede Vrijdag gelijk aan een feestdag, maar in de meeste "
            "collectieve arbeidsovereenkomsten is het een gewone werkdag. Kies wat voor uw organisatie geldt."
        ),
    )
    liberation_day = models.CharField(
        _("Bevrijdingsdag vrij"),
        max_length=16,
        choices=LiberationDayChoice.choices,
        default=LiberationDayChoice.LUSTRUM,
        help_text=_(
            "De Algemene termijnenwet telt 5 mei elk jaar als feestdag; veel collectieve "
            "arbeidsovereenkomsten geven alleen in lustrumjaren (elk vijfde jaar: 2025, 2030, ...) vrij. "
            "Kies wat voor uw organisatie geldt."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("werkdagenkalender")
        verbose_name_plural = _("werkdagenkalenders")

    def __str__(self) -> str:
        return f"{self.organisation}: Goede Vrijdag {self.good_friday}, Bevrijdingsdag {self.liberation_day}"


class ClosingDay(models.Model):
    """A day on which an organisation is closed (for instance between Christmas and New Year)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="closing_days")
    day = models.DateField(_("datum"))
    reason = models.CharField(_("reden"), max_length=200, help_text=_("Bijvoorbeeld: Kerstsluiting."))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "day"], name="unique_closing_day"),
        ]
        ordering = ["organisation__name", "day"]
        verbose_name = _("sluitingsdag")
        verbose_name_plural = _("sluitingsdagen")

    def __str__(self) -> str:
        return f"{self.organisation} {self.day:%Y-%m-%d}: {self.reason}"
