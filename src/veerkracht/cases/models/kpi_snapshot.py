# SPDX-License-Identifier: EUPL-1.2
"""An organisation's KPIs, computed ahead: what the KPI dashboard reads (ADR 0026).

Computing the KPIs from the rows takes seconds at 100,000 dossiers, so a background task writes them
here after changes and every night; the dashboard reads one organisation's rows of one year. The rows
are already suppressed (``queries.kpis``): a suppressed cell has no value.
"""

from __future__ import annotations

from django.db import models

from veerkracht.core.models import Organisation


class KpiSnapshot(models.Model):
    """One suppressed KPI of one organisation, area and year, and when it was computed."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    area_code = models.CharField(max_length=40)
    level = models.CharField(max_length=20)
    indicator = models.CharField(max_length=80)
    value = models.FloatField(null=True, blank=True)
    suppressed = models.BooleanField(default=False)
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "area_code", "indicator"], name="kpi_snapshot_cell"
            )
        ]
        indexes = [models.Index(fields=["organisation", "year", "level"], name="kpi_snapshot_read")]

    def __str__(self) -> str:
        return f"{self.indicator} {self.area_code} {self.year}"
