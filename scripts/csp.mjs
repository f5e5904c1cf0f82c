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
  // workers start from a blob: URL of worker.js fetched at load, so none is fetched later (offline)
  "worker-src 'self' blob:",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join("; ");
html = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\s*/g, "");
html = html.replace("<head>", `<head>\n  <meta http-equiv="Content-Security-Policy" content="${policy}" />`);
writeFileSync(file, html);
console.log(`csp: ${hashes.length} inline script hash(es)`);
