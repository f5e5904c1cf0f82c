// The page half of scripts/bench: node scripts/bench-page.mjs URL IMAGE.tar
// Opens the page in a fresh headless Chromium, chooses IMAGE (the file input, as a drop does) and
// prints one line: seconds from the choice to data-state=done, milliseconds to the structure on
// screen (data-state=verifying, or done if it came first), and the peak memory in MiB (PSS) of the
// Chromium processes it started (sampled every 100 ms from /proc) and their PSS before the choice, all measured on the page's own clock,
// then the peak wasm memory in MiB of the page and of its largest worker (wasm memory never shrinks:
// its size at the end is its peak; the workers report theirs through tests/e2e/memory.mjs's shim).
// PSS_EVERY_MS (default 100) spaces the PSS samples; 0 takes none and prints 0 for both PSS figures.
// The sampler is not free: reading the Chromium processes' smaps_rollup took 18 ms per sample here
// (2026-12-07, 9 processes, the renderer's wasm reservations walked each time), so a timing run
// should take none (scripts/bench times the page with PSS_EVERY_MS=0 and samples in a run of its own).
import { chromium } from "playwright-core";
import { memoryContext } from "../tests/e2e/memory.mjs";
import { readdirSync, readFileSync } from "node:fs";

const [url, image] = process.argv.slice(2);
// PSS (shared pages split between the processes that share them; RSS where smaps_rollup is not readable)
const pss = (pid) => {
  try {
    return Number(/^Pss:\s*(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"))?.[1]);
  } catch {
    return undefined;
  }
};
// the memory of this run's browser and its descendants only (other Chromiums on the machine are not counted)
const rssMiB = (root) => {
  const kids = new Map();
  const rss = new Map();
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      const ppid = /^PPid:\s*(\d+)/m.exec(status)?.[1];
      if (!kids.has(ppid)) kids.set(ppid, []);
      kids.get(ppid).push(pid);
      rss.set(pid, pss(pid) ?? Number(/^VmRSS:\s*(\d+)/m.exec(status)?.[1] ?? 0));
    } catch {}
  }
  let kib = -(rss.get(String(root)) ?? 0); // not node itself
  const todo = [String(root)];
  while (todo.length) {
    const pid = todo.pop();
    kib += rss.get(pid) ?? 0;
    todo.push(...(kids.get(pid) ?? []));
  }
  return kib / 1024;
};
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
// Playwright starts Chromium as a child of this process
const root = process.pid;
const context = await memoryContext(browser);
const page = await context.newPage();
await page.goto(url);
await page.waitForSelector('#app[data-state="idle"]');
const every = Number(process.env.PSS_EVERY_MS ?? 100);
const before = every > 0 ? rssMiB(root) : 0;
let peak = 0;
const sampler = every > 0 ? setInterval(() => { peak = Math.max(peak, rssMiB(root)); }, every) : null;
await page.evaluate(() => {
  const app = document.getElementById("app");
  window.__bench = { t0: performance.now(), structure: null, done: null };
  new MutationObserver(() => {
    const s = app.dataset.state, t = performance.now();
    if (window.__bench.structure === null && (s === "verifying" || s === "done")) window.__bench.structure = t;
    if (s === "done" || s === "error") window.__bench.done = t;
  }).observe(app, { attributes: true, attributeFilter: ["data-state"] });
});
await page.evaluate(() => { window.__bench.t0 = performance.now(); });
await page.getByLabel("Choose an image tarball").setInputFiles(image);
await page.waitForSelector('#app[data-state="done"], #app[data-state="error"]', { timeout: 1800000 });
if (sampler) clearInterval(sampler);
const b = await page.evaluate(() => window.__bench);
// the last worker message may still be on the channel
await page.waitForTimeout(50);
const wasm = await page.evaluate(() => ({
  page: Math.max(0, ...window.__memories.map((m) => m.buffer.byteLength)),
  worker: Math.max(0, ...Object.values(window.__workers)),
}));
const state = await page.$eval("#app", (a) => a.dataset.state);
await browser.close();
if (state !== "done") { console.error(`the page ended in data-state=${state}`); process.exit(1); }
console.log(`${((b.done - b.t0) / 1000).toFixed(2)} ${(b.structure - b.t0).toFixed(0)} ${peak.toFixed(0)} ${before.toFixed(0)} ${(wasm.page / 2 ** 20).toFixed(0)} ${(wasm.worker / 2 ** 20).toFixed(0)}`);
