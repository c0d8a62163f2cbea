// SPDX-License-Identifier: EUPL-1.2
// Bundle the map islands (MapLibre GL from npm) into the Django app's static files: no CDN, works offline.
import * as esbuild from "esbuild";

await esbuild.build({
  entryPoints: {
    map: "frontend/map.js",
    monitor: "frontend/monitor.js",
    "analysis-run": "frontend/analysis-run.js",
  },
  bundle: true,
  minify: true,
  sourcemap: true,
  format: "iife",
  target: ["es2020"],
  outdir: "src/veerkracht/web/static/veerkracht/build",
  logLevel: "warning",
});
