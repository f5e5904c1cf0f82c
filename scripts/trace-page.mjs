// node scripts/trace-page.mjs URL IMAGE.tar: where the page's time and memory go during one run.
// Opens the page (scripts/build-app's dist/, served) in a fresh headless Chromium, chooses IMAGE
// and prints the messages between the page and its workers with their times from the choice
// (progress left out; `>` to a worker, `<` from one, then the message's length in characters and
// its start), the PSS of the Chromium processes by type every PSS_EVERY_MS (default 250; 0: none),
// and at the end the time to done and the peak PSS of the renderer and of all the processes.
// The PSS sampler costs CPU (about 18 ms per sample here), so the times are a little longer than
// scripts/bench-page.mjs's.
import { chromium } from "playwright-core";
import { readdirSync, readFileSync } from "node:fs";

const [url, image] = process.argv.slice(2);
const every = Number(process.env.PSS_EVERY_MS ?? 250);
const read = (path) => { try { return readFileSync(path, "utf8"); } catch { return ""; } };
const pss = (pid) => Number(/^Pss:\s*(\d+)/m.exec(read(`/proc/${pid}/smaps_rollup`))?.[1] ?? 0) / 1024;
const kind = (pid) => /--type=([a-z-]+)/.exec(read(`/proc/${pid}/cmdline`))?.[1] ?? "browser";

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
const context = await browser.newContext({ serviceWorkers: "block" });
await context.addInitScript(() => {
  window.__log = [];
  let n = 0;
  const W = window.Worker;
  window.Worker = function (...a) {
    const w = new W(...a), id = n++;
    const text = (m) => (typeof m === "string" ? m : Array.isArray(m) ? String(m[0]) : String(m));
    w.addEventListener("message", (e) => {
      const s = text(e.data);
      if (!s.startsWith('{"Progress"')) window.__log.push([performance.now(), id, "<", s.length, s.slice(0, 90)]);
    });
    const post = w.postMessage.bind(w);
    w.postMessage = (m, t) => {
      const s = text(m);
      window.__log.push([performance.now(), id, ">", s.length, s.slice(0, 90)]);
      return post(m, t);
    };
    return w;
  };
});
const page = await context.newPage();
await page.goto(url);
await page.waitForSelector('#app[data-state="idle"]');
// this run's Chromium: the processes whose command line names it, started by now
const pids = readdirSync("/proc").filter((p) => /^\d+$/.test(p) && read(`/proc/${p}/cmdline`).includes("chromium"));
const mem = [];
const w0 = Date.now();
const sampler = every > 0 ? setInterval(() => {
  const by = {};
  for (const p of pids) by[kind(p)] = (by[kind(p)] ?? 0) + pss(p);
  mem.push([(Date.now() - w0) / 1000, by]);
}, every) : null;
const t0 = await page.evaluate(() => performance.now());
await page.getByLabel("Choose an image tarball").setInputFiles(image);
await page.waitForSelector('#app[data-state="done"], #app[data-state="error"]', { timeout: 1800000 });
const t1 = await page.evaluate(() => performance.now());
if (sampler) clearInterval(sampler);
for (const [t, id, dir, len, s] of await page.evaluate(() => window.__log)) {
  if (t >= t0 - 100) console.log(`${((t - t0) / 1000).toFixed(3)} worker ${id} ${dir} ${len} ${s}`);
}
let renderer = 0, total = 0;
for (const [t, by] of mem) {
  console.log(`pss ${t.toFixed(2)} ${Object.entries(by).map(([k, v]) => `${k}=${v.toFixed(0)}`).join(" ")}`);
  renderer = Math.max(renderer, by.renderer ?? 0);
  total = Math.max(total, Object.values(by).reduce((a, b) => a + b, 0));
}
console.log(`done ${((t1 - t0) / 1000).toFixed(3)} s; peak PSS: renderer ${renderer.toFixed(0)} MiB, all ${total.toFixed(0)} MiB`);
await browser.close();
