// SPDX-License-Identifier: EUPL-1.2
// The monitor page: a choropleth of a run's published values (or its veerkrachtkaart), a legend in classes,
// a time slider, the explanation of a clicked area and its series against the gemeente and the country.
import "maplibre-gl/dist/maplibre-gl.css";
import { applyColours, createMap, escapeHtml, formatNumber, jsonScript } from "./common.js";
import { drawSeries } from "./series.js";

const HIDDEN = "#d9d9d9";

function start() {
  const container = document.getElementById("monitor-map");
  if (!container) return;
  const text = jsonScript("monitor-labels");
  const form = document.getElementById("monitor-controls");
  const panel = document.getElementById("area-info");
  const legendList = document.getElementById("legend");
  const legendSource = document.getElementById("legend-source");
  const tableBody = document.querySelector("#values-table tbody");
  const slider = document.getElementById("period-slider");
  const output = document.getElementById("period-output");
  const periods = slider.dataset.periods.split(",").map(Number);
  const map = createMap(container, container.dataset.extent.split(",").map(Number), "CBS / Kadaster (CC BY 4.0), Leefbaarometer (BZK)");
  window.veerkrachtMap = map;

  const geometry = {};
  const classCache = {};
  let current = { areas: {} };
  let shownLevel = null;
  let selected = null;
  let requestNumber = 0;

  const state = () => ({
    view: form.querySelector('input[name="view"]:checked').value,
    indicator: form.indicator.value,
    level: form.level.value,
    period: Number(slider.value),
    scheme: form.scheme.value,
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
    const data = await fetchJson(`${container.dataset.geojsonUrl}?${new URLSearchParams({ level, year: container.dataset.indeling })}`);
    map.addSource(`areas-${level}`, { type: "geojson", data, promoteId: "code" });
    map.addLayer({
      id: `fill-${level}`, type: "fill", source: `areas-${level}`,
      paint: {
        "fill-color": ["coalesce", ["feature-state", "colour"], HIDDEN],
        "fill-opacity": ["case", ["boolean", ["feature-state", "selected"], false], 0.95, 0.8],
      },
    });
    map.addLayer({
      id: `line-${level}`, type: "line", source: `areas-${level}`,
      paint: {
        "line-color": ["case", ["boolean", ["feature-state", "selected"], false], "#000000", "#ffffff"],
        "line-width": ["case", ["boolean", ["feature-state", "selected"], false], 3, 0.8],
      },
    });
    geometry[level] = data;
    return data;
  }

  function names(level) {
    return Object.fromEntries((geometry[level]?.features || []).map((f) => [f.id, f.properties.name]));
  }

  function paint(level, colourOf) {
    for (const feature of geometry[level].features) {
      map.setFeatureState({ source: `areas-${level}`, id: feature.id }, { colour: colourOf(feature.id) || HIDDEN });
    }
    for (const other of Object.keys(geometry)) {
      const visibility = other === level ? "visible" : "none";
      map.setLayoutProperty(`fill-${other}`, "visibility", visibility);
      map.setLayoutProperty(`line-${other}`, "visibility", visibility);
    }
    shownLevel = level;
  }

  function legendItem(colour, label, count) {
    const counted = count === undefined ? "" : ` <span class="muted">(${count} ${escapeHtml(text.areas)})</span>`;
    return `<li><span class="swatch" data-colour="${escapeHtml(colour)}"></span><span class="legend-label">${label}</span>${counted}</li>`;
  }

  function renderIndicator(data, s) {
    const bins = data.legend.bins;
    paint(s.level, (code) => {
      const area = data.areas[code];
      return area && area.bin >= 0 ? bins[area.bin].colour : null;
    });
    const decimals = Math.abs(bins.at(-1)?.upper ?? 0) < 10 ? 2 : 1;
    legendList.innerHTML = bins
      .map((b) => legendItem(b.colour, `${formatNumber(b.lower, decimals)} – ${formatNumber(b.upper, decimals)}`, b.count))
      .join("") + legendItem(HIDDEN, escapeHtml(text.suppressed));
    applyColours(legendList);
    const meta = data.indicator;
    legendSource.textContent = `${meta.name}${meta.unit ? ` (${meta.unit})` : ""}, ${data.period}. ${meta.source ? `Bron: ${meta.source}` : ""}${meta.licence ? ` (${meta.licence})` : ""}${data.synthetic ? ` — ${text.synthetic}` : ""}`;
    const labelOf = names(s.level);
    tableBody.innerHTML = Object.entries(data.areas)
      .sort((a, b) => (labelOf[a[0]] || a[0]).localeCompare(labelOf[b[0]] || b[0], "nl"))
      .map(([code, area]) => {
        const value = area.suppressed ? escapeHtml(text.suppressed) : formatNumber(area.value) + (area.estimated ? ` (${escapeHtml(text.estimated)})` : "");
        return `<tr><td>${escapeHtml(labelOf[code] || code)}</td><td>${escapeHtml(code)}</td><td>${value}</td></tr>`;
      })
      .join("");
  }

  function renderClasses(data, s) {
    paint(s.level, (code) => data.areas[code]?.colour);
    legendList.innerHTML = data.legend.map((c) => legendItem(c.colour, escapeHtml(c.class_label_nl), c.count)).join("");
    applyColours(legendList);
    legendSource.textContent = `${text.class} ${data.period_start}–${data.period_end}, referentie: ${data.reference?.label_nl || ""}${data.synthetic ? ` — ${text.synthetic}` : ""}`;
    const labelOf = names(s.level);
    tableBody.innerHTML = Object.values(data.areas)
      .sort((a, b) => (labelOf[a.area_code] || a.area_code).localeCompare(labelOf[b.area_code] || b.area_code, "nl"))
      .map((a) => `<tr><td>${escapeHtml(labelOf[a.area_code] || a.area_code)}</td><td>${escapeHtml(a.area_code)}</td><td>${escapeHtml(a.class_label_nl)}</td></tr>`)
      .join("");
  }

  async function classesFor(level) {
    classCache[level] ??= fetchJson(`${container.dataset.classesUrl}?${new URLSearchParams({ level })}`);
    return classCache[level];
  }

  function updateDownloads(s) {
    document.querySelectorAll("#downloads a[data-format]").forEach((link) => {
      const url = new URL(link.href, window.location.href);
      for (const key of ["indicator", "level", "period"]) url.searchParams.set(key, s[key]);
      link.href = url.toString();
    });
  }

  async function refresh() {
    const s = state();
    const mine = ++requestNumber;
    // The veerkrachtkaart compares the run's two periods; indicator, year and classes do not apply to it.
    for (const field of [form.indicator, slider, form.scheme]) field.disabled = s.view === "classes";
    setState("loading");
    output.textContent = s.period;
    try {
      await ensureLevel(s.level);
      if (s.view === "classes") {
        const data = await classesFor(s.level);
        if (mine !== requestNumber) return;
        renderClasses(data, s);
      } else {
        const query = new URLSearchParams({ indicator: s.indicator, level: s.level, period: s.period, scheme: s.scheme });
        current = await fetchJson(`${container.dataset.mapUrl}?${query}`);
        if (mine !== requestNumber) return;
        renderIndicator(current, s);
      }
      updateDownloads(s);
      history.replaceState(null, "", `?${new URLSearchParams({ run: container.dataset.run, indicator: s.indicator, level: s.level, period: s.period })}`);
      if (selected && selected.level === s.level) showArea(selected.code);
      map.once("idle", () => { if (mine === requestNumber) setState("ready"); });
      map.triggerRepaint();
    } catch (error) {
      setState("error");
      legendList.innerHTML = `<li class="error" role="alert">${escapeHtml(text.error)} ${escapeHtml(error.message)}</li>`;
    }
  }

  async function showArea(code) {
    const s = state();
    const name = names(s.level)[code] || code;
    const area = current.areas?.[code];
    const value = s.view === "indicator" && area
      ? `<p>${escapeHtml(current.indicator.name)} ${current.period}: <strong class="area-value">${area.suppressed ? escapeHtml(text.suppressed) : formatNumber(area.value, 2)}</strong>${area.estimated ? ` (${escapeHtml(text.estimated)})` : ""}</p>`
      : "";
    panel.innerHTML = `<p class="area-info-name" data-code="${escapeHtml(code)}">${escapeHtml(name)}</p><p class="muted">${escapeHtml(code)}</p>${value}<div id="area-class"></div>`;
    container.dataset.selected = code;
    const classes = await classesFor(s.level).catch(() => null);
    const info = classes?.areas?.[code];
    const box = document.getElementById("area-class");
    if (info && box) {
      box.innerHTML = `<p class="class-badge"><span class="swatch" data-colour="${escapeHtml(info.colour)}"></span><strong class="area-class-label">${escapeHtml(info.class_label_nl)}</strong></p><p class="area-explanation">${escapeHtml(info.explanation_nl || "")}</p>`;
      applyColours(box);
    }
    if (s.view === "indicator") {
      const series = await fetchJson(`${container.dataset.seriesUrl}?area=${encodeURIComponent(code)}&indicator=${encodeURIComponent(s.indicator)}`).catch(() => null);
      if (series) drawSeries(document.getElementById("series-figure"), series, current.indicator, text);
    }
  }

  map.on("click", (event) => {
    if (!shownLevel) return;
    const feature = map.queryRenderedFeatures(event.point, { layers: [`fill-${shownLevel}`] })[0];
    if (selected) map.setFeatureState({ source: `areas-${selected.level}`, id: selected.code }, { selected: false });
    selected = feature ? { level: shownLevel, code: feature.id } : null;
    if (!feature) return;
    map.setFeatureState({ source: `areas-${shownLevel}`, id: feature.id }, { selected: true });
    showArea(feature.id);
  });
  map.on("mousemove", (event) => {
    if (!shownLevel) return;
    const hit = map.queryRenderedFeatures(event.point, { layers: [`fill-${shownLevel}`] }).length > 0;
    map.getCanvas().style.cursor = hit ? "pointer" : "";
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
    if (event.target.name === "run") { form.submit(); return; }
    offerFixedClasses();
    refresh();
  });
  offerFixedClasses();
  form.addEventListener("submit", (event) => { event.preventDefault(); refresh(); });
  map.on("load", refresh);
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
