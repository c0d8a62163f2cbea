# SPDX-License-Identifier: EUPL-1.2
"""The 2021 study's other layers for a generated city: health, allocations, safety, crime, cohesion.

Seed 001 chapter II maps, besides vulnerable residents and the Leefbaarometer, the GGD health monitor
(Kaart 2-4), allocations of corporation dwellings (2-11, 2-13, 2-15), the Veiligheidsmonitor (2-19,
2-20), crime and social cohesion (2-21). The generator derives each per buurt and year from what it
simulated already, with the direction the study reports: buurten with more vulnerable residents and
more nuisance (a low Leefbaarometer onv) feel less healthy and less safe, report more crime and less
cohesion, and get more allocations to low incomes and special groups. Levels and spreads follow the
study's legends (61-80% feel healthy; 6-8 for safety; "in more than half of the buurten an
insufficient mark for cohesion"). Every value is synthetic.

Surveys come in their own years (the GGD monitor every four years, the Veiligheidsmonitor yearly
until 2017 and every two years after), police and corporation figures every year. Survey figures of
buurten with fewer than ``SURVEY_MINIMUM`` inhabitants are kept secret, as the sources do.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

#: Below this many inhabitants a survey has too few respondents for a buurt figure.
SURVEY_MINIMUM = 250
HEALTH_YEARS = (2012, 2016, 2020, 2022)
#: Crimes per 1,000 inhabitants by kind, near the national figures of the late 2010s.
CRIME_RATES = {
    "woninginbraak": 3.0,
    "inbraak_schuur_garage": 1.4,
    "zakkenrollerij": 1.5,
    "diefstal_uit_voertuig": 3.2,
    "diefstal_voertuig": 0.8,
    "diefstal_fiets_brommer": 5.0,
    "openlijk_geweld": 0.3,
    "bedreiging": 1.6,
    "mishandeling": 3.5,
    "straatroof": 0.2,
    "overval_woning": 0.03,
    "overval_bedrijf": 0.05,
}
#: Everything else the police registers (vandalism, fraud, drugs, ...), so the total is more than the kinds.
OTHER_CRIME_RATE = 24.0


@dataclass(frozen=True)
class StudyLayers:
    """One frame per layer, in the columns of the bundled mapping of the same name."""

    gezondheidsmonitor: pd.DataFrame
    toewijzingen: pd.DataFrame
    veiligheidsmonitor: pd.DataFrame
    politie_misdrijven: pd.DataFrame
    sociale_cohesie: pd.DataFrame


def veiligheidsmonitor_years(years: list[int]) -> list[int]:
    """Survey years of the Veiligheidsmonitor: yearly up to 2017, every two years after.

    >>> veiligheidsmonitor_years([2015, 2016, 2017, 2018, 2019, 2020, 2021])
    [2015, 2016, 2017, 2019, 2021]
    """
    return [year for year in years if year <= 2017 or year % 2 == 1]


def _pressure(buurten: pd.DataFrame) -> np.ndarray:
    """How much a buurt resembles the study's problem buurten, roughly -1.5 .. 2.5 (0 is typical)."""
    vulnerable = (buurten["vulnerable_share"].to_numpy(float) - 0.11) / 0.06
    nuisance = -(buurten["onv"].to_numpy(float) + 0.01) / 0.05
    low_income = (buurten["pct_low_income_households"].to_numpy(float) - 8.0) / 4.0
    pressure = 0.45 * vulnerable + 0.35 * nuisance + 0.2 * low_income
    return np.nan_to_num(np.clip(pressure, -2.0, 3.0))


def _noise(rng: np.random.Generator, codes: pd.Series, scale: float) -> np.ndarray:
    """A lasting buurt effect plus a small yearly wobble, so that survey years look like one place."""
    unique = pd.unique(codes)
    lasting = dict(zip(unique, rng.normal(0.0, scale, len(unique)), strict=True))
    return codes.map(lasting).to_numpy(float) + rng.normal(0.0, scale / 3, len(codes))


def _survey(
    buurten: pd.DataFrame, years: list[int], columns: dict[str, np.ndarray], decimals: int
) -> pd.DataFrame:
    rows = buurten["jaar"].isin(years).to_numpy()
    frame = pd.DataFrame(
        {"gebiedsniveau": "buurt", "gebiedscode": buurten["buurtcode"].to_numpy(), "jaar": buurten["jaar"]}
    )
    few = buurten["inhabitants"].to_numpy(float) < SURVEY_MINIMUM
    for name, values in columns.items():
        text = np.round(values, decimals).astype(str)
        frame[name] = np.where(few, "x", text)
    return frame.loc[rows].reset_index(drop=True)


def study_layers(buurt_values: pd.DataFrame, years: list[int], seed: int) -> StudyLayers:
    """Generate the study's other layers per buurt from a city's buurt values.

    Parameters
    ----------
    buurt_values : pandas.DataFrame
        ``City.buurt_values``: jaar, buurtcode, inhabitants, dwellings, corporation figures,
        vulnerable_share, pct_low_income_households, onv and soc per buurt and year.
    years : list of int
        The city's years; each layer keeps its own survey years among them.
    seed : int
        Same seed, same layers.
    """
    rng = np.random.default_rng(np.random.SeedSequence([seed, 2021]))
    b = buurt_values.sort_values(["jaar", "buurtcode"], ignore_index=True)
    codes = b["buurtcode"]
    pressure = _pressure(b)
    people = b["inhabitants"].to_numpy(float)
    social = b["soc"].to_numpy(float)
    health = {
        "ervaren_gezondheid_goed_pct": np.clip(76 - 6.5 * pressure + _noise(rng, codes, 2.5), 45, 92),
        "hoog_risico_angst_depressie_pct": np.clip(6 + 2.4 * pressure + _noise(rng, codes, 1.0), 1, 25),
        "ernstig_eenzaam_pct": np.clip(10 + 2.6 * pressure + _noise(rng, codes, 1.2), 2, 30),
    }
    survey_years = veiligheidsmonitor_years(years)
    safety = {
        "onveilig_weleens_pct": np.clip(28 + 7 * pressure + _noise(rng, codes, 3.0), 5, 60),
        "onveilig_vaak_pct": np.clip(3 + 1.6 * pressure + _noise(rng, codes, 0.7), 0.5, 15),
        "rapportcijfer_veiligheid": np.clip(7.3 - 0.35 * pressure + _noise(rng, codes, 0.15), 5.5, 8.5),
        "rapportcijfer_leefbaarheid": np.clip(7.5 - 0.4 * pressure + _noise(rng, codes, 0.15), 5.5, 8.6),
        "sociale_overlast_pct": np.clip(50 + 10 * pressure + _noise(rng, codes, 5.0), 15, 90),
    }
    cohesion = np.clip(4.8 - 0.45 * pressure + 12 * social + _noise(rng, codes, 0.2), 3.5, 7.8)
    # Allocations: turnover of corporation dwellings; the cheap buurten with many vulnerable residents
    # take more of the lowest incomes and of the special groups (seed 001, Kaart 2-13 and 2-15).
    corporation = b["corporation_dwellings"].to_numpy(float)
    allocations = rng.poisson(np.maximum(corporation, 0) * 0.07)
    dear = b["corporation_boven_liberalisatiegrens"].to_numpy(float) + b[
        "corporation_tot_liberalisatiegrens"
    ].to_numpy(float)
    dear_share = np.divide(dear, corporation, out=np.zeros_like(dear), where=corporation > 0)
    low_share = np.clip(0.45 + 0.08 * pressure - 0.3 * dear_share, 0.1, 0.85)
    high_share = np.clip(0.06 + 0.35 * dear_share - 0.02 * pressure, 0.0, 0.5)
    to_low = rng.binomial(allocations, low_share)
    to_high = rng.binomial(allocations - to_low, np.clip(high_share / (1 - low_share), 0, 1))
    urgent = rng.binomial(allocations, np.clip(0.08 + 0.015 * pressure, 0.02, 0.2))
    special = rng.binomial(allocations, np.clip(0.03 + 0.015 * pressure, 0.0, 0.12))
    allocation = pd.DataFrame(
        {
            "gebiedsniveau": "buurt",
            "gebiedscode": codes.to_numpy(),
            "jaar": b["jaar"].to_numpy(),
            "toewijzingen": allocations,
            "tot_bijstandsniveau": to_low,
            "boven_huurtoeslaggrens": to_high,
            "urgent": urgent,
            "bijzondere_doelgroepen": special,
        }
    )
    crime = pd.DataFrame({"gebiedsniveau": "buurt", "gebiedscode": codes.to_numpy(), "jaar": b["jaar"]})
    factor = np.exp(0.35 * pressure) * people / 1000
    kinds = {kind: rng.poisson(rate * factor) for kind, rate in CRIME_RATES.items()}
    crime["totaal"] = sum(kinds.values()) + rng.poisson(OTHER_CRIME_RATE * factor)
    for kind, counts in kinds.items():
        crime[kind] = counts
    return StudyLayers(
        gezondheidsmonitor=_survey(b, [y for y in HEALTH_YEARS if y in years], health, 1),
        toewijzingen=allocation,
        veiligheidsmonitor=_survey(b, survey_years, safety, 1),
        politie_misdrijven=crime,
        sociale_cohesie=_survey(b, survey_years, {"sociale_cohesie": cohesion}, 1),
    )
