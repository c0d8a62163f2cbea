# SPDX-License-Identifier: EUPL-1.2
"""Why an area is in its class: one plain sentence, and on request how it was calculated (vectorised).

The sentence is for a wijkmanager: what happened to the share of vulnerable residents (start and
end value), what happened to the Leefbaarometer score for nuisance and insecurity, and how the
reference developed over the same years. The thresholds are left to the calculation text (the
page's "hoe is dit berekend?").

No number contradicts its category: every number is shown with the preset's decimals, or with as
many more as it takes for the shown numbers themselves to land in the category they explain
(24,0% to 25,0% is "about equal" at a threshold of 1,0; if the real change was 1,04 the sentence
shows 24,01% and 25,05%). Changes are the differences of the shown values, so a reader can redo
the sums. Where a number was withheld (small numbers), the sentence says so in words.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .categories import development_category, nuisance_level_category, tidy, vulnerable_category
from .explanation_words import MOVED, WORDS
from .lazy_text import Text, choose, evaluate, join, number, pick
from .number_text import (
    MINUS,
    consistent_decimals,
    decimals_of,
    format_numbers,
    numbers_text,
    rounded,
)
from .preset import CATEGORIES, Preset

__all__ = ["MINUS", "consistent_decimals", "decimals_of", "explain_frame", "format_numbers", "rounded"]


def _codes(frame: pd.DataFrame, column: str, factor: str) -> np.ndarray:
    return np.asarray(pd.Index(CATEGORIES[factor]).get_indexer(frame[column].astype(object)), dtype=np.int64)


def _column(frame: pd.DataFrame, column: str) -> np.ndarray:
    if column not in frame:
        return np.full(len(frame), np.nan)
    return frame[column].to_numpy(dtype=np.float64, na_value=np.nan)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _constant(value: float, decimals: int, language: str) -> str:
    return str(numbers_text(np.array([value]), decimals_of(value, decimals), language)[0])


def _around(template: str, value: Text) -> tuple[Text, ...]:
    """Split a template at its ``{x}`` so a per-row text can go in its place."""
    before, _, after = template.partition("{x}")
    return before, value, after


def _between(template: str, low: Text, high: Text) -> tuple[Text, ...]:
    """Fill ``{low}`` and ``{high}`` of a template with texts."""
    first, _, rest = template.partition("{low}")
    middle, _, last = rest.partition("{high}")
    return first, low, middle, high, last


def explain_frame(
    frame: pd.DataFrame,
    preset: Preset,
    reference: tuple[str, str],
    language: str,
    *,
    withheld_vulnerable: np.ndarray | None = None,
    withheld_nuisance: np.ndarray | None = None,
    few_residents: np.ndarray | None = None,
) -> tuple[pd.Series, pd.Series]:
    """The sentence and the calculation for every row of a classes frame, in ``language``.

    ``frame`` has the columns that :func:`veerkracht.monitor.classify` writes (numbers and
    category names); ``reference`` is the reference's Dutch and English name. Rows whose numbers
    were blanked for privacy are marked by ``withheld_vulnerable`` / ``withheld_nuisance``, with
    ``few_residents`` saying where too few residents (rather than a missing figure) left the
    vulnerable residents unknown.

    Examples
    --------
    >>> from veerkracht.monitor import load_preset
    >>> frame = pd.DataFrame({"period_start": [2014], "period_end": [2018],
    ...     "vulnerable_start": [23.7], "vulnerable_end": [30.0], "residents_start": [900],
    ...     "residents_end": [950], "nuisance_start": [-0.09], "nuisance_end": [-0.12],
    ...     "reference_change": [0.01], "vulnerable_category": ["increase"],
    ...     "nuisance_level_category": ["much"], "nuisance_development_category": ["worsening"]})
    >>> sentence, calculation = explain_frame(frame, load_preset(), ("Nederland", "the Netherlands"), "nl")
    >>> print(sentence[0])  # doctest: +NORMALIZE_WHITESPACE
    Het aandeel kwetsbare bewoners steeg van 23,7% in 2014 naar 30,0% in 2018 (+6,3 procentpunt),
    en de Leefbaarometer-score voor overlast en onveiligheid verslechterde van −0,09 naar −0,12
    (veel overlast), terwijl die in Nederland in dezelfde jaren met 0,01 verbeterde: een slechtere
    ontwikkeling dan in Nederland.
    """
    n = len(frame)
    if n == 0:
        empty = pd.Series([], dtype="str")
        return empty, empty.copy()
    w = WORDS[language]
    th = preset.thresholds
    vr, nu = preset.vulnerable, preset.nuisance

    def text(t: Any) -> str:
        return str(getattr(t, language))

    p0, p1 = str(int(frame["period_start"].iloc[0])), str(int(frame["period_end"].iloc[0]))
    ref = reference[0 if language == "nl" else 1]
    v = _codes(frame, "vulnerable_category", "vulnerable_change")
    lv = _codes(frame, "nuisance_level_category", "nuisance_level")
    dv = _codes(frame, "nuisance_development_category", "nuisance_development")
    vs, ve = _column(frame, "vulnerable_start"), _column(frame, "vulnerable_end")
    residents = np.fmin(_column(frame, "residents_start"), _column(frame, "residents_end"))
    ns, ne = _column(frame, "nuisance_start"), _column(frame, "nuisance_end")
    rc = _column(frame, "reference_change")
    many = np.full(n, np.inf)

    # Whether nuisance and insecurity decide the class at all after this change in vulnerable
    # residents (from the preset's table: after "about equal" or "decrease" they do not).
    nuisance_shown = np.array([len(np.unique(preset.table[a])) > 1 for a in range(4)])[v]

    # --- decimals that keep every shown number in its category ------------------------------
    v_numbers = np.isfinite(vs) & np.isfinite(ve)
    kv = consistent_decimals(
        vr.decimals,
        n,
        [(lambda d: vulnerable_category(rounded(ve, d) - rounded(vs, d), many, th), v, v_numbers & (v > 0))],
    )
    n_numbers = np.isfinite(ne)
    d_numbers = n_numbers & np.isfinite(ns) & np.isfinite(rc)
    kn = consistent_decimals(
        nu.decimals,
        n,
        [
            (lambda d: nuisance_level_category(rounded(ne, d), th), lv, n_numbers & (lv > 0)),
            (
                lambda d: development_category(rounded(ne, d) - rounded(ns, d) - rounded(rc, d), th),
                dv,
                d_numbers & (dv > 0),
            ),
        ],
    )
    shown_change = tidy(rounded(ve, kv) - rounded(vs, kv))
    area_change = tidy(rounded(ne, kn) - rounded(ns, kn))
    ref_shown = tidy(rounded(rc, kn))
    shown_relative = tidy(area_change - ref_shown)

    no = np.zeros(n, dtype=bool)
    withheld_v = ((v > 0) & ~v_numbers) | (no if withheld_vulnerable is None else withheld_vulnerable)
    withheld_n = (no if withheld_nuisance is None else withheld_nuisance) | ((lv > 0) & ~n_numbers)
    few = np.isfinite(residents) & (residents < th.minimum_residents)
    if few_residents is not None:
        few = few | few_residents
    few_withheld = (v == 0) & few & ~np.isfinite(residents)
    words = {f: [text(preset.category_labels[f][c]) for c in CATEGORIES[f]] for f in CATEGORIES}
    minimum = f"{th.minimum_residents:.0f}"

    # --- the sentence: vulnerable residents ----------------------------------------------------
    suffix = "%" if vr.method == "share" else ""
    subject = _capitalised(text(vr.subject) if vr.subject else text(vr.label))
    start_text = join(number(vs, kv, language), suffix)
    end_text = join(number(ve, kv, language), suffix)
    change_text = join(number(shown_change, kv, language, sign=True), f" {text(vr.unit)}")
    moved = join(
        f"{subject} ",
        pick(["", w["fell"], "", w["rose"]], v),
        " ",
        start_text,
        f" {w['in']} {p0} {w['to']} ",
        end_text,
        f" {w['in']} {p1} (",
        change_text,
        ")",
    )
    steady = join(
        f"{subject} {w['equal']} ",
        start_text,
        f" {w['in']} {p0} {w['and']} ",
        end_text,
        f" {w['in']} {p1} (",
        change_text,
        ")",
    )
    v_part = choose(
        [
            (few_withheld, f"{w['few']} ({w['fewer_than'].format(min=minimum)})"),
            (
                (v == 0) & few,
                join(
                    f"{w['few']} (",
                    number(residents, 0, language),
                    f" {w['residents']}; ",
                    w["at_least"].format(min=minimum),
                    ")",
                ),
            ),
            ((v == 0) & withheld_v, f"{subject} {w['unknown']} ({w['withheld']})"),
            (withheld_v, join(f"{subject} ", pick(MOVED[language], v), f" ({w['withheld']})")),
            (
                (v == 0) & ~np.isfinite(vs) & ~np.isfinite(ve),
                f"{subject} {w['missing_both'].format(p0=p0, p1=p1)}",
            ),
            ((v == 0) & ~np.isfinite(vs), f"{subject} {w['missing_one'].format(p=p0)}"),
            ((v == 0) & ~np.isfinite(ve), f"{subject} {w['missing_one'].format(p=p1)}"),
            (v == 2, steady),
        ],
        moved,
    )

    # --- the sentence: nuisance and insecurity ------------------------------------------------
    nsubject = text(nu.subject) if nu.subject else text(nu.label)
    sign = 1.0 if th.higher_is_better else -1.0
    ns_text, ne_text = number(ns, kn, language), number(ne, kn, language)
    level_words = pick(words["nuisance_level"], lv)
    development_words = pick(words["nuisance_development"], dv)
    area_phrase = choose(
        [
            (sign * area_change > 0, join(f"{w['improved']} ", ns_text, f" {w['to']} ", ne_text)),
            (sign * area_change < 0, join(f"{w['worsened']} ", ns_text, f" {w['to']} ", ne_text)),
        ],
        join(f"{w['stayed']} ", ne_text),
    )
    ref_amount = number(np.abs(ref_shown), kn, language)
    ref_phrase = choose(
        [
            (sign * ref_shown > 0, join(*_around(w["ref_improved"], ref_amount))),
            (sign * ref_shown < 0, join(*_around(w["ref_worsened"], ref_amount))),
        ],
        w["ref_stayed"],
    )
    conclusions = ["", w["better"].format(ref=ref), w["same"].format(ref=ref), w["worse"].format(ref=ref)]
    full = join(
        f"{nsubject} ",
        area_phrase,
        " (",
        level_words,
        f"), {w['while'].format(ref=ref)} ",
        ref_phrase,
        ": ",
        pick(conclusions, dv),
    )
    level_only = join(f"{nsubject} {w['was']} ", ne_text, f" {w['in']} {p1} (", level_words, "), ")
    n_part = choose(
        [
            (
                (lv > 0) & withheld_n,
                join(f"{nsubject}: ", level_words, ", ", development_words, f" ({w['withheld']})"),
            ),
            (lv == 0, f"{nsubject} {w['missing_one'].format(p=p1)}"),
            ((dv == 0) & ~np.isfinite(ns), join(level_only, w["but_start"].format(p0=p0))),
            (dv == 0, join(level_only, w["but_reference"].format(ref=ref))),
        ],
        full,
    )
    sentence = choose([(nuisance_shown, join(v_part, w["joiner"], n_part, "."))], join(v_part, "."))

    # --- the calculation ("hoe is dit berekend?") ----------------------------------------------
    high = _constant(th.vulnerable_increase_above, vr.decimals, language)
    low = _constant(th.vulnerable_decrease_below, vr.decimals, language)
    label = text(vr.label)
    because = f", {w['because']} "
    vw = words["vulnerable_change"]
    v_calc = choose(
        [
            (few_withheld, f"{label}: {vw[0]}{because}{w['fewer_than'].format(min=minimum)}."),
            (withheld_v, join(f"{label}: ", pick(vw, v), f" ({w['withheld_short']}).")),
            (
                (v == 0) & few,
                join(
                    f"{label}: {vw[0]}{because}",
                    number(residents, 0, language),
                    f" {w['residents']} {w['below_minimum']} {minimum}.",
                ),
            ),
            (v == 0, f"{label}: {vw[0]}{because}{w['no_change']}."),
            (v == 3, join(f"{label}: {vw[3]}{because}", change_text, f" {w['more_than']} {high}.")),
            (v == 1, join(f"{label}: {vw[1]}{because}", change_text, f" {w['less_than']} {low}.")),
        ],
        join(f"{label}: {vw[2]}{because}", change_text, " ", *_between(w["between"], low, high), "."),
    )
    much = _constant(th.nuisance_much, nu.decimals, language)
    some = _constant(th.nuisance_some, nu.decimals, language)
    worse_side, better_side = (
        (w["lower"], w["or_higher"]) if th.higher_is_better else (w["higher"], w["or_lower"])
    )
    nlabel = _capitalised(text(nu.label))
    l_calc = choose(
        [
            ((lv > 0) & withheld_n, join(f"{nlabel}: ", level_words, f" ({w['withheld_short']}).")),
            (lv == 0, f"{nlabel}: {words['nuisance_level'][0]}{because}{w['missing_end'].format(p1=p1)}."),
            (lv == 3, join(f"{nlabel}: ", level_words, because, ne_text, f" {worse_side} {much}.")),
            (
                lv == 2,
                join(
                    f"{nlabel}: ",
                    level_words,
                    because,
                    ne_text,
                    " ",
                    *_between(w["from_to"], much, some),
                    ".",
                ),
            ),
        ],
        join(f"{nlabel}: ", level_words, because, ne_text, " ", *_around(better_side, some), "."),
    )
    band = _constant(th.development_dead_band, nu.decimals, language)
    lead = w["development"].format(ref=ref)
    arithmetic = join(
        number(area_change, kn, language, sign=True),
        f" {w['minus']} ",
        number(ref_shown, kn, language, sign=True),
        f" {w['is']} ",
        number(shown_relative, kn, language, sign=True),
        ", ",
    )
    goodness = sign * shown_relative
    d_calc = choose(
        [
            (
                (dv > 0) & (~d_numbers | withheld_n),
                join(f"{lead}: ", development_words, f" ({w['withheld_short']})."),
            ),
            (dv == 0, f"{lead}: {words['nuisance_development'][0]}{because}{w['a_figure_missing']}."),
            (
                goodness > th.development_dead_band,
                join(f"{lead}: ", development_words, because, arithmetic, f"{w['above_band']} +{band}."),
            ),
            (
                goodness < -th.development_dead_band,
                join(
                    f"{lead}: ", development_words, because, arithmetic, f"{w['below_band']} {MINUS}{band}."
                ),
            ),
        ],
        join(f"{lead}: ", development_words, because, arithmetic, f"{w['within_band']} ±{band}."),
    )
    calculation = choose(
        [(v == 0, v_calc), (nuisance_shown, join(v_calc, " ", l_calc, " ", d_calc))],
        join(v_calc, f" {w['not_counted']}"),
    )
    rows = np.arange(n)
    return (
        pd.Series(pd.array(evaluate(sentence, rows), dtype="str"), index=frame.index),
        pd.Series(pd.array(evaluate(calculation, rows), dtype="str"), index=frame.index),
    )
