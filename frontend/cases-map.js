// SPDX-License-Identifier: EUPL-1.2
// The small maps of the meldingen pages: where a melding is (data-mode="show"), or where a new one is
// (data-mode="pick": a click places the point and fills the form's hidden longitude and latitude). The
// form's address, complex and buurt fields are the way without a map; this island only adds to them.
import maplibregl from "maplibre-gl";
import { boundsOf, createMap, el, jsonScript } from "./common.js";

const COLOURS = { fill: "#9fb8cc", line: "#2d4a63", chosen: "#00557f" };

function marker(map, lngLat, title) {
  const node = el("div", { class: "case-marker", title, role: "img", "aria-label": title });
  return new maplibregl.Marker({ element: node }).setLngLat(lngLat).addTo(map);
}

async function addBuurten(map, url, highlight) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const data = await response.json();
  map.addSource("buurten", { type: "geojson", data, promoteId: "code" });
  map.addLayer({
    id: "buurt-fill", type: "fill", source: "buurten",
    paint: { "fill-color": ["case", ["==", ["get", "code"], highlight || ""], COLOURS.chosen, COLOURS.fill], "fill-opacity": 0.35 },
  });
  map.addLayer({ id: "buurt-line", type: "line", source: "buurten", paint: { "line-color": COLOURS.line, "line-width": 1 } });
  return data;
}

function allBounds(data) {
  const bounds = new maplibregl.LngLatBounds();
  for (const feature of data.features) bounds.extend(boundsOf(feature.geometry));
  return bounds;
}

function start() {
  const container = document.getElementById("case-map");
  if (!container) return;
  const data = jsonScript("case-map-data");
  const text = data.labels || data;
  const picking = container.dataset.mode === "pick";
  const map = createMap(container, [], "CBS / Kadaster (CC BY 4.0)");
  window.veerkrachtMap = map;
  const setState = (state) => { container.dataset.state = state; };
  let placed = null;

  const longitude = document.getElementById("id_longitude");
  const latitude = document.getElementById("id_latitude");
  const status = document.getElementById("pick-status");
  const place = (lngLat) => {
    if (placed) placed.remove();
    placed = marker(map, lngLat, text.marker);
    if (!picking) return;
    longitude.value = lngLat.lng.toFixed(6);
    latitude.value = lngLat.lat.toFixed(6);
    status.textContent = `${text.chosen}: ${lngLat.lat.toFixed(5)}, ${lngLat.lng.toFixed(5)}`;
  };

  map.on("load", async () => {
    try {
      const buurten = await addBuurten(map, container.dataset.geojsonUrl, data.buurt);
      const point = data.point ? { lng: data.point[0], lat: data.point[1] }
        : (picking && longitude.value && latitude.value ? { lng: Number(longitude.value), lat: Number(latitude.value) } : null);
      if (point) {
        place(point);
        map.jumpTo({ center: point, zoom: 16 });
      } else {
        const own = buurten.features.find((f) => f.id === data.buurt);
        if (own) map.fitBounds(boundsOf(own.geometry), { padding: 20, duration: 0 });
        else if (buurten.features.length) map.fitBounds(allBounds(buurten), { padding: 20, duration: 0 });
      }
      map.once("idle", () => setState("ready"));
      map.triggerRepaint();
    } catch (error) {
      setState("error");
      container.replaceChildren(el("p", { class: "error", role: "alert" }, `${text.error} (${error.message})`));
    }
  });
  if (picking) {
    map.on("click", (event) => place(event.lngLat));
    document.getElementById("pick-clear")?.addEventListener("click", () => {
      if (placed) placed.remove();
      placed = null;
      longitude.value = "";
      latitude.value = "";
      status.textContent = text.cleared;
    });
  }
  map.on("error", (event) => console.error("map error", event.error));
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
