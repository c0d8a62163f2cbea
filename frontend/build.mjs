// SPDX-License-Identifier: EUPL-1.2
// Bundle the map islands (MapLibre GL from npm) into the Django app's static files: no CDN, works offline.
// One shared chunk holds MapLibre for both pages; every file name carries a content hash, so WhiteNoise
// can serve it with a cache of a year (WHITENOISE_IMMUTABLE_FILE_TEST), and a gzip and a Brotli copy
// sit beside it. manifest.json tells the templates ({% bundle %}) which files an entry needs.
import * as esbuild from "esbuild";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import fs from "node:fs";
import path from "node:path";

const outdir = "src/veerkracht/web/static/veerkracht/build";
fs.rmSync(outdir, { recursive: true, force: true });

const entryPoints = {
  map: "frontend/map.js",
  monitor: "frontend/monitor.js",
  "analysis-run": "frontend/analysis-run.js",
  "cases-map": "frontend/cases-map.js",
  "cases-round": "frontend/cases-round.js",
  "profiles-pdf": "frontend/profiles-pdf.js",
  maps: "frontend/maps.css",
};
const result = await esbuild.build({
  entryPoints,
  bundle: true,
  minify: true,
  sourcemap: "linked",
  format: "esm",
  splitting: true,
  target: ["es2020"],
  outdir,
  entryNames: "[name]-[hash]",
  chunkNames: "chunks/[name]-[hash]",
  assetNames: "assets/[name]-[hash]",
  metafile: true,
  legalComments: "linked",
  logLevel: "warning",
});

const manifest = {};
const relative = (file) => path.relative(outdir, file).split(path.sep).join("/");
for (const [file, output] of Object.entries(result.metafile.outputs)) {
  if (!output.entryPoint || file.endsWith(".map")) continue;
  const name = Object.entries(entryPoints).find(([, source]) => source === output.entryPoint)?.[0];
  if (!name) continue;
  const entry = (manifest[name] ??= {});
  if (file.endsWith(".css")) entry.css = relative(file);
  else {
    entry.js = relative(file);
    entry.imports = output.imports.filter((i) => i.kind === "import-statement").map((i) => relative(i.path));
  }
}
fs.writeFileSync(path.join(outdir, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");

// Precompressed copies: WhiteNoise picks them by Accept-Encoding without compressing per request.
for (const file of Object.keys(result.metafile.outputs)) {
  if (!/\.(js|css)$/.test(file)) continue;
  const body = fs.readFileSync(file);
  fs.writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
  fs.writeFileSync(`${file}.br`, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
}
