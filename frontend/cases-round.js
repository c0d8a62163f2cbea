// SPDX-License-Identifier: EUPL-1.2
// "Gebruik mijn locatie" on a resident team's round: the phone's position (Geolocation API) fills the
// finding's hidden longitude and latitude. Without it, or when it fails, the typed address and buurt are
// the way, and focus goes there. No map: a round is entered on a phone, on the street.
// No import of common.js: it carries MapLibre, which a phone on the street should not have to load.

function jsonScript(id) {
  const node = document.getElementById(id);
  return node ? JSON.parse(node.textContent) : {};
}

function start() {
  const text = jsonScript("round-labels");
  const buttons = document.querySelectorAll("button.use-location");
  if (!("geolocation" in navigator)) return;
  for (const button of buttons) {
    const prefix = button.dataset.prefix;
    const longitude = document.getElementById(`id_${prefix}-longitude`);
    const latitude = document.getElementById(`id_${prefix}-latitude`);
    const status = document.getElementById(`${prefix}-location-status`);
    const address = document.getElementById(`id_${prefix}-address`);
    button.hidden = false;
    button.addEventListener("click", () => {
      status.textContent = text.locating;
      button.disabled = true;
      navigator.geolocation.getCurrentPosition(
        (position) => {
          longitude.value = position.coords.longitude.toFixed(6);
          latitude.value = position.coords.latitude.toFixed(6);
          status.textContent = text.located.replace("%(metres)s", Math.round(position.coords.accuracy));
          button.disabled = false;
        },
        () => {
          longitude.value = "";
          latitude.value = "";
          status.textContent = text.failed;
          button.disabled = false;
          address?.focus();
        },
        { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
      );
    });
  }
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
