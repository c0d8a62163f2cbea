// SPDX-License-Identifier: EUPL-1.2
// Hatching drawn over a class colour, so classes that look alike to colour-blind people stay apart
// (the preset's `pattern`: hatch, crosshatch or dots). A dark and a light stroke side by side show on
// any colour. The same patterns exist as CSS classes for the legend (veerkracht.css: .pattern-*).
export const PATTERNS = ["hatch", "crosshatch", "dots"];
const SIZE = 12;

function paint(kind) {
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = SIZE;
  const context = canvas.getContext("2d");
  const stroke = (colour, width, from, to) => {
    context.strokeStyle = colour;
    context.lineWidth = width;
    context.beginPath();
    context.moveTo(...from);
    context.lineTo(...to);
    context.stroke();
  };
  const diagonal = (flip) => {
    // Three segments so the stripes join seamlessly across tiles.
    for (const offset of [-SIZE, 0, SIZE]) {
      const from = flip ? [offset, 0] : [offset, SIZE];
      const to = flip ? [offset + SIZE, SIZE] : [offset + SIZE, 0];
      stroke("rgba(255,255,255,0.75)", 3.5, from, to);
      stroke("rgba(0,0,0,0.8)", 1.5, from, to);
    }
  };
  if (kind === "hatch" || kind === "crosshatch") diagonal(false);
  if (kind === "crosshatch") diagonal(true);
  if (kind === "dots") {
    for (const [x, y] of [[3, 3], [9, 9]]) {
      context.fillStyle = "rgba(255,255,255,0.8)";
      context.beginPath();
      context.arc(x, y, 2.6, 0, 2 * Math.PI);
      context.fill();
      context.fillStyle = "rgba(0,0,0,0.85)";
      context.beginPath();
      context.arc(x, y, 1.6, 0, 2 * Math.PI);
      context.fill();
    }
  }
  return context.getImageData(0, 0, SIZE, SIZE);
}

export function addPatterns(map) {
  for (const kind of PATTERNS) {
    if (!map.hasImage(`pattern-${kind}`)) map.addImage(`pattern-${kind}`, paint(kind), { pixelRatio: 1 });
  }
}
