// SPDX-License-Identifier: EUPL-1.2
// A small line chart of an indicator over time: the area against its gemeente and the Netherlands.
import { applyColours, escapeHtml, formatNumber } from "./common.js";

const STYLES = [
  { colour: "#00557f", dash: "" },
  { colour: "#c05600", dash: "6 3" },
  { colour: "#555555", dash: "2 3" },
];

export function drawSeries(figure, data, indicator, text) {
  const series = data.series.filter((s) => s.points.some((p) => p[1] !== null));
  if (!series.length) { figure.hidden = true; return; }
  const width = 320, height = 180, left = 44, right = 10, top = 10, bottom = 28;
  const periods = [...new Set(series.flatMap((s) => s.points.map((p) => p[0])))].sort((a, b) => a - b);
  const values = series.flatMap((s) => s.points.map((p) => p[1]).filter((v) => v !== null));
  let low = Math.min(...values), high = Math.max(...values);
  if (low === high) { low -= 1; high += 1; }
  const pad = (high - low) * 0.08;
  low -= pad; high += pad;
  const x = (p) => left + ((p - periods[0]) / Math.max(1, periods.at(-1) - periods[0])) * (width - left - right);
  const y = (v) => top + (1 - (v - low) / (high - low)) * (height - top - bottom);
  const lines = series.map((s, i) => {
    const style = STYLES[Math.min(i, STYLES.length - 1)];
    const points = s.points.filter((p) => p[1] !== null).map((p) => `${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join(" ");
    return `<polyline fill="none" stroke="${style.colour}" stroke-width="2" stroke-dasharray="${style.dash}" points="${points}"><title>${escapeHtml(s.name)}</title></polyline>`;
  }).join("");
  const ticks = [low + pad, (low + high) / 2, high - pad].map((v) => `<text x="${left - 4}" y="${y(v) + 4}" text-anchor="end" class="tick">${formatNumber(v, 1)}</text>`).join("");
  const years = [[periods[0], "start"], [periods.at(-1), "end"]].map(([p, anchor]) => `<text x="${x(p)}" y="${height - 8}" text-anchor="${anchor}" class="tick">${p}</text>`).join("");
  const title = `${indicator.name}: ${series.map((s) => s.name).join(", ")}`;
  figure.querySelector("#series-chart").innerHTML =
    `<svg viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${escapeHtml(title)}"><rect x="${left}" y="${top}" width="${width - left - right}" height="${height - top - bottom}" fill="#ffffff" stroke="#c9d1da"/>${ticks}${years}${lines}</svg>` +
    `<ul class="series-legend">${series.map((s, i) => `<li><span class="swatch line" data-line-colour="${STYLES[Math.min(i, STYLES.length - 1)].colour}"></span>${escapeHtml(s.name)}: ${formatNumber(s.points.at(-1)?.[1], 2)}</li>`).join("")}</ul>`;
  applyColours(figure);
  figure.querySelector("#series-caption").textContent = `${indicator.name}${indicator.unit ? ` (${indicator.unit})` : ""}`;
  figure.hidden = false;
}
