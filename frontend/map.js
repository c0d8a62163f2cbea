// SPDX-License-Identifier: EUPL-1.2
// The home page map: buurten, wijken and rayons from the areas API, with hover, click and a keyboard picker.
import { boundsOf, createMap, escapeHtml, jsonScript } from "./common.js";

const COLOURS = { fill: "#9fb8cc", hover: "#5b8db3", selected: "#00557f", line: "#2d4a63" };

function showArea(panel, props, text) {
  if (!props) return;
  const parent = props.parent_name ? `<p>${escapeHtml(text.in)} ${escapeHtml(props.parent_name)} (${escapeHtml(props.parent_code)})</p>` : "";
  const synthetic = props.synthetic ? ` <span class="badge-synthetic">${escapeHtml(text.synthetic)}</span>` : "";
  panel.innerHTML =
    `<p class="area-info-level">${escapeHtml(text[props.level] || props.level)}${synthetic}</p>` +
    `<p class="area-info-name" data-code="${escapeHtml(props.code)}">${escapeHtml(props.name)}</p>` +
    `<p>${escapeHtml(text.code)}: <span class="area-info-code">${escapeHtml(props.code)}</span></p>` + parent;
}

function start() {
  const container = document.getElementById("map");
  if (!container) return;
  const text = jsonScript("map-labels");
  const panel = document.getElementById("area-info");
  const extent = (container.dataset.extent || "").split(",").map(Number);
  const baseUrl = container.dataset.geojsonUrl;
  const loaded = {};
  let active = document.querySelector('input[name="layer"]:checked')?.value || "buurt";
  let hovered = null;
  let selected = null;

  const map = createMap(container, extent, "CBS / Kadaster (CC BY 4.0)");
  window.veerkrachtMap = map;

  const setState = (state) => { container.dataset.state = state; };
  const setFeatureState = (level, code, state) => {
    if (code) map.setFeatureState({ source: `areas-${level}`, id: code }, state);
  };

  async function ensureLayer(level) {
    if (loaded[level]) return loaded[level];
    const response = await fetch(`${baseUrl}?level=${encodeURIComponent(level)}`);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const data = await response.json();
    map.addSource(`areas-${level}`, { type: "geojson", data, promoteId: "code" });
    map.addLayer({
      id: `fill-${level}`, type: "fill", source: `areas-${level}`,
      paint: {
        "fill-color": ["case", ["boolean", ["feature-state", "selected"], false], COLOURS.selected,
          ["boolean", ["feature-state", "hover"], false], COLOURS.hover, COLOURS.fill],
        "fill-opacity": 0.55,
      },
    });
    map.addLayer({ id: `line-${level}`, type: "line", source: `areas-${level}`, paint: { "line-color": COLOURS.line, "line-width": level === "buurt" ? 0.8 : 1.6 } });
    loaded[level] = data;
    return data;
  }

  function fillPicker(level, data) {
    const picker = document.getElementById("area-picker");
    if (!picker) return;
    const features = [...data.features].sort((a, b) => a.properties.name.localeCompare(b.properties.name, "nl"));
    picker.innerHTML = `<option value="">—</option>` + features.map((f) => `<option value="${escapeHtml(f.id)}">${escapeHtml(f.properties.name)} (${escapeHtml(f.id)})</option>`).join("");
  }

  function select(level, feature) {
    if (selected) setFeatureState(selected.level, selected.code, { selected: false });
    selected = feature ? { level, code: feature.properties.code } : null;
    if (feature) {
      setFeatureState(level, feature.properties.code, { selected: true });
      showArea(panel, feature.properties, text);
      container.dataset.selected = feature.properties.code;
    }
  }

  async function activate(level) {
    setState("loading");
    try {
      const data = await ensureLayer(level);
      for (const other of Object.keys(loaded)) {
        const visibility = other === level ? "visible" : "none";
        map.setLayoutProperty(`fill-${other}`, "visibility", visibility);
        map.setLayoutProperty(`line-${other}`, "visibility", visibility);
      }
      active = level;
      fillPicker(level, data);
      map.once("idle", () => setState("ready"));
      map.triggerRepaint();
    } catch (error) {
      setState("error");
      panel.innerHTML = `<p class="error" role="alert">${escapeHtml(text.error)} (${escapeHtml(error.message)})</p>`;
    }
  }

  map.on("mousemove", (event) => {
    const feature = map.queryRenderedFeatures(event.point, { layers: [`fill-${active}`] })[0];
    const code = feature?.properties.code ?? null;
    if (code === hovered) return;
    if (hovered) setFeatureState(active, hovered, { hover: false });
    hovered = code;
    map.getCanvas().style.cursor = code ? "pointer" : "";
    if (feature) {
      setFeatureState(active, code, { hover: true });
      showArea(panel, feature.properties, text);
    }
  });
  map.on("mouseout", () => {
    if (hovered) setFeatureState(active, hovered, { hover: false });
    hovered = null;
  });
  map.on("click", (event) => {
    const feature = map.queryRenderedFeatures(event.point, { layers: [`fill-${active}`] })[0];
    select(active, feature || null);
  });

  document.querySelectorAll('input[name="layer"]').forEach((input) => {
    input.addEventListener("change", () => input.checked && activate(input.value));
  });
  document.getElementById("area-picker")?.addEventListener("change", (event) => {
    const feature = loaded[active]?.features.find((f) => f.id === event.target.value);
    if (!feature) return;
    select(active, feature);
    map.fitBounds(boundsOf(feature.geometry), { padding: 40, maxZoom: 15 });
  });

  map.on("load", () => activate(active));
  map.on("error", (event) => console.error("map error", event.error));
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
