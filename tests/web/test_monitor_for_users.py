# SPDX-License-Identifier: EUPL-1.2
"""Issue 8, "the monitor for the people who use it": one test per problem a wijkmanager, an analyst, a
colour-blind, keyboard or phone user hit, in a real browser against the demo city."""

import csv
import io
import json
import re

import pytest

from demo_site import DemoSite, log_in
from monitor_steps import choose_view, click_area, panel_code, wait_ready

pytestmark = [pytest.mark.browser, pytest.mark.slow]

KALKPARK, ROZENDAL = "BU50010006", "BU50010300"  # under severe pressure / resilient in the demo


def _open(page: object, site: DemoSite, query: str = "") -> None:
    """The monitor on the demo's own run (2014-2022), with ``query`` ("?view=classes&...")."""
    query = "?run=1" + (f"&{query.lstrip('?')}" if query else "")
    log_in(page, site, f"/monitor/{query}")
    wait_ready(page)


def _text(locator: object) -> str:
    return " ".join(locator.inner_text().split())  # type: ignore[attr-defined]


def _chart_names(page: object) -> list[str]:
    return page.locator("#area-info .series-chart svg").evaluate_all(  # type: ignore[attr-defined]
        "svgs => svgs.map(s => s.getAttribute('aria-label'))"
    )


# 1. The panel shows what was last selected on the current map, or nothing.
def test_the_panel_follows_the_current_map(page: object, demo_site: DemoSite) -> None:
    _open(page, demo_site)
    page.select_option("#area-picker", KALKPARK)  # type: ignore[attr-defined]
    page.wait_for_selector("#area-info .series-chart svg")  # type: ignore[attr-defined]
    assert panel_code(page) == KALKPARK
    choose_view(page, "classes")
    click_area(page, ROZENDAL)
    # The panel may still show Kalkpark with its charts while Rozendal's answer is on its way.
    page.wait_for_function(  # type: ignore[attr-defined]
        "code => document.querySelector('#area-info .area-info-name')?.dataset.code === code"
        " && document.querySelectorAll('#area-info .series-chart svg').length === 2",
        arg=ROZENDAL,
    )
    assert panel_code(page) == ROZENDAL
    assert page.locator(".area-class-label").inner_text() == "Veerkrachtig"  # type: ignore[attr-defined]
    names = " ".join(_chart_names(page))
    assert "Rozendal" in names and "Kalkpark" not in names, "the chart belongs to the buurt in the panel"
    page.select_option("#level-select", "wijk")  # type: ignore[attr-defined]
    wait_ready(page)
    assert panel_code(page) is None, "a buurt is not on the map of wijken"
    assert page.locator("#area-picker").input_value() == ""  # type: ignore[attr-defined]


def test_starting_in_the_veerkrachtkaart_shows_the_charts(page: object, demo_site: DemoSite) -> None:
    _open(page, demo_site, f"?view=classes&area={KALKPARK}")
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => document.querySelectorAll('#area-info .series-chart svg').length === 2"
    )
    assert panel_code(page) == KALKPARK
    assert page.locator("#area-info .analysis-period").count() == 2  # type: ignore[attr-defined]


# 2. One plain sentence, thresholds only on request, every class described, a methodology page.
def test_the_explanation_is_plain_dutch_with_the_thresholds_on_request(
    page: object,
    demo_site: DemoSite,
) -> None:
    _open(page, demo_site, f"?view=classes&area={KALKPARK}")
    page.wait_for_selector(".area-explanation")  # type: ignore[attr-defined]
    sentence = page.locator(".area-explanation").inner_text()  # type: ignore[attr-defined]
    assert re.search(r"steeg van \d+,\d% in 2014 naar \d+,\d% in 2022", sentence), sentence
    assert "Leefbaarometer-score voor overlast en onveiligheid" in sentence
    assert "in Nederland in dezelfde jaren" in sentence
    assert "onv" not in sentence.split() and "drempel" not in sentence
    calculation = page.locator(".area-calculation p").first  # type: ignore[attr-defined]
    assert not calculation.is_visible(), "the thresholds wait for 'hoe is dit berekend?'"
    page.get_by_text("Hoe is dit berekend?").click()  # type: ignore[attr-defined]
    assert "drempel van 1,0" in calculation.inner_text()
    description = page.locator(".area-class-description").inner_text()  # type: ignore[attr-defined]
    assert description.startswith("Toename van kwetsbare bewoners")
    page.get_by_text("Wat betekenen de veerkrachtklassen?").click()  # type: ignore[attr-defined]
    assert page.locator("#class-descriptions .class-item").count() == 9  # type: ignore[attr-defined]


def test_insufficient_data_says_which_figure_is_missing(page: object, demo_site: DemoSite) -> None:
    _open(page, demo_site, "?view=classes")
    rows = page.locator("#values-table tbody tr", has_text="Onvoldoende gegevens")  # type: ignore[attr-defined]
    assert rows.count() >= 1
    for text in rows.all_inner_texts():
        assert re.search(r"ontbreekt|te weinig mensen", text), text


def test_the_methodology_page_names_the_typology_its_source_version_and_thresholds(
    page: object,
    demo_site: DemoSite,
) -> None:
    page.goto(f"{demo_site.url}/monitor/methode/")  # type: ignore[attr-defined]
    body = page.locator("main").inner_text()  # type: ignore[attr-defined]
    assert "Onderzoek Veerkracht Maastricht" in body and "2021" in body
    assert "veerkracht-2021, versie 2021.2" in body
    assert "meer dan 1,0" in body and "lager dan −0,08" in body and "meer dan +0,005" in body
    assert page.locator("table.method-table tbody tr[data-key]").count() == 9  # type: ignore[attr-defined]


# 3. Colour-blind users: every class in the legend, most alarming first, patterns, a second palette.
def test_the_legend_lists_every_class_from_most_alarming_with_patterns(
    page: object,
    demo_site: DemoSite,
) -> None:
    _open(page, demo_site, "?view=classes&level=rayon")
    keys = page.locator("#legend li[data-key]").evaluate_all("items => items.map(i => i.dataset.key)")  # type: ignore[attr-defined]
    assert keys[:9] == [
        "under_pressure_severe",
        "under_pressure",
        "early_warning",
        "holding",
        "resilient",
        "increase_little_nuisance",
        "about_equal",
        "decrease",
        "insufficient_data",
    ]
    assert "no_data" in keys
    counts = " ".join(page.locator("#legend li .legend-count").all_inner_texts())  # type: ignore[attr-defined]
    assert "(0 gebieden)" in counts, "classes without an area are listed too"
    hatched = page.locator('#legend li[data-key="under_pressure"] .swatch')  # type: ignore[attr-defined]
    assert "pattern-hatch" in hatched.get_attribute("class")
    study = hatched.evaluate("s => getComputedStyle(s).backgroundColor")
    page.get_by_label("Kleuren voor kleurenblindheid").check()  # type: ignore[attr-defined]
    wait_ready(page)
    accessible = hatched.evaluate("s => getComputedStyle(s).backgroundColor")
    assert study == "rgb(227, 26, 28)" and accessible == "rgb(216, 103, 90)"


# 4. Keyboard and screen-reader users reach the "why"; the map has a focus ring and Dutch controls.
def test_a_keyboard_alone_reaches_an_areas_explanation(page: object, demo_site: DemoSite) -> None:
    _open(page, demo_site, "?view=classes")
    for _ in range(80):
        page.keyboard.press("Tab")  # type: ignore[attr-defined]
        if page.evaluate("document.activeElement.id") == "area-picker":  # type: ignore[attr-defined]
            break
    else:
        pytest.fail("the area picker cannot be reached with Tab")
    page.keyboard.press("ArrowDown")  # type: ignore[attr-defined]
    page.wait_for_selector(".area-explanation")  # type: ignore[attr-defined]
    assert page.locator(".area-explanation").inner_text().endswith(".")  # type: ignore[attr-defined]
    for _ in range(40):
        page.keyboard.press("Tab")  # type: ignore[attr-defined]
        if page.evaluate("document.activeElement.classList.contains('maplibregl-canvas')"):  # type: ignore[attr-defined]
            break
    else:
        pytest.fail("the map cannot be reached with Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")  # type: ignore[attr-defined]
    assert outline == "solid", "a visible focus ring on the map"


def test_the_map_speaks_dutch_and_the_table_explains_the_classes(
    page: object,
    demo_site: DemoSite,
) -> None:
    _open(page, demo_site, "?view=classes")
    assert page.get_by_role("button", name="Inzoomen").count() == 1  # type: ignore[attr-defined]
    assert page.get_by_role("button", name="Uitzoomen").count() == 1  # type: ignore[attr-defined]
    headers = page.locator("#values-table thead th").all_inner_texts()  # type: ignore[attr-defined]
    assert headers == ["Gebied", "Code", "Veerkrachtklasse", "Uitleg"]
    row = page.locator(f'#values-table tr[data-code="{KALKPARK}"]').inner_text()  # type: ignore[attr-defined]
    assert "Veerkracht sterk onder druk" in row and "procentpunt" in row


# 5. No data is not suppressed; hidden hotspots inside their buurt; the corporation overlay.
def test_no_data_and_suppressed_are_told_apart(page: object, demo_site: DemoSite) -> None:
    _open(page, demo_site, "?indicator=lbm_onv&level=complex&period=2022")
    no_data = _text(page.locator('#legend li[data-key="no_data"]'))  # type: ignore[attr-defined]
    suppressed = _text(page.locator('#legend li[data-key="suppressed"]'))  # type: ignore[attr-defined]
    assert "geen gegevens (326 gebieden)" in no_data
    assert "(0 gebieden)" in suppressed, "complexes without Leefbaarometer figures are not secret"
    assert page.locator("#values-table td.status-no-data").count() == 326  # type: ignore[attr-defined]
    page.select_option("#indicator-select", "bijstand")  # type: ignore[attr-defined]
    page.select_option("#level-select", "buurt")  # type: ignore[attr-defined]
    wait_ready(page)
    secret = page.locator("#values-table td.status-suppressed")  # type: ignore[attr-defined]
    assert secret.count() >= 1 and "afgeschermd (minder dan 5)" in secret.first.inner_text()
    count = int(
        re.search(r"\((\d+) gebied", page.locator('#legend li[data-key="suppressed"]').inner_text()).group(1)
    )  # type: ignore[attr-defined,union-attr]
    assert count == secret.count()


def test_hidden_hotspots_are_outlined_inside_their_buurt(page: object, demo_site: DemoSite) -> None:
    _open(page, demo_site, "?view=classes")
    config = json.loads(page.locator("#monitor-config").text_content())  # type: ignore[attr-defined]
    hotspots = page.request.get(demo_site.url + config["urls"]["hotspots"]).json()  # type: ignore[attr-defined]
    assert hotspots["features"], "the demo city hides hotspots"
    host = hotspots["features"][0]["properties"]["parent_code"]
    assert page.evaluate("window.veerkrachtMap.getLayoutProperty('hotspots-line', 'visibility')") == "visible"  # type: ignore[attr-defined]
    assert page.locator('#legend li[data-key="hotspots"]').count() == 1  # type: ignore[attr-defined]
    page.select_option("#area-picker", host)  # type: ignore[attr-defined]
    text = page.locator("#area-info .area-hotspots").inner_text()  # type: ignore[attr-defined]
    assert re.search(r"verborgen brandhaard(en)?: (\d+,\d% van de bewoners|het aandeel)", text), text


def test_areas_with_mostly_corporation_dwellings_are_outlined(page: object, demo_site: DemoSite) -> None:
    _open(page, demo_site, "?concentration=1")
    assert page.locator('#legend li[data-key="concentration"]').inner_text().startswith("Meer dan 60%")  # type: ignore[attr-defined]
    outlined = page.evaluate(  # type: ignore[attr-defined]
        """() => {
          const map = window.veerkrachtMap;
          const ids = new Set(map.querySourceFeatures('areas-buurt').map(f => f.id));
          return [...ids].filter(id => map.getFeatureState({source: 'areas-buurt', id}).concentrated).length;
        }"""
    )
    assert outlined >= 1
    page.get_by_label("Meer dan 60% corporatiewoningen").uncheck()  # type: ignore[attr-defined]
    wait_ready(page)
    assert page.locator('#legend li[data-key="concentration"]').count() == 0  # type: ignore[attr-defined]


# 6. The veerkrachtkaart downloads: classes with explanation and inputs; CSV for Dutch Excel.
def test_the_veerkrachtkaart_downloads_with_explanation_for_dutch_excel(
    page: object,
    demo_site: DemoSite,
) -> None:
    _open(page, demo_site, "?view=classes")
    links = page.locator('#downloads p[data-view="classes"] a')  # type: ignore[attr-defined]
    assert page.locator('#downloads p[data-view="classes"]').is_visible()  # type: ignore[attr-defined]
    assert not page.locator('#downloads p[data-view="indicator"]').is_visible()  # type: ignore[attr-defined]
    hrefs = {link.get_attribute("data-format"): link.get_attribute("href") for link in links.all()}
    excel = page.request.get(hrefs["csv"]).body()  # type: ignore[attr-defined]
    assert excel.startswith(b"\xef\xbb\xbf"), "a BOM so Excel reads UTF-8"
    rows = list(csv.DictReader(io.StringIO(excel.decode("utf-8-sig")), delimiter=";"))
    kalkpark = next(r for r in rows if r["code"] == KALKPARK)
    assert kalkpark["klasse"] == "Veerkracht sterk onder druk"
    assert kalkpark["uitleg"].startswith("Het aandeel kwetsbare bewoners steeg")
    assert re.fullmatch(r"\d+,\d+", kalkpark["kwetsbaar_eind"]), "decimal comma"
    plain = page.request.get(hrefs["csv-plain"]).body().decode("utf-8")  # type: ignore[attr-defined]
    assert plain.startswith("code,naam,klasse")
    geojson = json.loads(page.request.get(hrefs["geojson"]).body())  # type: ignore[attr-defined]
    assert {"klasse", "uitleg", "berekening", "status"} <= set(geojson["features"][0]["properties"])
    assert page.request.get(hrefs["gpkg"]).body().startswith(b"SQLite format 3")  # type: ignore[attr-defined]


# 7. Legends and charts that read right.
def test_legends_count_in_dutch_and_never_show_an_empty_range(page: object, demo_site: DemoSite) -> None:
    _open(page, demo_site, "?view=classes")
    texts = [" ".join(t.split()) for t in page.locator("#legend li").all_inner_texts()]  # type: ignore[attr-defined]
    assert any("(1 gebied)" in t for t in texts) and not any("1 gebieden)" in t for t in texts)
    page.locator('input[name="view"][value="indicator"]').check()  # type: ignore[attr-defined]
    for indicator in ("aandeel_kwetsbaar", "lbm_onv", "inkomen_per_inwoner"):
        page.select_option("#indicator-select", indicator)  # type: ignore[attr-defined]
        wait_ready(page)
        for text in page.locator("#legend li .legend-label").all_inner_texts():  # type: ignore[attr-defined]
            bounds = re.findall(r"-?[\d.]+,?\d*", text.replace("−", "-"))
            if " – " in text:
                assert bounds[-2] != bounds[-1], f"an empty range in the legend: {text}"


def test_fixed_classes_have_names(page: object, demo_site: DemoSite) -> None:
    _open(page, demo_site, "?indicator=lbm_onv&scheme=fixed")
    labels = page.locator("#legend li .legend-label").all_inner_texts()  # type: ignore[attr-defined]
    assert labels[0].startswith("Veel overlast: ") and labels[1].startswith("Enige overlast: ")


def test_charts_have_a_readable_axis_the_analysis_period_and_counts_alone(
    page: object,
    demo_site: DemoSite,
) -> None:
    _open(page, demo_site, f"?indicator=lbm_onv&area={KALKPARK}")
    page.wait_for_selector("#area-info .series-chart svg")  # type: ignore[attr-defined]
    ticks = page.locator("#area-info .series-chart text.tick").all_text_contents()  # type: ignore[attr-defined]
    values = [t for t in ticks if not re.fullmatch(r"\d{4}|analyseperiode", t)]
    assert len(values) == len(set(values)) >= 3, f"distinct axis labels: {values}"
    assert page.locator("#area-info rect.analysis-period").count() == 1  # type: ignore[attr-defined]
    page.select_option("#indicator-select", "inwoners")  # type: ignore[attr-defined]
    wait_ready(page)
    page.wait_for_selector("#area-info .series-legend")  # type: ignore[attr-defined]
    assert page.locator("#area-info .series-legend li").count() == 1, "a count is not set against the city"  # type: ignore[attr-defined]


# 8. On a phone: nothing scrolls sideways, and after a tap the explanation is in view.
@pytest.mark.parametrize(
    "path", ["/", "/monitor/", "/monitor/?view=classes", "/monitor/methode/", "/monitor/jaren/"]
)
def test_pages_fit_a_phone_without_sideways_scrolling(
    browser: object,
    demo_site: DemoSite,
    path: str,
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL")  # type: ignore[attr-defined]
    page = context.new_page()
    if path == "/inloggen/":
        page.goto(f"{demo_site.url}{path}")
    else:
        log_in(page, demo_site, path)
    page.wait_for_load_state("networkidle")
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 390, f"{path} is {width} px wide"


def test_after_tapping_the_map_on_a_phone_the_explanation_is_in_view(
    browser: object,
    demo_site: DemoSite,
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL", has_touch=True)  # type: ignore[attr-defined]
    page = context.new_page()
    log_in(page, demo_site, "/monitor/?view=classes")
    wait_ready(page)
    page.locator("#monitor-map").scroll_into_view_if_needed()
    click_area(page, KALKPARK)
    page.wait_for_selector(".area-explanation")
    page.wait_for_timeout(300)
    top, bottom = page.evaluate(
        "(() => { const r = document.querySelector('.area-explanation').getBoundingClientRect();"
        " return [r.top, r.bottom]; })()"
    )
    context.close()
    assert top >= 0 and bottom <= 844, "the explanation is on the screen"


# 9. The state is in the URL: a reload or a shared link shows the same.
def test_a_reload_shows_the_same_view_classification_area_and_level(
    page: object,
    demo_site: DemoSite,
) -> None:
    _open(page, demo_site)
    page.select_option("#scheme-select", "natural_breaks")  # type: ignore[attr-defined]
    wait_ready(page)
    page.select_option("#level-select", "wijk")  # type: ignore[attr-defined]
    wait_ready(page)
    choose_view(page, "classes")
    wijk = page.locator("#area-picker option").nth(2).get_attribute("value")  # type: ignore[attr-defined]
    page.select_option("#area-picker", wijk)  # type: ignore[attr-defined]
    page.wait_for_selector(".area-explanation")  # type: ignore[attr-defined]
    url = page.url  # type: ignore[attr-defined]
    assert "view=classes" in url and "scheme=natural_breaks" in url and f"area={wijk}" in url
    page.goto(url)  # type: ignore[attr-defined]
    wait_ready(page)
    page.wait_for_selector(".area-explanation")  # type: ignore[attr-defined]
    assert page.locator('input[name="view"][value="classes"]').is_checked()  # type: ignore[attr-defined]
    assert page.locator("#scheme-select").input_value() == "natural_breaks"  # type: ignore[attr-defined]
    assert page.locator("#level-select").input_value() == "wijk"  # type: ignore[attr-defined]
    assert panel_code(page) == wijk and page.locator("#area-picker").input_value() == wijk  # type: ignore[attr-defined]


# 10. Synthetic figures say so on the map itself, and the attribution does not claim CBS for them.
def test_synthetic_figures_are_marked_on_the_map(page: object, demo_site: DemoSite) -> None:
    _open(page, demo_site)
    mark = page.locator("#monitor-map .map-synthetic-mark")  # type: ignore[attr-defined]
    assert mark.is_visible() and mark.inner_text().lower() == "synthetische cijfers"
    attribution = page.locator("#monitor-map .maplibregl-ctrl-attrib-inner").inner_text()  # type: ignore[attr-defined]
    assert "cijfers: synthetisch" in attribution
    assert "Bron: CBS" not in page.locator("#legend-source").inner_text()  # type: ignore[attr-defined]


# 11. One shared, hashed bundle.
def test_the_page_loads_one_shared_hashed_bundle(page: object, demo_site: DemoSite) -> None:
    scripts: list[str] = []
    page.on("request", lambda r: scripts.append(r.url) if r.resource_type == "script" else None)  # type: ignore[attr-defined]
    _open(page, demo_site)
    scripts = [s for s in scripts if s.startswith("http")]  # MapLibre starts its worker from a blob
    assert all(re.search(r"/build/(chunks/)?[\w]+-[A-Z0-9]{8}\.js$", s) for s in scripts), scripts
    assert len([s for s in scripts if "/chunks/" in s]) == 1


# Small multiples: one indicator over the years; the same area in two runs.
def test_small_maps_show_an_indicator_over_the_years_on_one_legend(
    page: object,
    demo_site: DemoSite,
) -> None:
    log_in(page, demo_site, "/monitor/jaren/?run=1&indicator=aandeel_kwetsbaar")
    maps = page.locator("#small-multiples figure.small-map")  # type: ignore[attr-defined]
    assert maps.count() == 13
    assert page.locator("#small-multiples figure.in-analysis").count() == 9  # type: ignore[attr-defined]
    assert maps.first.locator("path[data-code]").count() == 46


def test_two_runs_side_by_side_show_what_changed_for_an_area(page: object, demo_site: DemoSite) -> None:
    log_in(page, demo_site, f"/monitor/vergelijken/?a=2&b=3&area={KALKPARK}")
    assert page.locator("figure.small-map").count() == 2  # type: ignore[attr-defined]
    focus = page.locator("#compare-focus").inner_text()  # type: ignore[attr-defined]
    assert "2014–2018" in focus and "2018–2022" in focus and "Kalkpark" in focus
    assert page.locator("#changes-table tbody tr").count() >= 1  # type: ignore[attr-defined]
