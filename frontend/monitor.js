// SPDX-License-Identifier: EUPL-1.2
// The monitor page: a choropleth of a run's published values or its veerkrachtkaart, a legend that
// names every class, an area picker, the panel with what was last selected on the map shown now, the
// hidden hotspots and the corporation-stock overlay, downloads, and all of it kept in the URL.
import { boundsOf, counted, createMap, el, formatNumber, jsonScript, language } from "./common.js";
import { addPatterns } from "./patterns.js";
import { drawSeries } from "./series.js";

const SELECTED = "#000000";

function start() {
  const container = document.getElementById("monitor-map");
  if (!container) return;
  const text = jsonScript("monitor-labels");
  const config = jsonScript("monitor-config");
  const form = document.getElementById("monitor-controls");
  const panel = document.getElementById("area-info");
  const legendList = document.getElementById("legend");
  const legendSource = document.getElementById("legend-source");
  const table = document.getElementById("values-table");
  const slider = document.getElementById("period-slider");
  const output = document.getElementById("period-output");
  const picker = document.getElementById("area-picker");
  const periods = slider.dataset.periods.split(",").map(Number);
  const lang = language();
  const narrow = window.matchMedia("(max-width: 900px)");

  const attribution = config.synthetic ? text.attribution_synthetic : text.attribution;
  const map = createMap(container, container.dataset.extent.split(",").map(Number), attribution);
  window.veerkrachtMap = map;
  if (config.synthetic) {
    // On the map itself, so a screenshot or a crop still says so.
    map.addControl({
      onAdd: () => el("div", { class: "maplibregl-ctrl map-synthetic-mark", role: "note" }, text.synthetic_mark),
      onRemove: () => {},
    }, "top-left");
  }

  const geometry = {};
  const classCache = {};
  const concentrationCache = {};
  let hotspots = null;
  let current = null; // what the map shows now: {view, level, data}
  let selected = null; // {level, code}
  let shownLevel = null;
  let requestNumber = 0;
  let panelNumber = 0;
  let initialArea = new URLSearchParams(window.location.search).get("area");

  const toggles = {
    palette: document.getElementById("palette-toggle"),
    hotspots: document.getElementById("hotspots-toggle"),
    concentration: document.getElementById("concentration-toggle"),
  };
  const viewInput = () => form.querySelector('input[name="view"]:checked');
  const state = () => ({
    view: viewInput().value,
    indicator: form.indicator.value,
    level: form.level.value,
    period: Number(slider.value),
    scheme: form.scheme.value,
    palette: toggles.palette?.checked ? "accessible" : "study",
    hotspots: Boolean(toggles.hotspots?.checked),
    concentration: Boolean(toggles.concentration?.checked),
  });
  const setState = (value) => { container.dataset.state = value; };

  async function fetchJson(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(Object.values(body).flat().join(" ") || `HTTP ${response.status}`);
    return body;
  }

  async function ensureLevel(level) {
    if (geometry[level]) return geometry[level];
    const data = await fetchJson(`${config.urls.geojson}?level=${encodeURIComponent(level)}&year=${config.indeling}`);
    map.addSource(`areas-${level}`, { type: "geojson", data, promoteId: "code" });
    map.addSource(`patterns-${level}`, { type: "geojson", data: { type: "FeatureCollection", features: [] } });
    map.addLayer({
      id: `fill-${level}`, type: "fill", source: `areas-${level}`,
      paint: { "fill-color": ["coalesce", ["feature-state", "colour"], config.no_data_colour], "fill-opacity": 0.9 },
    });
    map.addLayer({ id: `pattern-${level}`, type: "fill", source: `patterns-${level}`, paint: { "fill-pattern": ["get", "pattern"] } });
    map.addLayer({
      id: `line-${level}`, type: "line", source: `areas-${level}`,
      paint: { "line-color": "#ffffff", "line-width": level === "complex" ? 0.5 : 0.8 },
    });
    map.addLayer({
      id: `concentration-${level}`, type: "line", source: `areas-${level}`,
      paint: {
        "line-color": "#3f007d", "line-width": 3, "line-dasharray": [2, 1.5],
        "line-opacity": ["case", ["boolean", ["feature-state", "concentrated"], false], 1, 0],
      },
    });
    map.addLayer({
      id: `selected-casing-${level}`, type: "line", source: `areas-${level}`,
      paint: { "line-color": "#ffffff", "line-width": 6, "line-opacity": ["case", ["boolean", ["feature-state", "selected"], false], 1, 0] },
    });
    map.addLayer({
      id: `selected-${level}`, type: "line", source: `areas-${level}`,
      paint: { "line-color": SELECTED, "line-width": 3, "line-opacity": ["case", ["boolean", ["feature-state", "selected"], false], 1, 0] },
    });
    geometry[level] = data;
    return data;
  }

  const featureOf = (level, code) => geometry[level]?.features.find((f) => f.id === code);
  const nameOf = (level, code) => featureOf(level, code)?.properties.name || code;

  function show(level) {
    for (const other of Object.keys(geometry)) {
      const visibility = other === level ? "visible" : "none";
      for (const kind of ["fill", "pattern", "line", "concentration", "selected-casing", "selected"]) {
        map.setLayoutProperty(`${kind}-${other}`, "visibility", visibility);
      }
    }
    if (map.getLayer("hotspots-line")) {
      // Hotspots sit on top of whatever level is shown.
      for (const id of ["hotspots-casing", "hotspots-line"]) map.moveLayer(id);
    }
    shownLevel = level;
  }

  function paint(level, colourOf, patternOf) {
    const patterned = [];
    for (const feature of geometry[level].features) {
      map.setFeatureState({ source: `areas-${level}`, id: feature.id }, { colour: colourOf(feature.id) || config.no_data_colour });
      const pattern = patternOf(feature.id);
      if (pattern) patterned.push({ ...feature, properties: { pattern: `pattern-${pattern}` } });
    }
    map.getSource(`patterns-${level}`).setData({ type: "FeatureCollection", features: patterned });
    show(level);
  }

  // --- legend -------------------------------------------------------------------------------
  function swatch(colour, pattern, extra = "") {
    const node = el("span", { class: `swatch ${pattern ? `pattern-${pattern}` : ""} ${extra}`.trim(), "aria-hidden": "true" });
    node.style.backgroundColor = colour;
    return node;
  }

  function legendItem(colour, pattern, label, count, key) {
    const countText = count === undefined ? null : el("span", { class: "muted legend-count" }, ` (${counted(count, text.area_one, text.area_other)})`);
    return el("li", { dataset: key ? { key } : {} }, swatch(colour, pattern), el("span", { class: "legend-label" }, label), countText);
  }

  function overlayLegend(s) {
    const items = [];
    if (s.hotspots && hotspots) {
      items.push(el("li", { dataset: { key: "hotspots" } }, el("span", { class: "swatch swatch-outline", "aria-hidden": "true" }), el("span", { class: "legend-label" }, text.hotspot_legend), el("span", { class: "muted legend-count" }, ` (${hotspots.features.length})`)));
    }
    if (s.concentration && config.concentration) {
      items.push(el("li", { dataset: { key: "concentration" } }, el("span", { class: "swatch swatch-dashed", "aria-hidden": "true" }), el("span", { class: "legend-label" }, text.concentration_legend)));
    }
    return items;
  }

  function binLabel(bin, decimals) {
    const lower = formatNumber(bin.lower, decimals), upper = formatNumber(bin.upper, decimals);
    const range = lower === upper ? upper : `${lower} – ${upper}`;
    return bin.label ? `${bin.label[0].toUpperCase()}${bin.label.slice(1)}: ${range}` : range;
  }

  function renderIndicatorLegend(data, s) {
    const bins = data.legend.bins || [];
    const items = bins.map((b) => legendItem(b.colour, "", binLabel(b, data.legend.decimals ?? 1), b.count));
    items.push(legendItem(data.no_data.colour, "", text.missing, data.no_data.count, "no_data"));
    items.push(legendItem(data.suppressed.colour, "crosshatch", text.suppressed, data.suppressed.count, "suppressed"));
    legendList.replaceChildren(...items, ...overlayLegend(s));
    const meta = data.indicator;
    const source = config.synthetic ? text.synthetic_source : (meta.source ? `${text.source}: ${meta.source}${meta.licence ? ` (${meta.licence})` : ""}` : "");
    legendSource.textContent = `${meta.name}${meta.unit ? ` (${meta.unit})` : ""}, ${data.period}. ${source}`;
  }

  const classColour = (item, palette) => (palette === "accessible" ? item.accessible_colour : item.colour);

  function renderClassLegend(data, s) {
    const items = data.legend.map((c) => legendItem(classColour(c, s.palette), c.pattern, c.label, c.count, c.key));
    items.push(legendItem(data.no_data.colour, "", text.missing, data.no_data.count, "no_data"));
    legendList.replaceChildren(...items, ...overlayLegend(s));
    const reference = data.reference?.[`label_${lang}`] || data.reference?.label_nl || "";
    legendSource.textContent = `${text.class} ${data.period_start}–${data.period_end}; ${text.reference}: ${reference}. ${data.preset.title} (${data.preset.version}).${config.synthetic ? ` ${text.synthetic_source}` : ""}`;
  }

  // --- table --------------------------------------------------------------------------------
  function renderTable(s, data) {
    const headings = s.view === "classes" ? [text.area, text.code, text.class, text.explanation] : [text.area, text.code, text.value];
    table.tHead.replaceChildren(el("tr", {}, ...headings.map((h) => el("th", { scope: "col" }, h))));
    const codes = Object.keys(data.areas).sort((a, b) => nameOf(s.level, a).localeCompare(nameOf(s.level, b), "nl"));
    const rows = codes.map((code) => {
      const area = data.areas[code];
      // Every level but the complex has a neighbourhood profile (issue 12), as in the panel.
      const name = config.urls.profile && s.level !== "complex"
        ? el("a", { class: "profile-link", href: config.urls.profile.replace("AREA", encodeURIComponent(code)) }, nameOf(s.level, code))
        : nameOf(s.level, code);
      const cells = [el("td", {}, name), el("td", {}, code)];
      if (s.view === "classes") {
        if (area.status === "no_data") cells.push(el("td", { class: "status-no-data" }, text.missing), el("td", {}, ""));
        else cells.push(el("td", {}, area.label), el("td", { class: "small" }, area.explanation));
      } else if (area.status === "suppressed") cells.push(el("td", { class: "status-suppressed" }, text.suppressed));
      else if (area.status === "no_data") cells.push(el("td", { class: "status-no-data" }, text.missing));
      else cells.push(el("td", {}, formatNumber(area.value, Math.max(1, data.legend.decimals ?? 1)) + (area.estimated ? ` (${text.estimated})` : "")));
      return el("tr", { dataset: { code } }, ...cells);
    });
    table.tBodies[0].replaceChildren(...rows);
    document.getElementById("table-title").textContent = s.view === "classes" ? text.table_classes : text.table_values;
  }

  // --- overlays -----------------------------------------------------------------------------
  async function ensureHotspots() {
    if (hotspots) return hotspots;
    hotspots = await fetchJson(config.urls.hotspots);
    map.addSource("hotspots", { type: "geojson", data: hotspots, promoteId: "code" });
    map.addLayer({ id: "hotspots-casing", type: "line", source: "hotspots", paint: { "line-color": "#ffffff", "line-width": 5 } });
    map.addLayer({ id: "hotspots-line", type: "line", source: "hotspots", paint: { "line-color": "#c51b7d", "line-width": 2.5 } });
    return hotspots;
  }

  async function applyOverlays(s) {
    if (s.hotspots) await ensureHotspots().catch(() => null);
    for (const id of ["hotspots-casing", "hotspots-line"]) {
      if (map.getLayer(id)) map.setLayoutProperty(id, "visibility", s.hotspots ? "visible" : "none");
    }
    if (!config.concentration) return null;
    const period = s.view === "classes" ? config.period_end : s.period;
    const key = `${s.level}-${period}`;
    let data = null;
    if (s.concentration) {
      const query = new URLSearchParams({ indicator: config.concentration.indicator, level: s.level, period, scheme: "quantiles" });
      concentrationCache[key] ??= fetchJson(`${config.urls.map}?${query}`).catch(() => null);
      data = await concentrationCache[key];
    }
    for (const feature of geometry[s.level].features) {
      const value = data?.areas?.[feature.id]?.value;
      map.setFeatureState({ source: `areas-${s.level}`, id: feature.id }, { concentrated: Boolean(s.concentration && value !== null && value !== undefined && value > config.concentration.share) });
    }
    return data;
  }

  // --- downloads and URL --------------------------------------------------------------------
  function updateDownloads(s) {
    document.querySelectorAll("#downloads a[data-format]").forEach((link) => {
      const url = new URL(link.href, window.location.href);
      url.searchParams.set("level", s.level);
      if (link.dataset.kind === "indicator") {
        url.searchParams.set("indicator", s.indicator);
        url.searchParams.set("period", s.period);
      }
      link.href = url.toString();
    });
    document.querySelectorAll("#downloads [data-view]").forEach((group) => { group.hidden = group.dataset.view !== s.view; });
  }

  function syncUrl(s) {
    const query = new URLSearchParams({ run: config.run, view: s.view, indicator: s.indicator, level: s.level, period: s.period, scheme: s.scheme });
    if (s.palette === "accessible") query.set("palette", "accessible");
    if (!s.hotspots) query.set("hotspots", "0");
    if (s.concentration) query.set("concentration", "1");
    if (selected) query.set("area", selected.code);
    history.replaceState(null, "", `?${query}`);
    for (const link of document.querySelectorAll("a[data-keeps-state]")) {
      const url = new URL(link.href, window.location.href);
      for (const key of ["run", "indicator", "level", "scheme"]) url.searchParams.set(key, query.get(key));
      if (selected) url.searchParams.set("area", selected.code);
      link.href = url.toString();
    }
  }

  // --- the map's contents ---------------------------------------------------------------------
  async function classesFor(level) {
    classCache[level] ??= fetchJson(`${config.urls.classes}?level=${encodeURIComponent(level)}`).catch((error) => {
      delete classCache[level];
      throw error;
    });
    return classCache[level];
  }

  function fillPicker(level) {
    const features = [...geometry[level].features].sort((a, b) => a.properties.name.localeCompare(b.properties.name, "nl"));
    picker.replaceChildren(el("option", { value: "" }, text.choose), ...features.map((f) => el("option", { value: f.id }, `${f.properties.name} (${f.id})`)));
    picker.value = selected?.level === level ? selected.code : "";
  }

  async function refresh() {
    const s = state();
    const mine = ++requestNumber;
    // The veerkrachtkaart compares the run's two periods; indicator, year and classification do not apply.
    for (const field of [form.indicator, slider, form.scheme]) field.disabled = s.view === "classes";
    toggles.palette.disabled = s.view !== "classes";
    setState("loading");
    output.textContent = s.period;
    try {
      await ensureLevel(s.level);
      const data = s.view === "classes"
        ? await classesFor(s.level)
        : await fetchJson(`${config.urls.map}?${new URLSearchParams({ indicator: s.indicator, level: s.level, period: s.period, scheme: s.scheme })}`);
      if (mine !== requestNumber) return;
      if (shownLevel !== s.level) {
        // Another level is another map: what was selected on the old one is not on this one.
        if (selected) clearSelection();
        fillPicker(s.level);
      }
      current = { view: s.view, level: s.level, data };
      if (s.view === "classes") {
        const byKey = Object.fromEntries(data.legend.map((c) => [c.key, c]));
        paint(s.level, (code) => { const a = data.areas[code]; return a?.status === "value" ? classColour(byKey[a.class_key] || a, s.palette) : null; },
          (code) => data.areas[code]?.pattern || byKey[data.areas[code]?.class_key]?.pattern);
        renderClassLegend(data, s);
      } else {
        const bins = data.legend.bins || [];
        paint(s.level, (code) => { const a = data.areas[code]; return a?.status === "value" && a.bin >= 0 ? bins[a.bin].colour : a?.status === "suppressed" ? data.suppressed.colour : null; },
          (code) => (data.areas[code]?.status === "suppressed" ? "crosshatch" : null));
        renderIndicatorLegend(data, s);
      }
      current.concentration = await applyOverlays(s);
      if (mine !== requestNumber) return;
      if (s.view === "classes") renderClassLegend(data, s); else renderIndicatorLegend(data, s);
      renderTable(s, data);
      updateDownloads(s);
      if (initialArea) {
        const wanted = initialArea;
        initialArea = null;
        if (featureOf(s.level, wanted)) select(wanted, { fly: true });
      } else if (selected) {
        showArea(selected.code);
      } else {
        showNothing();
      }
      syncUrl(s);
      map.once("idle", () => { if (mine === requestNumber) setState("ready"); });
      map.triggerRepaint();
    } catch (error) {
      if (mine !== requestNumber) return;
      setState("error");
      legendList.replaceChildren(el("li", { class: "error", role: "alert" }, `${text.error} ${error.message}`));
    }
  }

  // --- the panel ------------------------------------------------------------------------------
  function showNothing() {
    panelNumber += 1;
    panel.replaceChildren(el("p", { class: "muted" }, text.nothing_selected));
    container.dataset.selected = "";
  }

  function clearSelection() {
    if (selected && geometry[selected.level]) map.setFeatureState({ source: `areas-${selected.level}`, id: selected.code }, { selected: false });
    selected = null;
    picker.value = "";
    showNothing();
  }

  function select(code, { fly = false, scroll = false } = {}) {
    const s = state();
    if (selected) map.setFeatureState({ source: `areas-${selected.level}`, id: selected.code }, { selected: false });
    const feature = featureOf(s.level, code);
    if (!feature) { clearSelection(); syncUrl(s); return; }
    selected = { level: s.level, code };
    map.setFeatureState({ source: `areas-${s.level}`, id: code }, { selected: true });
    picker.value = code;
    if (fly) map.fitBounds(boundsOf(feature.geometry), { padding: 40, maxZoom: 15, duration: 0 });
    showArea(code);
    syncUrl(s);
    if (scroll && narrow.matches) panel.closest(".area-panel").scrollIntoView({ block: "start" });
  }

  function classBlock(info, palette, detailsOpen) {
    if (!info || info.status !== "value") return [el("p", { class: "area-no-class" }, text.no_class)];
    const legendItem = current.view === "classes" ? current.data.legend.find((c) => c.key === info.class_key) : null;
    const colour = palette === "accessible" ? info.accessible_colour : info.colour;
    const blocks = [
      el("p", { class: "class-badge" }, swatch(colour, info.pattern), el("strong", { class: "area-class-label" }, info.label)),
    ];
    const description = legendItem?.description || classDescriptions[info.class_key];
    if (description) blocks.push(el("p", { class: "area-class-description small muted" }, description));
    blocks.push(el("p", { class: "area-explanation" }, info.explanation));
    if (info.calculation) {
      const details = el("details", { class: "area-calculation", open: detailsOpen }, el("summary", {}, text.how), el("p", { class: "small" }, info.calculation), el("p", { class: "small" }, el("a", { href: config.urls.method }, text.method_link)));
      blocks.push(details);
    }
    return blocks;
  }

  const classDescriptions = Object.fromEntries((config.classes || []).map((c) => [c.key, c.description]));

  async function showArea(code) {
    const s = state();
    const mine = ++panelNumber;
    const level = s.level;
    const previous = panel.querySelector("details.area-calculation");
    const detailsOpen = Boolean(previous?.open);
    const parts = [
      el("p", { class: "area-info-level muted small" }, text.levels[level] || level),
      el("p", { class: "area-info-name", dataset: { code } }, nameOf(level, code)),
      el("p", { class: "muted small" }, `${text.code}: ${code}`),
    ];
    // Every level but the complex has a neighbourhood profile (issue 12).
    if (config.urls.profile && level !== "complex") {
      parts.push(el("p", {}, el("a", { class: "area-profile-link", href: config.urls.profile.replace("AREA", encodeURIComponent(code)) }, text.profile)));
    }
    if (s.view === "indicator" && current?.data?.areas) {
      const area = current.data.areas[code];
      const meta = current.data.indicator;
      const shown = !area || area.status === "no_data" ? text.missing
        : area.status === "suppressed" ? text.suppressed
        : `${formatNumber(area.value, Math.max(1, current.data.legend.decimals ?? 1))}${meta.unit ? ` ${meta.unit}` : ""}${area.estimated ? ` (${text.estimated})` : ""}`;
      parts.push(el("p", {}, `${meta.name} ${current.data.period}: `, el("strong", { class: "area-value", dataset: { status: area?.status || "no_data" } }, shown)));
    }
    const concentrated = current?.concentration?.areas?.[code];
    if (s.concentration && concentrated && concentrated.status === "value") {
      const over = concentrated.value > config.concentration.share;
      parts.push(el("p", { class: "small" }, `${text.concentration_indicator}: ${formatNumber(concentrated.value, 0)}%${over ? ` (${text.concentration_over})` : ""}`));
    }
    const buurtHotspots = hotspots?.buurten?.[code];
    if (s.hotspots && buurtHotspots) {
      const share = buurtHotspots.share_residents_pct;
      parts.push(el("p", { class: "area-hotspots" }, `${counted(buurtHotspots.hotspots, text.hotspot_one, text.hotspot_other)}: ${share === null ? text.hotspot_share_withheld : text.hotspot_share.replace("{share}", formatNumber(share, 1))}`));
    }
    const classBox = el("div", { id: "area-class" });
    parts.push(classBox);
    const charts = el("div", { class: "area-charts" });
    parts.push(charts);
    panel.replaceChildren(...parts);
    container.dataset.selected = code;

    const classes = s.view === "classes" ? current.data : await classesFor(level).catch(() => null);
    if (mine !== panelNumber) return;
    classBox.replaceChildren(...classBlock(classes?.areas?.[code], s.palette, detailsOpen));

    // The chart follows the view: the indicator shown, or the two layers behind the class.
    const indicators = s.view === "classes" ? config.class_indicators : [{ code: s.indicator }];
    for (const item of indicators) {
      const series = await fetchJson(`${config.urls.series}?area=${encodeURIComponent(code)}&indicator=${encodeURIComponent(item.code)}`).catch(() => null);
      if (mine !== panelNumber) return;
      if (!series) continue;
      const meta = s.view === "classes" ? item : current.data.indicator;
      const figure = drawSeries(series, meta, text);
      if (figure) charts.append(figure);
    }
  }

  // --- events -------------------------------------------------------------------------------
  map.on("click", (event) => {
    if (!shownLevel) return;
    const feature = map.queryRenderedFeatures(event.point, { layers: [`fill-${shownLevel}`] })[0];
    if (feature) select(feature.id, { scroll: true });
    else { clearSelection(); syncUrl(state()); }
  });
  map.on("mousemove", (event) => {
    if (!shownLevel) return;
    const hit = map.queryRenderedFeatures(event.point, { layers: [`fill-${shownLevel}`] }).length > 0;
    map.getCanvas().style.cursor = hit ? "pointer" : "";
  });
  picker.addEventListener("change", (event) => {
    event.stopPropagation();
    if (picker.value) select(picker.value, { fly: true });
    else { clearSelection(); syncUrl(state()); }
  });

  slider.addEventListener("input", () => {
    // Snap to years that exist in the run (the Leefbaarometer is biennial, for instance).
    const nearest = periods.reduce((a, b) => (Math.abs(b - slider.value) < Math.abs(a - slider.value) ? b : a));
    slider.value = nearest;
    output.textContent = nearest;
  });
  function offerFixedClasses() {
    // Fixed classes exist only for indicators whose catalogue entry has a legend (like the 2021 study's).
    const fixed = form.scheme.querySelector('option[value="fixed"]');
    const available = form.indicator.selectedOptions[0]?.dataset.fixed === "1";
    fixed.disabled = !available;
    if (!available && form.scheme.value === "fixed") form.scheme.value = "quantiles";
  }
  form.addEventListener("change", (event) => {
    if (event.target === picker) return;
    if (event.target.name === "run") { form.submit(); return; }
    offerFixedClasses();
    refresh();
  });
  offerFixedClasses();
  form.addEventListener("submit", (event) => { event.preventDefault(); refresh(); });
  map.on("load", () => { addPatterns(map); refresh(); });
  map.on("error", (event) => console.error("map error", event.error));
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
