# SPDX-License-Identifier: EUPL-1.2
"""Areas with CBS codes, their validity in years, geometry in RD New, and the imports they came from."""

import shapely
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AreaLevel(models.TextChoices):
    """The levels an area can have, with their Dutch names (codes from ``veerkracht.geo.levels``)."""

    LAND = "land", _("Nederland")
    GEMEENTE = "gemeente", _("Gemeente")
    RAYON = "rayon", _("Rayon")
    WIJK = "wijk", _("Wijk")
    BUURT = "buurt", _("Buurt")
    COMPLEX = "complex", _("Complex")


class AreaImport(models.Model):
    """One run of an area importer: what file, which hash, how many rows, and how it ended."""

    class Status(models.TextChoices):
        SUCCEEDED = "succeeded", _("geslaagd")
        FAILED = "failed", _("mislukt")

    source_name = models.CharField(max_length=500)
    source_sha256 = models.CharField(max_length=64)
    source_format = models.CharField(max_length=40)
    year = models.PositiveSmallIntegerField()
    rows = models.PositiveIntegerField(default=0)
    areas_created = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=16, choices=Status.choices)
    error = models.TextField(blank=True)
    synthetic = models.BooleanField(default=False)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.source_name} ({self.year}, {self.status})"


class Area(models.Model):
    """One version of an area: a CBS code with the geometry valid from a year until the next version."""

    code = models.CharField(_("code"), max_length=20, db_index=True)
    name = models.CharField(_("naam"), max_length=200)
    level = models.CharField(_("niveau"), max_length=16, choices=AreaLevel.choices, db_index=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # The gemeente an area lies in (itself for a gemeente), for per-city queries and validity.
    gemeente_code = models.CharField(max_length=6, db_index=True)
    valid_from = models.PositiveSmallIntegerField(_("geldig vanaf"))
    # Derived: the year before the next version of the same code starts; null while current.
    valid_to = models.PositiveSmallIntegerField(_("geldig tot en met"), null=True, blank=True)
    # Geometry in RD New (EPSG:28992) as WKB; the map gets a simplified WGS84 GeoJSON copy.
    geometry_wkb = models.BinaryField()
    map_geojson = models.TextField(blank=True)
    # Bounding box in RD New for quick filtering; null when the source has no usable geometry.
    min_x = models.FloatField(null=True, blank=True)
    min_y = models.FloatField(null=True, blank=True)
    max_x = models.FloatField(null=True, blank=True)
    max_y = models.FloatField(null=True, blank=True)
    area_m2 = models.FloatField()  # 0 for areas whose geometry a coarse source collapsed
    synthetic = models.BooleanField(default=False)
    source = models.ForeignKey(
        AreaImport, null=True, blank=True, on_delete=models.PROTECT, related_name="areas"
    )
    # Set by every write (bulk updates skip auto_now), so caches of maps and lookups know when to refresh.
    changed_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="unique_area_version"),
        ]
        indexes = [models.Index(fields=["level", "valid_from"])]
        ordering = ["code", "valid_from"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def geometry(self) -> shapely.Geometry:
        """The geometry in RD New."""
        return shapely.from_wkb(bytes(self.geometry_wkb))


class AreaSetMembership(models.Model):
    """A member of a city-defined set, such as the buurten of a rayon."""

    area_set = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="set_members")
    member = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="in_sets")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["area_set", "member"], name="unique_area_set_member"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} in {self.area_set_id}"
