# SPDX-License-Identifier: EUPL-1.2
"""WMO support per buurt and year: clients per service, following need except where the plan says not.

Begeleiding follows mainly residents with a mild intellectual disability or psychiatric problems,
huishoudelijke hulp mainly the somatic and mobility group (mostly elderly), woonvoorzieningen both
(seed 001, Kaart 2-5 to 2-7). A few buurten get several times more or less than that need predicts.
"""

import numpy as np
import numpy.typing as npt

from .setting import Setting
from .stories import StoryPlan
from .vulnerability import Vulnerability

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
SERVICES = ("begeleiding", "huishoudelijke_hulp", "woonvoorziening")


def expected_need(
    setting: Setting, vulnerability: Vulnerability, inhabitants: npt.NDArray[np.integer]
) -> dict[str, FloatArray]:
    """Return the (units, years) number of clients per service that need alone predicts."""

    def unit_sum(panel: npt.ArrayLike) -> FloatArray:
        return setting.unit_sum_by_year(panel)

    groups = {name: unit_sum(values) for name, values in vulnerability.groups.items()}
    people = unit_sum(inhabitants)
    vulnerable = unit_sum(vulnerability.total)
    growth = (1.0 + 0.03 * (setting.years - setting.years[0]))[None, :]
    return {
        "begeleiding": (
            0.22 * (groups["lvb"] + groups["psychiatrie"])
            + 0.05 * (groups["vluchtelingen"] + groups["geen_werk"])
            + 0.004 * people
        )
        * growth,
        "huishoudelijke_hulp": 0.30 * groups["somatiek_mobiliteit"] + 0.010 * people,
        "woonvoorziening": 0.10 * groups["somatiek_mobiliteit"] + 0.02 * vulnerable + 0.003 * people,
    }


def simulate_wmo(
    setting: Setting, vulnerability: Vulnerability, inhabitants: npt.NDArray[np.integer], plan: StoryPlan
) -> dict[str, IntArray]:
    """Return (units, years) integer clients per WMO service."""
    rng = setting.rng
    need = expected_need(setting, vulnerability, inhabitants)
    clients = {}
    for service in SERVICES:
        local = rng.lognormal(0.0, 0.1, setting.n_units)[:, None] * rng.lognormal(
            0.0, 0.03, need[service].shape
        )
        factor = (
            plan.wmo_factor[:, None]
            if service != "huishoudelijke_hulp"
            else np.sqrt(plan.wmo_factor)[:, None]
        )
        offset = rng.uniform(size=setting.n_units)[:, None]
        clients[service] = np.floor(need[service] * local * factor + offset).astype(np.int64)
    return clients
