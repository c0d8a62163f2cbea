// SPDX-License-Identifier: EUPL-1.2
// Small helpers shared by the map islands. Pages build their DOM with el() and set colours through
// the CSSOM (element.style), never with style="" attributes: the Content-Security-Policy allows the
// one and not the other.
import maplibregl from "maplibre-gl";

export function escapeHtml(text) {
  return String(text ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

export function jsonScript(id) {
  const node = document.getElementById(id);
  return node ? JSON.parse(node.textContent) : {};
}

// el("p", {class: "muted", dataset: {code: "BU1"}}, "text", child): a DOM node with attributes and children.
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "dataset") Object.assign(node.dataset, value);
    else if (key === "colour") node.style.backgroundColor = value;
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function boundsOf(geometry) {
  const bounds = new maplibregl.LngLatBounds();
  const walk = (coords) => (typeof coords[0] === "number" ? bounds.extend(coords) : coords.forEach(walk));
  walk(geometry.coordinates);
  return bounds;
}

export function language() {
  return (document.documentElement.lang || "nl").startsWith("en") ? "en" : "nl";
}

// The map controls speak the page's language (MapLibre's own texts are English).
const DUTCH = {
  "AttributionControl.ToggleAttribution": "Bronvermelding tonen of verbergen",
  "AttributionControl.MapFeedback": "Feedback over de kaart",
  "FullscreenControl.Enter": "Volledig scherm",
  "FullscreenControl.Exit": "Volledig scherm sluiten",
  "GeolocateControl.FindMyLocation": "Mijn locatie zoeken",
  "GeolocateControl.LocationNotAvailable": "Locatie niet beschikbaar",
  "LogoControl.Title": "MapLibre-logo",
  "Map.Title": "Kaart",
  "Marker.Title": "Markering",
  "NavigationControl.ResetBearing": "Sleep om de kaart te draaien, klik om het noorden boven te zetten",
  "NavigationControl.ZoomIn": "Inzoomen",
  "NavigationControl.ZoomOut": "Uitzoomen",
  "Popup.Close": "Sluiten",
  "ScaleControl.Kilometers": "km",
  "ScaleControl.Meters": "m",
  "CooperativeGesturesHandler.WindowsHelpText": "Gebruik Ctrl + scrollen om in te zoomen",
  "CooperativeGesturesHandler.MacHelpText": "Gebruik ⌘ + scrollen om in te zoomen",
  "CooperativeGesturesHandler.MobileHelpText": "Gebruik twee vingers om de kaart te verschuiven",
};

// A map without basemap tiles: works offline and keeps the data in front.
export function createMap(container, extent, attribution) {
  const bounds = extent.length === 4 && extent.every(Number.isFinite) ? [[extent[0], extent[1]], [extent[2], extent[3]]] : undefined;
  const map = new maplibregl.Map({
    container,
    style: { version: 8, sources: {}, layers: [{ id: "background", type: "background", paint: { "background-color": "#eef2f5" } }] },
    bounds,
    fitBoundsOptions: { padding: 20 },
    attributionControl: { compact: true, customAttribution: attribution },
    locale: language() === "nl" ? DUTCH : {},
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }));
  return map;
}

export function formatNumber(value, decimals = 1) {
  if (value === null || value === undefined || Number.isNaN(value)) return "—";
  // No "-0,0": a value that rounds to zero is shown as zero.
  const number = Math.abs(Number(value)) < 0.5 * 10 ** -decimals ? 0 : Number(value);
  return number.toLocaleString(document.documentElement.lang || "nl", { maximumFractionDigits: decimals, minimumFractionDigits: decimals }).replace("-", "−");
}

// "1 gebied", "2 gebieden": the page passes both forms in its labels.
export function counted(count, one, other) {
  return `${count.toLocaleString(document.documentElement.lang || "nl")} ${count === 1 ? one : other}`;
}
