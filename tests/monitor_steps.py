# SPDX-License-Identifier: EUPL-1.2
"""Steps on the monitor page that the browser tests share: wait, find an area on the map, read the panel."""

from typing import Any

Page = Any

# A point inside the area as drawn: scan the canvas for pixels whose feature is the area, take the middle one.
_FIND = """([level, code]) => {
  const map = window.veerkrachtMap;
  const canvas = map.getCanvas();
  // Only where a person can click: the part of the map inside the window.
  const box = canvas.getBoundingClientRect();
  const right = Math.min(canvas.clientWidth, window.innerWidth - box.left);
  const bottom = Math.min(canvas.clientHeight, window.innerHeight - box.top);
  const hits = [];
  for (let x = Math.max(4, 4 - box.left); x < right - 2; x += 6) {
    for (let y = Math.max(4, 4 - box.top); y < bottom - 2; y += 6) {
      const f = map.queryRenderedFeatures([x, y], { layers: [`fill-${level}`] })[0];
      if (f && f.id === code) hits.push([x, y]);
    }
  }
  if (!hits.length) return null;
  hits.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return hits[Math.floor(hits.length / 2)];
}"""


def wait_ready(page: Page) -> None:
    page.wait_for_selector("#monitor-map[data-state=ready]", timeout=30_000)


def click_area(page: Page, code: str, level: str = "buurt") -> None:
    """Click (or tap) the area on the map, as a person would: scrolled to the map first."""
    page.locator("#monitor-map").evaluate("map => map.scrollIntoView({block: 'start'})")
    point = page.evaluate(_FIND, [level, code])
    assert point, f"{code} is not on the map"
    box = page.locator("#monitor-map canvas").bounding_box()
    page.mouse.click(box["x"] + point[0], box["y"] + point[1])


def panel_code(page: Page) -> str | None:
    name = page.locator("#area-info .area-info-name")
    return name.get_attribute("data-code") if name.count() else None


def choose_view(page: Page, view: str) -> None:
    page.locator(f'input[name="view"][value="{view}"]').check()
    wait_ready(page)
