// Probe (issue 13): in a dedicated worker of headless Chromium, how fast are the browser's own
// `Blob.stream()` reads and `DecompressionStream('gzip')` on an image's largest gzip blobs?
// Usage: node scripts/probe-streams/run.mjs IMAGE.tar [N=2]   (prints one JSON line per blob and run)
// Serves this directory itself; the blobs are the N largest entries of the outer tar (ustar headers).
import { chromium } from "playwright-core";
import { openSync, readSync, fstatSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const [image, many = "2"] = process.argv.slice(2);
const here = dirname(fileURLToPath(import.meta.url));
// the outer tar's entries: [name, data offset, size]
const fd = openSync(image, "r");
const end = fstatSync(fd).size;
const entries = [];
const h = Buffer.alloc(512);
for (let at = 0; at + 512 <= end; ) {
  readSync(fd, h, 0, 512, at);
  if (h.every((b) => b === 0)) break;
  const name = h.subarray(0, 100).toString("latin1").replace(/\0.*$/s, "");
  const size = parseInt(h.subarray(124, 136).toString("latin1").replace(/\0.*$/s, "").trim() || "0", 8);
  entries.push([name, at + 512, size]);
  at += 512 + Math.ceil(size / 512) * 512;
}
const blobs = entries.sort((a, b) => b[2] - a[2]).slice(0, Number(many));
const server = createServer((req, res) => {
  const file = req.url.endsWith("w.js") ? "w.js" : "index.html";
  res.setHeader("content-type", file.endsWith(".js") ? "text/javascript" : "text/html");
  res.end(readFileSync(join(here, file)));
}).listen(0, "127.0.0.1");
await new Promise((r) => server.once("listening", r));
const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
const p = await b.newPage();
await p.goto(`http://127.0.0.1:${server.address().port}/`);
await p.setInputFiles("#f", image);
for (const [name, off, len] of blobs) {
  for (let i = 0; i < 2; i++) {
    const r = await p.evaluate(([o, l]) => window.run(o, l), [off, len]);
    console.log(JSON.stringify({ blob: name, ...r, inflate_mb_s: Math.round(r.decoded / r.inflate_ms / 1e3), read_mb_s: Math.round(r.stored / r.read_ms / 1e3) }));
  }
}
await b.close();
server.close();
