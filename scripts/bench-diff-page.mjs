// The browser half of scripts/bench-diff-page: node scripts/bench-diff-page.mjs URL A.tar B.tar
// Opens A, then compares it with B, RUNS times in a fresh page, and prints the comparison's time in the
// worker (data-compare-ms: diff::compare over both reports, the file diff included), the wall
// time from choosing B ("Compare with…", A loaded) to the Compare view, and the time to re-render the files tree for a filter.
import { chromium } from "playwright-core";

const [url, a, b] = process.argv.slice(2);
const runs = Number(process.env.RUNS ?? 3);
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
const median = (v) => [...v].sort((x, y) => x - y)[Math.floor(v.length / 2)];
const worker = [], wall = [], filter = [];
for (let i = 0; i < runs; i++) {
  const page = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
  await page.goto(url);
  await page.waitForSelector('#app[data-state="idle"]');
  await page.getByLabel("Choose an image tarball").setInputFiles(a);
  await page.waitForSelector('#app[data-state="done"]', { timeout: 600000 });
  const t0 = Date.now();
  await page.getByLabel("Choose a second image to compare with").setInputFiles(b);
  await page.waitForSelector('[data-compare="done"], [data-compare="failed"]', { timeout: 600000 });
  wall.push((Date.now() - t0) / 1000);
  const ms = await page.$eval('[data-compare="done"]', (d) => Number(d.dataset.compareMs));
  worker.push(ms);
  const changed = await page.$eval(".compare h2:last-of-type", (h) => h.textContent).catch(() => "");
  const t1 = await page.evaluate(() => performance.now());
  await page.fill("input.compare-filter", "file00000");
  await page.waitForFunction(() => [...document.querySelectorAll("tr.file-change")].every((r) => r.dataset.path.includes("file00000")));
  filter.push((await page.evaluate(() => performance.now())) - t1);
  console.log(`run ${i + 1}: compare in the worker ${ms.toFixed(0)} ms; B chosen → Compare view ${wall.at(-1).toFixed(1)} s; filter re-render ${filter.at(-1).toFixed(0)} ms ${changed ? `(${changed})` : ""}`);
  await page.context().close();
}
await browser.close();
console.log(`median: compare in the worker ${median(worker).toFixed(0)} ms; B chosen → Compare view ${median(wall).toFixed(1)} s; filter re-render ${median(filter).toFixed(0)} ms`);
