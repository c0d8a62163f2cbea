// SPDX-License-Identifier: EUPL-1.2
// A small line chart of an indicator over time: the area against its gemeente and the Netherlands
// (counts only the area: a buurt's count beside the city's says nothing), with the analysis period
// shaded and an axis with as many decimals as its steps need.
import { el, escapeHtml, formatNumber } from "./common.js";

const STYLES = [
  { colour: "#00557f", dash: "" },
  { colour: "#b34700", dash: "6 3" },
  { colour: "#4a4a4a", dash: "2 3" },
];

// Round steps (1, 2, 2.5, 5 x 10^n) so the axis reads 0,045 / 0,050 / 0,055, not 0,0 / 0,0 / 0,1.
export function niceTicks(low, high, count = 4) {
  const span = high - low || Math.abs(high) || 1;
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) || 10 * power;
  const first = Math.ceil(low / step - 1e-9) * step;
  const ticks = [];
  for (let v = first; v <= high + step * 1e-9; v += step) ticks.push(Number(v.toFixed(12)));
  const decimals = Math.max(0, Math.ceil(-Math.log10(step) - 1e-9) + (String(step / power).includes(".") ? 1 : 0));
  return { ticks, decimals };
}

export function drawSeries(data, indicator, text) {
  const series = data.series.filter((s) => s.points.some((p) => p[1] !== null));
  if (!series.length) return null;
  const width = 320, height = 190, left = 52, right = 12, top = 12, bottom = 30;
  const periods = [...new Set(series.flatMap((s) => s.points.map((p) => p[0])))].sort((a, b) => a - b);
  const values = series.flatMap((s) => s.points.map((p) => p[1]).filter((v) => v !== null));
  let low = Math.min(...values), high = Math.max(...values);
  if (low === high) { low -= Math.abs(low) * 0.1 || 1; high += Math.abs(high) * 0.1 || 1; }
  const pad = (high - low) * 0.08;
  low -= pad; high += pad;
  const { ticks, decimals } = niceTicks(low, high);
  const x = (p) => left + ((p - periods[0]) / Math.max(1, periods.at(-1) - periods[0])) * (width - left - right);
  const y = (v) => top + (1 - (v - low) / (high - low)) * (height - top - bottom);
  const inner = [];
  inner.push(`<rect x="${left}" y="${top}" width="${width - left - right}" height="${height - top - bottom}" fill="#ffffff" stroke="#c9d1da"/>`);
  const start = Math.max(periods[0], data.period_start ?? periods[0]);
  const end = Math.min(periods.at(-1), data.period_end ?? periods.at(-1));
  if (data.period_start && end > start) {
    inner.push(`<rect class="analysis-period" x="${x(start)}" y="${top}" width="${x(end) - x(start)}" height="${height - top - bottom}" fill="#e3edf5"><title>${escapeHtml(text.analysis_period)}</title></rect>`);
    inner.push(`<text x="${(x(start) + x(end)) / 2}" y="${top + 11}" text-anchor="middle" class="tick">${escapeHtml(text.analysis_period)}</text>`);
  }
  for (const tick of ticks) {
    inner.push(`<line x1="${left}" x2="${width - right}" y1="${y(tick)}" y2="${y(tick)}" stroke="#e1e6eb"/>`);
    inner.push(`<text x="${left - 4}" y="${y(tick) + 4}" text-anchor="end" class="tick">${escapeHtml(formatNumber(tick, decimals))}</text>`);
  }
  // The first and last year and the analysis period, leaving out a label that would touch another.
  const years = [periods[0], periods.at(-1), data.period_start, data.period_end]
    .filter((p, i, all) => p !== undefined && p >= periods[0] && p <= periods.at(-1) && all.indexOf(p) === i);
  const placed = [];
  for (const p of years) {
    if (placed.some((q) => Math.abs(x(q) - x(p)) < 30)) continue;
    placed.push(p);
    const anchor = p === periods[0] ? "start" : p === periods.at(-1) ? "end" : "middle";
    inner.push(`<text x="${x(p)}" y="${height - 10}" text-anchor="${anchor}" class="tick">${p}</text>`);
  }
  series.forEach((s, i) => {
    const style = STYLES[Math.min(i, STYLES.length - 1)];
    const points = s.points.filter((p) => p[1] !== null).map((p) => `${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join(" ");
    inner.push(`<polyline fill="none" stroke="${style.colour}" stroke-width="2" stroke-dasharray="${style.dash}" points="${points}"><title>${escapeHtml(s.name)}</title></polyline>`);
  });
  const unit = indicator.unit ? ` (${indicator.unit})` : "";
  const title = `${indicator.name}${unit}: ${series.map((s) => s.name).join(", ")}`;
  const figure = el("figure", { class: "series" });
  figure.append(el("figcaption", {}, `${indicator.name}${unit}`));
  const chart = el("div", { class: "series-chart" });
  chart.innerHTML = `<svg viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${escapeHtml(title)}">${inner.join("")}</svg>`;
  figure.append(chart);
  const legend = el("ul", { class: "series-legend" });
  series.forEach((s, i) => {
    const swatch = el("span", { class: `swatch line line-${i}` });
    swatch.style.borderColor = STYLES[Math.min(i, STYLES.length - 1)].colour;
    const last = s.points.filter((p) => p[1] !== null).at(-1);
    legend.append(el("li", {}, swatch, `${s.name}: ${formatNumber(last?.[1], Math.max(decimals + 1, 1))} (${last?.[0] ?? ""})`));
  });
  figure.append(legend);
  if (data.kind === "count") figure.append(el("p", { class: "muted small" }, text.counts_alone));
  return figure;
}
