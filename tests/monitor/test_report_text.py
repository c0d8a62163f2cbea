# SPDX-License-Identifier: EUPL-1.2
"""The city report's paragraph: its words and its numbers say the same; suppressed buurten stay unnamed."""

import re

from veerkracht.monitor.report_text import FELL, ROSE, SAME, UNKNOWN, AreaFigures, layer_story

NUMBER = r"[−+]?[\d.]+(?:,\d+)?"


def _story(city, country=(10.0, 10.0), areas=(), decimals=1, language="nl"):  # type: ignore[no-untyped-def]
    return layer_story(
        place="Veerstad",
        reference="Nederland",
        first=2014,
        last=2022,
        decimals=decimals,
        city=city,
        country=country,
        areas=list(areas),
        language=language,
    )


def _value(text: str) -> float:
    return float(text.replace(".", "").replace(",", ".").replace("−", "-"))


def _city_sentence(text: str) -> tuple[str, float, float, float | None]:
    """The verb and the numbers of the first sentence, read back from the words alone."""
    sentence = text.split(". ")[0]
    moved = re.match(
        rf"In Veerstad (steeg|daalde) het cijfer van ({NUMBER}) in 2014 naar ({NUMBER}) in 2022 "
        rf"\(({NUMBER})\)",
        sentence,
    )
    if moved:
        return moved[1], _value(moved[2]), _value(moved[3]), _value(moved[4])
    same = re.match(
        rf"In Veerstad bleef het cijfer gelijk: ({NUMBER}) in 2014 en ({NUMBER}) in 2022", sentence
    )
    assert same, sentence
    return "gelijk", _value(same[1]), _value(same[2]), None


def test_a_rise_is_called_a_rise_with_a_positive_difference_that_matches_the_two_values() -> None:
    story = _story((11.94, 12.62))
    verb, start, end, difference = _city_sentence(story.text)
    assert (verb, story.city.trend) == ("steeg", ROSE)
    assert (start, end, difference) == (11.9, 12.6, 0.7)
    assert round(end - start, 1) == difference > 0


def test_a_fall_is_called_a_fall_with_a_negative_difference_that_matches_the_two_values() -> None:
    story = _story((1250.4, 1103.06), decimals=0)
    verb, start, end, difference = _city_sentence(story.text)
    assert (verb, story.city.trend) == ("daalde", FELL)
    assert (start, end, difference) == (1250, 1103, -147)
    assert "1.250" in story.text  # the Dutch thousands separator, read back above as 1250


def test_a_change_too_small_to_show_is_no_change_and_never_a_rise_of_zero() -> None:
    story = _story((10.04, 10.01))
    verb, start, end, _difference = _city_sentence(story.text)
    assert (verb, story.city.trend, start, end) == ("gelijk", SAME, 10.0, 10.0)
    assert "steeg" not in story.text.split(".")[0] and "+0,0" not in story.text
    # Just past the rounding edge it is a rise, and it says so with the smallest number it can show.
    assert _city_sentence(_story((10.04, 10.06)).text)[0] == "steeg"
    assert _story((10.04, 10.06)).city.units == 1


def test_a_suppressed_buurt_is_counted_but_never_named_even_when_it_moved_most() -> None:
    areas = [
        AreaFigures("Hofje", 2.0, 40.0, suppressed=True),
        AreaFigures("Oost", 10.0, 12.0),
        AreaFigures("West", 10.0, 11.0),
        AreaFigures("Zuid", 10.0, 9.0),
    ]
    story = _story((10.0, 11.0), areas=areas)
    assert "Hofje" not in story.text
    assert story.named == (("Oost", 20), ("West", 10))
    assert "Het meest steeg het in Oost (+2,0) en West (+1,0)." in story.text
    assert (
        "Van de 3 buurten met cijfers steeg het in 2, daalde het in 1 en bleef het gelijk in 0." in story.text
    )
    assert story.suppressed == 1 and "Van 1 buurt zijn de cijfers afgeschermd" in story.text
    # Without the suppression the same buurt leads the list: the flag alone keeps it out.
    unsuppressed = _story((10.0, 11.0), areas=[AreaFigures("Hofje", 2.0, 40.0), *areas[1:]])
    assert unsuppressed.named[0] == ("Hofje", 380)


def test_when_the_city_fell_the_buurten_named_are_those_that_fell_most() -> None:
    areas = [AreaFigures("Oost", 10.0, 12.0), AreaFigures("West", 10.0, 7.5), AreaFigures("Zuid", 10.0, 9.0)]
    story = _story((10.0, 9.0), areas=areas)
    assert story.named == (("West", -25), ("Zuid", -10))
    assert "Het meest daalde het in West (−2,5) en Zuid (−1,0)." in story.text


def test_the_comparison_with_the_country_follows_the_shown_differences_on_both_sides() -> None:
    stronger = _story((10.0, 12.0), country=(10.0, 11.0))
    weaker = _story((10.0, 10.5), country=(10.0, 11.0))
    equal = _story((20.0, 21.0), country=(10.0, 11.0))
    fell_stronger = _story((10.0, 8.0), country=(10.0, 9.0))
    opposite = _story((10.0, 11.0), country=(10.0, 9.0))
    assert "Veerstad steeg dus sterker dan Nederland." in stronger.text
    assert "Veerstad steeg dus minder sterk dan Nederland." in weaker.text
    assert "Veerstad en Nederland veranderden dus evenveel." in equal.text
    assert "Veerstad daalde dus sterker dan Nederland." in fell_stronger.text
    assert "Veerstad ging dus de andere kant op dan Nederland." in opposite.text
    assert "In Nederland steeg het cijfer van 10,0 in 2014 naar 11,0 in 2022 (+1,0)." in stronger.text


def test_a_missing_year_is_said_and_no_development_is_invented() -> None:
    story = _story((None, 12.0), country=(None, None), areas=[AreaFigures("Oost", None, 3.0)])
    assert story.city.trend == UNKNOWN and story.city.units is None
    assert "In Veerstad is geen ontwikkeling bekend" in story.text
    assert "Een vergelijking met Nederland is niet mogelijk." in story.text
    assert "Van 1 buurt ontbreekt een cijfer van 2014 of 2022." in story.text
    assert not re.search(r"steeg|daalde", story.text)


def test_the_english_paragraph_says_the_same_numbers_the_english_way() -> None:
    story = _story((1250.44, 1300.0), decimals=1, language="en")
    assert story.text.startswith(
        "In Veerstad the figure rose from 1,250.4 in 2014 to 1,300.0 in 2022 (+49.6)."
    )
