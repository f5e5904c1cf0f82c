// Page report snapshots: opens every fixture in the real page (dist/ served on
// 127.0.0.1, Debian's Chromium through playwright-core), clicks "Download
// report", and writes the downloaded bytes to DIR/<fixture>.json, so two
// builds of the page can be compared byte for byte (scripts/page-snapshot).
// Usage: node tests/e2e/snapshot.mjs URL DIR
import { chromium } from "playwright-core";
import { mkdirSync, readdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const [url, dir] = process.argv.slice(2);
if (!url || !dir) throw new Error("usage: node tests/e2e/snapshot.mjs URL DIR");
mkdirSync(dir, { recursive: true });
const fixtures = readdirSync(join(root, "tests/fixtures")).filter((n) => /\.tar(\.|$)/.test(n)).sort();

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
});
let written = 0;
for (const name of fixtures) {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector('#app[data-state="idle"]');
  await page.getByLabel("Choose an image tarball").setInputFiles(join(root, "tests/fixtures", name));
  await page.waitForSelector('#app[data-state="done"], #app[data-state="error"]', { timeout: 60000 });
  const state = await page.getAttribute("#app", "data-state");
  if (state !== "done") throw new Error(`${name}: the page ended in state ${state}`);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Download report" }).click(),
  ]);
  await download.saveAs(join(dir, `${name}.json`));
  written++;
  await context.close();
}
await browser.close();
console.log(`page-snapshot: ${written} reports in ${dir}`);
