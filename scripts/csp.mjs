// Trunk post_build hook: adds a Content-Security-Policy <meta> to the staged
// index.html, allowing each inline script by the sha256 of its exact bytes
// (Trunk's start-up module script), never 'unsafe-inline' or 'unsafe-eval'.
import { readFileSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { join } from "node:path";

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error("TRUNK_STAGING_DIR is not set (run from trunk)");
const file = join(dir, "index.html");
let html = readFileSync(file, "utf8");
const hashes = [];
for (const m of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
  hashes.push(`'sha256-${createHash("sha256").update(m[1], "utf8").digest("base64")}'`);
}
const policy = [
  "default-src 'none'",
  `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(" ")}`.trim(),
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self'",
  // Yew sets style attributes for the virtualised tree's spacers
  "style-src-attr 'unsafe-inline'",
  "font-src 'self'",
  // workers are module workers from a blob: URL of the app's own JS glue, read at load, and get the
  // page's compiled module, so none is fetched later (offline)
  "worker-src 'self' blob:",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join("; ");
// the icon inline as a data: URL: Chromium fetches the icon again at each history.pushState of
// a route, and the page makes no request after load (img-src allows data:)
html = html.replace(/<link rel="icon" href="\.?\/?([^"]+\.svg)"([^>]*)>/, (_tag, name) => {
  const svg = readFileSync(join(dir, name));
  return `<link rel="icon" href="data:image/svg+xml;base64,${svg.toString("base64")}" />`;
});
html = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\s*/g, "");
html = html.replace("<head>", `<head>\n  <meta http-equiv="Content-Security-Policy" content="${policy}" />`);
writeFileSync(file, html);
console.log(`csp: ${hashes.length} inline script hash(es)`);

// the service worker caches the final files, this index.html included
const { writeServiceWorker } = await import("./sw.mjs");
writeServiceWorker(dir, join(process.env.TRUNK_SOURCE_DIR ?? ".", "www/sw.js"));
