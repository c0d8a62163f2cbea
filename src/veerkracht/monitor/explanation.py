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
import pyarrow as pa
import pyarrow.compute as pc

from .categories import development_category, nuisance_level_category, tidy, vulnerable_category
from .preset import CATEGORIES, Preset

MINUS = "\u2212"
#: How many decimals beyond the preset's a number may get to stay in its category.
EXTRA_DECIMALS = 9
Strings = Any  # a pyarrow string array or a plain str (broadcast)


def _join(*parts: Strings) -> pa.Array:
    return pc.binary_join_element_wise(*parts, "")


def _fixed(values: np.ndarray, decimals: int, language: str, sign: bool) -> pa.Array:
    finite = np.isfinite(values)
    scaled = np.rint(np.abs(np.where(finite, values, 0.0)) * 10**decimals).astype(np.int64)
    text = pc.cast(pa.array(scaled // 10**decimals), pa.string())
    if decimals > 0:
        fraction = pc.utf8_lpad(
            pc.cast(pa.array(scaled % 10**decimals), pa.string()), width=decimals, padding="0"
        )
        text = _join(text, "," if language == "nl" else ".", fraction)
    negative = (values < 0) & (scaled > 0)
    positive = (values > 0) & (scaled > 0) & sign
    prefix = pa.array(np.where(negative, MINUS, np.where(positive, "+", "")))
    return pc.if_else(pa.array(finite), _join(prefix, text), "?")


def _numbers(values: np.ndarray, decimals: Any, language: str, *, sign: bool = False) -> pa.Array:
    values = np.asarray(values, dtype=np.float64)
    per_row = np.broadcast_to(np.asarray(decimals, dtype=np.int64), values.shape)
    out = pa.array(np.full(len(values), "?", dtype=object), pa.string())
    for d in np.unique(per_row):
        out = pc.if_else(pa.array(per_row == d), _fixed(values, int(d), language, sign), out)
    return out


def format_numbers(values: np.ndarray, decimals: Any, language: str, *, sign: bool = False) -> pd.Series:
    """Format numbers the Dutch (decimal comma) or English way, without a Python loop per value.

    ``decimals`` is one number or one per value. National grids produce hundreds of thousands of
    explanations; integer arithmetic and Arrow string kernels keep that well under a second.

    Examples
    --------
    >>> format_numbers(np.array([3.44, -0.12, 0.0, np.nan]), 1, "nl", sign=True).tolist()
    ['+3,4', '−0,1', '0,0', '?']
    >>> format_numbers(np.array([1234.5, 0.0051]), [2, 4], "en").tolist()
    ['1234.50', '0.0051']
    """
    return pd.Series(pd.array(_numbers(values, decimals, language, sign=sign), dtype="str"))


def rounded(values: np.ndarray, decimals: Any) -> np.ndarray:
    """Round half to even exactly as :func:`format_numbers` shows the value.

    >>> rounded(np.array([0.0051, -1.25]), [2, 1]).tolist()
    [0.01, -1.2]
    """
    values = np.asarray(values, dtype=np.float64)
    scale = 10.0 ** np.asarray(decimals, dtype=np.float64)
    return np.sign(values) * np.rint(np.abs(values) * scale) / scale


def decimals_of(value: float, at_least: int) -> int:
    """The fewest decimals (at least ``at_least``) that show ``value`` exactly.

    >>> decimals_of(0.005, 2), decimals_of(-0.08, 1), decimals_of(1.0, 1)
    (3, 2, 1)
    """
    for d in range(at_least, at_least + EXTRA_DECIMALS):
        if abs(round(value, d) - value) < 1e-12:
            return d
    return at_least + EXTRA_DECIMALS


def consistent_decimals(base: int, n: int, checks: list[tuple[Any, np.ndarray, np.ndarray]]) -> np.ndarray:
    """Per row the fewest decimals (at least ``base``) at which every check holds.

    A check is ``(categories_at(decimals), expected_codes, applies)``: the categories that the
    numbers rounded to ``decimals`` fall in must equal the expected ones where ``applies``.

    >>> from veerkracht.monitor import load_preset
    >>> th = load_preset().thresholds
    >>> change = np.array([1.04, 3.0, 1.0004])
    >>> at = lambda d: vulnerable_category(rounded(change, d), np.full(3, 100.0), th)
    >>> consistent_decimals(1, 3, [(at, np.array([3, 3, 3]), np.ones(3, dtype=bool))]).tolist()
    [2, 1, 4]
    """
    chosen = np.full(n, base + EXTRA_DECIMALS, dtype=np.int64)
    undecided = np.ones(n, dtype=bool)
    for decimals in range(base, base + EXTRA_DECIMALS + 1):
        ok = np.ones(n, dtype=bool)
        for categories_at, expected, applies in checks:
            ok &= ~applies | (categories_at(decimals) == expected)
        chosen[undecided & ok] = decimals
        undecided &= ~ok
        if not undecided.any():
            break
    return chosen


def _pick(labels: list[str], codes: np.ndarray) -> pa.Array:
    return pa.array(labels, type=pa.string()).take(pa.array(np.asarray(codes, dtype=np.int64)))


def _choose(mask_options: list[tuple[np.ndarray, Strings]], default: Strings, n: int) -> pa.Array:
    out = (
        default if isinstance(default, pa.Array) else pa.array(np.full(n, default, dtype=object), pa.string())
    )
    for mask, text in reversed(mask_options):
        out = pc.if_else(pa.array(np.asarray(mask, dtype=bool)), text, out)
    return out


_WORDS = {
    "nl": {
        "rose": "steeg van",
        "fell": "daalde van",
        "to": "naar",
        "in": "in",
        "equal": "bleef ongeveer gelijk:",
        "and": "en",
        "few": "Er wonen te weinig mensen voor een betrouwbaar cijfer",
        "residents": "bewoners",
        "at_least": "minimaal {min} nodig",
        "fewer_than": "minder dan {min} bewoners",
        "missing_both": "ontbreekt voor {p0} en {p1}",
        "missing_one": "van {p} ontbreekt",
        "withheld": "de cijfers zijn afgeschermd wegens kleine aantallen",
        "improved": "verbeterde van",
        "worsened": "verslechterde van",
        "stayed": "bleef gelijk op",
        "while": "terwijl die in {ref} in dezelfde jaren",
        "ref_improved": "met {x} verbeterde",
        "ref_worsened": "met {x} verslechterde",
        "ref_stayed": "gelijk bleef",
        "better": "een betere ontwikkeling dan in {ref}",
        "same": "ongeveer dezelfde ontwikkeling als in {ref}",
        "worse": "een slechtere ontwikkeling dan in {ref}",
        "was": "was",
        "but_start": "maar die van {p0} ontbreekt",
        "but_reference": "maar de ontwikkeling in {ref} is onbekend",
        "joiner": ", en ",
        "because": "want",
        "more_than": "is meer dan de drempel van",
        "less_than": "is minder dan de drempel van",
        "between": "ligt tussen {low} en {high} (de grenzen tellen mee)",
        "below_minimum": "is minder dan het minimum van",
        "no_change": "zonder de cijfers van beide jaren is er geen verandering",
        "lower": "is lager dan",
        "higher": "is hoger dan",
        "from_to": "ligt tussen {low} (telt mee) en {high}",
        "or_higher": "is {x} of hoger",
        "or_lower": "is {x} of lager",
        "missing_end": "het cijfer van {p1} ontbreekt",
        "development": "Ontwikkeling ten opzichte van {ref}",
        "minus": "min",
        "is": "is",
        "above_band": "meer dan",
        "below_band": "minder dan",
        "within_band": "binnen de marge van",
        "a_figure_missing": "een cijfer ontbreekt",
        "not_counted": "Overlast en onveiligheid tellen voor deze klasse niet mee.",
        "withheld_short": "cijfers afgeschermd",
        "unknown": "is onbekend",
    },
    "en": {
        "rose": "rose from",
        "fell": "fell from",
        "to": "to",
        "in": "in",
        "equal": "stayed about the same:",
        "and": "and",
        "few": "Too few people live here for a reliable figure",
        "residents": "residents",
        "at_least": "at least {min} needed",
        "fewer_than": "fewer than {min} residents",
        "missing_both": "is missing for {p0} and {p1}",
        "missing_one": "for {p} is missing",
        "withheld": "the figures are withheld because of small numbers",
        "improved": "improved from",
        "worsened": "worsened from",
        "stayed": "stayed at",
        "while": "while in {ref} over the same years it",
        "ref_improved": "improved by {x}",
        "ref_worsened": "worsened by {x}",
        "ref_stayed": "stayed the same",
        "better": "a better development than in {ref}",
        "same": "about the same development as in {ref}",
        "worse": "a worse development than in {ref}",
        "was": "was",
        "but_start": "but the figure for {p0} is missing",
        "but_reference": "but the development in {ref} is unknown",
        "joiner": ", and ",
        "because": "because",
        "more_than": "is more than the threshold of",
        "less_than": "is less than the threshold of",
        "between": "lies between {low} and {high} (both included)",
        "below_minimum": "is below the minimum of",
        "no_change": "without the figures of both years there is no change",
        "lower": "is lower than",
        "higher": "is higher than",
        "from_to": "lies between {low} (included) and {high}",
        "or_higher": "is {x} or higher",
        "or_lower": "is {x} or lower",
        "missing_end": "the figure for {p1} is missing",
        "development": "Development relative to {ref}",
        "minus": "minus",
        "is": "is",
        "above_band": "more than",
        "below_band": "less than",
        "within_band": "within the margin of",
        "a_figure_missing": "a figure is missing",
        "not_counted": "Nuisance and insecurity do not count for this class.",
        "withheld_short": "figures withheld",
        "unknown": "is unknown",
    },
}


#: How a withheld change is said, per vulnerable category code (missing, decrease, equal, increase).
_MOVED = {
    "nl": ["", "daalde", "bleef ongeveer gelijk", "steeg"],
    "en": ["", "fell", "stayed about the same", "rose"],
}


def _codes(frame: pd.DataFrame, column: str, factor: str) -> np.ndarray:
    return np.asarray(pd.Index(CATEGORIES[factor]).get_indexer(frame[column].astype(object)), dtype=np.int64)


def _column(frame: pd.DataFrame, column: str) -> np.ndarray:
    if column not in frame:
        return np.full(len(frame), np.nan)
    return frame[column].to_numpy(dtype=np.float64, na_value=np.nan)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


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
    w = _WORDS[language]
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
        [
            (
                lambda d: vulnerable_category(rounded(ve, d) - rounded(vs, d), many, th),
                v,
                v_numbers & (v > 0),
            )
        ],
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
    shown_relative = tidy(area_change - rounded(rc, kn))

    # --- the sentence: vulnerable residents ----------------------------------------------------
    suffix = "%" if vr.method == "share" else ""
    subject = text(vr.subject) if vr.subject else text(vr.label)
    start_text = _join(_numbers(vs, kv, language), suffix)
    end_text = _join(_numbers(ve, kv, language), suffix)
    change_text = _join(_numbers(shown_change, kv, language, sign=True), f" {text(vr.unit)}")
    moved = _join(
        _pick(["", w["fell"], "", w["rose"]], v),
        " ",
        start_text,
        f" {w['in']} {p0} {w['to']} ",
        end_text,
        f" {w['in']} {p1} (",
        change_text,
        ")",
    )
    steady = _join(
        f"{w['equal']} ",
        start_text,
        f" {w['in']} {p0} {w['and']} ",
        end_text,
        f" {w['in']} {p1} (",
        change_text,
        ")",
    )
    no = np.zeros(n, dtype=bool)
    withheld_v = ((v > 0) & ~v_numbers) | (no if withheld_vulnerable is None else withheld_vulnerable)
    withheld_n = (no if withheld_nuisance is None else withheld_nuisance) | ((lv > 0) & ~n_numbers)
    category_words = {f: [text(preset.category_labels[f][c]) for c in CATEGORIES[f]] for f in CATEGORIES}
    few = np.isfinite(residents) & (residents < th.minimum_residents)
    if few_residents is not None:
        few |= few_residents
    minimum = f"{th.minimum_residents:.0f}"
    few_text = _join(
        f"{w['few']} (",
        _numbers(residents, 0, language),
        f" {w['residents']}; ",
        w["at_least"].format(min=minimum),
        ")",
    )
    few_withheld = (v == 0) & few & ~np.isfinite(residents)
    v_part = _choose(
        [
            (few_withheld, f"{w['few']} ({w['fewer_than'].format(min=minimum)})"),
            ((v == 0) & few, few_text),
            ((v == 0) & withheld_v, f"{_capitalised(subject)} {w['unknown']} ({w['withheld']})"),
            (
                withheld_v,
                _join(
                    f"{_capitalised(subject)} ",
                    _pick(_MOVED[language], v),
                    f" ({w['withheld']})",
                ),
            ),
            (
                (v == 0) & ~np.isfinite(vs) & ~np.isfinite(ve),
                f"{_capitalised(subject)} {w['missing_both'].format(p0=p0, p1=p1)}",
            ),
            ((v == 0) & ~np.isfinite(vs), f"{_capitalised(subject)} {w['missing_one'].format(p=p0)}"),
            ((v == 0) & ~np.isfinite(ve), f"{_capitalised(subject)} {w['missing_one'].format(p=p1)}"),
            (v == 2, _join(f"{_capitalised(subject)} ", steady)),
        ],
        _join(f"{_capitalised(subject)} ", moved),
        n,
    )

    # --- the sentence: nuisance and insecurity ------------------------------------------------
    nsubject = text(nu.subject) if nu.subject else text(nu.label)
    sign = 1.0 if th.higher_is_better else -1.0
    ns_text, ne_text = _numbers(ns, kn, language), _numbers(ne, kn, language)
    level_words = _pick(category_words["nuisance_level"], lv)
    area_phrase = _choose(
        [
            (sign * area_change > 0, _join(f"{w['improved']} ", ns_text, f" {w['to']} ", ne_text)),
            (sign * area_change < 0, _join(f"{w['worsened']} ", ns_text, f" {w['to']} ", ne_text)),
        ],
        _join(f"{w['stayed']} ", ne_text),
        n,
    )
    ref_amount = _numbers(np.abs(rounded(rc, kn)), kn, language)
    ref_shown = tidy(rounded(rc, kn))
    # "met {x} verbeterde" / "improved by {x}": put the amount where the placeholder was.
    ref_phrase = _choose(
        [
            (sign * ref_shown > 0, _join(*_around(w["ref_improved"], ref_amount))),
            (sign * ref_shown < 0, _join(*_around(w["ref_worsened"], ref_amount))),
        ],
        w["ref_stayed"],
        n,
    )
    conclusion = _pick(
        ["", w["better"].format(ref=ref), w["same"].format(ref=ref), w["worse"].format(ref=ref)], dv
    )
    full = _join(
        f"{nsubject} ",
        area_phrase,
        " (",
        level_words,
        f"), {w['while'].format(ref=ref)} ",
        ref_phrase,
        ": ",
        conclusion,
    )
    level_only = _join(f"{nsubject} {w['was']} ", ne_text, f" {w['in']} {p1} (", level_words, "), ")
    n_part = _choose(
        [
            (
                (lv > 0) & withheld_n,
                _join(
                    f"{nsubject}: ",
                    level_words,
                    ", ",
                    _pick(category_words["nuisance_development"], dv),
                    f" ({w['withheld']})",
                ),
            ),
            (lv == 0, f"{nsubject} {w['missing_one'].format(p=p1)}"),
            ((dv == 0) & ~np.isfinite(ns), _join(level_only, w["but_start"].format(p0=p0))),
            ((dv == 0), _join(level_only, w["but_reference"].format(ref=ref))),
        ],
        full,
        n,
    )
    sentence = pc.if_else(
        pa.array(nuisance_shown), _join(v_part, w["joiner"], n_part, "."), _join(v_part, ".")
    )

    # --- the calculation ("hoe is dit berekend?") ----------------------------------------------
    high_d = decimals_of(th.vulnerable_increase_above, vr.decimals)
    low_d = decimals_of(th.vulnerable_decrease_below, vr.decimals)
    high = _numbers(np.full(n, th.vulnerable_increase_above), high_d, language)
    low = _numbers(np.full(n, th.vulnerable_decrease_below), low_d, language)
    label = text(vr.label)
    because = _join(change_text, " ")
    v_calc = _choose(
        [
            (
                (v == 0) & few_withheld,
                f"{label}: {category_words['vulnerable_change'][0]}, {w['because']} "
                f"{w['fewer_than'].format(min=minimum)}.",
            ),
            (
                withheld_v,
                _join(
                    f"{label}: ", _pick(category_words["vulnerable_change"], v), f" ({w['withheld_short']})."
                ),
            ),
            (
                (v == 0) & few,
                _join(
                    f"{label}: {category_words['vulnerable_change'][0]}, {w['because']} ",
                    _numbers(residents, 0, language),
                    f" {w['residents']} {w['below_minimum']} {minimum}.",
                ),
            ),
            (v == 0, f"{label}: {category_words['vulnerable_change'][0]}, {w['because']} {w['no_change']}."),
            (
                v == 3,
                _join(
                    f"{label}: {category_words['vulnerable_change'][3]}, {w['because']} ",
                    because,
                    f"{w['more_than']} ",
                    high,
                    ".",
                ),
            ),
            (
                v == 1,
                _join(
                    f"{label}: {category_words['vulnerable_change'][1]}, {w['because']} ",
                    because,
                    f"{w['less_than']} ",
                    low,
                    ".",
                ),
            ),
        ],
        _join(
            f"{label}: {category_words['vulnerable_change'][2]}, {w['because']} ",
            because,
            *_between(w["between"], low, high),
            ".",
        ),
        n,
    )
    much_d = decimals_of(th.nuisance_much, nu.decimals)
    some_d = decimals_of(th.nuisance_some, nu.decimals)
    much = _numbers(np.full(n, th.nuisance_much), much_d, language)
    some = _numbers(np.full(n, th.nuisance_some), some_d, language)
    worse_side, better_side = (
        (w["lower"], w["or_higher"]) if th.higher_is_better else (w["higher"], w["or_lower"])
    )
    nlabel = text(nu.label)
    nlabel = nlabel[:1].upper() + nlabel[1:]
    l_calc = _choose(
        [
            ((lv > 0) & withheld_n, _join(f"{nlabel}: ", level_words, f" ({w['withheld_short']}).")),
            (
                lv == 0,
                f"{nlabel}: {category_words['nuisance_level'][0]}, {w['because']} "
                f"{w['missing_end'].format(p1=p1)}.",
            ),
            (
                lv == 3,
                _join(
                    f"{nlabel}: ", level_words, f", {w['because']} ", ne_text, f" {worse_side} ", much, "."
                ),
            ),
            (
                lv == 2,
                _join(
                    f"{nlabel}: ",
                    level_words,
                    f", {w['because']} ",
                    ne_text,
                    " ",
                    *_between(w["from_to"], much, some),
                    ".",
                ),
            ),
        ],
        _join(
            f"{nlabel}: ", level_words, f", {w['because']} ", ne_text, " ", *_around(better_side, some), "."
        ),
        n,
    )
    band_d = decimals_of(th.development_dead_band, nu.decimals)
    band = _numbers(np.full(n, th.development_dead_band), band_d, language)
    development_words = _pick(category_words["nuisance_development"], dv)
    dev_lead = w["development"].format(ref=ref)
    relative_text = _numbers(shown_relative, kn, language, sign=True)
    arithmetic = _join(
        _numbers(area_change, kn, language, sign=True),
        f" {w['minus']} ",
        _numbers(ref_shown, kn, language, sign=True),
        f" {w['is']} ",
        relative_text,
        ", ",
    )
    goodness = sign * shown_relative
    d_calc = _choose(
        [
            (
                (dv > 0) & (~d_numbers | withheld_n),
                _join(f"{dev_lead}: ", development_words, f" ({w['withheld_short']})."),
            ),
            (
                dv == 0,
                f"{dev_lead}: {category_words['nuisance_development'][0]}, {w['because']} "
                f"{w['a_figure_missing']}.",
            ),
            (
                goodness > th.development_dead_band,
                _join(
                    f"{dev_lead}: ",
                    development_words,
                    f", {w['because']} ",
                    arithmetic,
                    f"{w['above_band']} +",
                    band,
                    ".",
                ),
            ),
            (
                goodness < -th.development_dead_band,
                _join(
                    f"{dev_lead}: ",
                    development_words,
                    f", {w['because']} ",
                    arithmetic,
                    f"{w['below_band']} {MINUS}",
                    band,
                    ".",
                ),
            ),
        ],
        _join(
            f"{dev_lead}: ",
            development_words,
            f", {w['because']} ",
            arithmetic,
            f"{w['within_band']} ±",
            band,
            ".",
        ),
        n,
    )
    nuisance_calc = pc.if_else(pa.array(nuisance_shown), _join(l_calc, " ", d_calc), w["not_counted"])
    calculation = pc.if_else(pa.array(v == 0), v_calc, _join(v_calc, " ", nuisance_calc))
    return (
        pd.Series(pd.array(sentence, dtype="str"), index=frame.index),
        pd.Series(pd.array(calculation, dtype="str"), index=frame.index),
    )


def _around(template: str, value: pa.Array) -> tuple[str, pa.Array, str]:
    """Split a template at its single ``{x}`` so an Arrow array can go in its place."""
    before, _, after = template.partition("{x}")
    return before, value, after


def _between(template: str, low: pa.Array, high: pa.Array) -> tuple[Strings, ...]:
    """Fill ``{low}`` and ``{high}`` of a template with Arrow arrays."""
    first, _, rest = template.partition("{low}")
    middle, _, last = rest.partition("{high}")
    return first, low, middle, high, last
