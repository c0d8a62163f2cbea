// SPDX-License-Identifier: EUPL-1.2
// Small helpers shared by the map islands.
import maplibregl from "maplibre-gl";

export function escapeHtml(text) {
  return String(text ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

// Colours go through the style object, not a style="" attribute: the Content-Security-Policy allows
// the first and blocks the second.
export function applyColours(root) {
  root.querySelectorAll("[data-colour]").forEach((node) => { node.style.background = node.dataset.colour; });
  root.querySelectorAll("[data-line-colour]").forEach((node) => { node.style.borderColor = node.dataset.lineColour; });
}

export function jsonScript(id) {
  const node = document.getElementById(id);
  return node ? JSON.parse(node.textContent) : {};
}

export function boundsOf(geometry) {
  const bounds = new maplibregl.LngLatBounds();
  const walk = (coords) => (typeof coords[0] === "number" ? bounds.extend(coords) : coords.forEach(walk));
  walk(geometry.coordinates);
  return bounds;
}

// A map without basemap tiles: works offline and keeps the data in front.
export function createMap(container, extent, attribution) {
  const bounds = extent.length === 4 && extent.every(Number.isFinite) ? [[extent[0], extent[1]], [extent[2], extent[3]]] : undefined;
  const map = new maplibregl.Map({
    container,
    style: { version: 8, sources: {}, layers: [{ id: "background", type: "background", paint: { "background-color": "#eef2f5" } }] },
    bounds,
    fitBoundsOptions: { padding: 20 },
    attributionControl: { compact: true, customAttribution: attribution },
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }));
  return map;
}

export function formatNumber(value, decimals = 1) {
  if (value === null || value === undefined || Number.isNaN(value)) return "—";
  return Number(value).toLocaleString(document.documentElement.lang || "nl", { maximumFractionDigits: decimals, minimumFractionDigits: decimals });
}
