// The page half of scripts/bench: node scripts/bench-page.mjs URL IMAGE.tar
// Opens the page in a fresh headless Chromium, chooses IMAGE (the file input, as a drop does) and
// prints one line: seconds from the choice to data-state=done, milliseconds to the structure on
// screen (data-state=verifying, or done if it came first), and the peak RSS in MiB of all Chromium
// processes (sampled every 100 ms from /proc), all measured on the page's own clock.
import { chromium } from "playwright-core";
import { readdirSync, readFileSync } from "node:fs";

const [url, image] = process.argv.slice(2);
const rssMiB = () => {
  let kib = 0;
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      if (!/^Name:\s*(chromium|chrome)/m.test(status)) continue;
      kib += Number(/^VmRSS:\s*(\d+)/m.exec(status)?.[1] ?? 0);
    } catch {}
  }
  return kib / 1024;
};
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
const page = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
await page.goto(url);
await page.waitForSelector('#app[data-state="idle"]');
let peak = 0;
const sampler = setInterval(() => { peak = Math.max(peak, rssMiB()); }, 100);
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
clearInterval(sampler);
const b = await page.evaluate(() => window.__bench);
const state = await page.$eval("#app", (a) => a.dataset.state);
await browser.close();
if (state !== "done") { console.error(`the page ended in data-state=${state}`); process.exit(1); }
console.log(`${((b.done - b.t0) / 1000).toFixed(2)} ${(b.structure - b.t0).toFixed(0)} ${peak.toFixed(0)}`);
