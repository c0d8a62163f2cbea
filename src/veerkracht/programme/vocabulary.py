# SPDX-License-Identifier: EUPL-1.2
"""The programme's code lists: rent segments, accessibility classes, interventions, phases (pure: no Django).

Where the housing corporations' data standard VERA names a thing, its code is given beside ours. The codes
come from VERA's reference data (Aedes-datastandaarden/vera-referentiedata, ``Referentiedata.csv`` at commit
92ae24c, June 2026):

- ``HUURKLASSE``: GOE (goedkoop: under the kwaliteitskortingsgrens), BET (betaalbaar: from the
  kwaliteitskortingsgrens to under the aftoppingsgrens "hoog", i.e. the second capping limit), DUU (duur: from
  the second capping limit to under the huurtoeslaggrens, which is the liberalisatiegrens), BOV (boven de
  huurtoeslaggrens). VERA does not split "betaalbaar" at the first capping limit; seed 003 does (betaalbaar I
  and II), so both of ours map to BET.
- ``MAATSCHAPPELIJKLABEL``: DAE (DAEB) and NDA (niet-DAEB).
- ``BATSCORE``: BAT1 to BAT5. Seed 003's table uses BAT 1 to 4 with older names (wandelstok, rollator,
  rolstoel, rolstoel+ "bewoonbaar"); we keep its names and VERA's codes.
- Interventions: ``INEXPLOITATIEREDEN`` NIE (nieuwbouw) and AAN (aankoop); ``UITEXPLOITATIEREDEN`` SLO
  (sloop), REN (renovatie) and VAH/VAB/VAO (verkoop aan huurder, belegger of overige; seed 003 does not say
  to whom).

>>> RENT_SEGMENTS[0], VERA_HUURKLASSE["betaalbaar_2"]
('goedkoop', 'BET')
>>> segments_at_or_below("betaalbaar_2")
('goedkoop', 'betaalbaar_1', 'betaalbaar_2')
"""

#: Rent segments from cheap to dear (seed 003, "Ontwikkeling van de aantallen zelfstandige DAEB woningen").
RENT_SEGMENTS: tuple[str, ...] = (
    "goedkoop",
    "betaalbaar_1",
    "betaalbaar_2",
    "tot_liberalisatiegrens",
    "boven_liberalisatiegrens",
)
RENT_SEGMENT_LABELS: dict[str, str] = {
    "goedkoop": "Goedkoop",
    "betaalbaar_1": "Betaalbaar I",
    "betaalbaar_2": "Betaalbaar II",
    "tot_liberalisatiegrens": "Huur tot de liberalisatiegrens",
    "boven_liberalisatiegrens": "Huur boven de liberalisatiegrens",
}
#: The upper rent limit of each segment, in words (the limit itself changes every year).
RENT_SEGMENT_LIMITS: dict[str, str] = {
    "goedkoop": "tot de kwaliteitskortingsgrens",
    "betaalbaar_1": "tot de eerste aftoppingsgrens",
    "betaalbaar_2": "tot de tweede aftoppingsgrens",
    "tot_liberalisatiegrens": "tot de liberalisatiegrens",
    "boven_liberalisatiegrens": "boven de liberalisatiegrens",
}
VERA_HUURKLASSE: dict[str, str] = {
    "goedkoop": "GOE",
    "betaalbaar_1": "BET",
    "betaalbaar_2": "BET",
    "tot_liberalisatiegrens": "DUU",
    "boven_liberalisatiegrens": "BOV",
}

#: Accessibility classes of dwellings, with seed 003's names; the codes are VERA's BATSCORE codes.
BAT_CLASSES: tuple[str, ...] = ("BAT1", "BAT2", "BAT3", "BAT4")
BAT_LABELS: dict[str, str] = {
    "BAT1": "BAT 1: wandelstok bewoonbaar",
    "BAT2": "BAT 2: rollator bewoonbaar",
    "BAT3": "BAT 3: rolstoel bewoonbaar",
    "BAT4": "BAT 4: rolstoel bewoonbaar+",
}

#: Physical interventions in the stock, with the VERA reason for a dwelling entering or leaving the stock.
INTERVENTION_KINDS: tuple[str, ...] = ("nieuwbouw", "sloop", "renovatie", "verkoop", "aankoop")
INTERVENTION_LABELS: dict[str, str] = {
    "nieuwbouw": "Nieuwbouw",
    "sloop": "Sloop",
    "renovatie": "Renovatie",
    "verkoop": "Verkoop",
    "aankoop": "Aankoop",
}
VERA_EXPLOITATIEREDEN: dict[str, str] = {
    "nieuwbouw": "INEXPLOITATIEREDEN.NIE",
    "sloop": "UITEXPLOITATIEREDEN.SLO",
    "renovatie": "UITEXPLOITATIEREDEN.REN",
    "verkoop": "UITEXPLOITATIEREDEN.VAH/VAB/VAO",
    "aankoop": "INEXPLOITATIEREDEN.AAN",
}

#: Phases of a bewonerskrachtenteam (seed 003 §6.2.1), in order.
TEAM_PHASES: tuple[str, ...] = ("0", "I", "II", "III")
TEAM_PHASE_LABELS: dict[str, str] = {
    "0": "Fase 0: opstarten",
    "I": "Fase I: signaleren",
    "II": "Fase II: activeren",
    "III": "Fase III: huismeester",
}

#: The phases in which the city placed its neighbourhoods (seed 003 §6.1).
PRIORITY_PHASES: tuple[str, ...] = ("afronden", "doorstarten", "anticiperen")
PRIORITY_PHASE_LABELS: dict[str, str] = {
    "afronden": "Afronden",
    "doorstarten": "(Door)starten",
    "anticiperen": "Anticiperen",
}


def segments_at_or_below(segment: str) -> tuple[str, ...]:
    """The rent segments up to and including ``segment``, cheapest first."""
    if segment not in RENT_SEGMENTS:
        raise ValueError(f"onbekend huursegment {segment!r}; verwacht een van {list(RENT_SEGMENTS)}")
    return RENT_SEGMENTS[: RENT_SEGMENTS.index(segment) + 1]
