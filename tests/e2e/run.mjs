// End-to-end tests through the real page (dist/ served on 127.0.0.1), with
// playwright-core driving Debian's Chromium. Usage: node tests/e2e/run.mjs URL
// Screenshots of every view go to tests/e2e/artifacts/.
import { chromium } from "playwright-core";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync, statSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { overviewTests } from "./overview.mjs";
import { findingsTests } from "./findings.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const url = process.argv[2] ?? "http://127.0.0.1:8765/";
const artifacts = join(root, "tests/e2e/artifacts");
mkdirSync(artifacts, { recursive: true });
const fixture = (n) => join(root, "tests/fixtures", n);
const cli = join(root, "target/release/ocilens");

/** The CLI's JSON (exit status 1 just means error findings). */
function cliJson(args) {
  const r = spawnSync(cli, args, { maxBuffer: 1 << 30 });
  if (r.status !== 0 && r.status !== 1) throw new Error(`ocilens ${args.join(" ")}: exit ${r.status}: ${r.stderr}`);
  return r.stdout;
}

let passed = 0, failed = 0, skipped = 0;
const results = [];
// E2E_GREP=regex runs only the tests whose names match (the others are counted as skipped)
const grep = process.env.E2E_GREP ? new RegExp(process.env.E2E_GREP) : null;
async function test(name, fn) {
  if (grep && !grep.test(name)) {
    skipped++;
    return;
  }
  const t0 = Date.now();
  try {
    await fn();
    passed++;
    results.push(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    failed++;
    results.push(`FAIL ${name}: ${e.stack ?? e}`);
  }
  console.log(results[results.length - 1]);
}
function assert(cond, msg) { if (!cond) throw new Error(msg); }
function eq(a, b, msg) { if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`${msg}: ${JSON.stringify(a)} != ${JSON.stringify(b)}`); }

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
});

/** A fresh page: records requests and CSP violations; resolves when the app is idle. `opts` are context options. */
async function open(opts = {}) {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1366, height: 900 }, ...opts });
  const page = await context.newPage();
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  page.on("pageerror", (e) => console.log("pageerror:", e.message));
  page.on("console", (m) => { if (m.type() === "error") console.log("console error:", m.text()); });
  await page.addInitScript(() => {
    window.__csp = 0;
    document.addEventListener("securitypolicyviolation", () => window.__csp++);
  });
  await page.goto(url);
  await page.waitForSelector('#app[data-state="idle"]');
  const loaded = requests.length;
  return { context, page, requests, loaded };
}
async function done(page, timeout = 60000) {
  await page.waitForSelector('#app[data-state="done"], #app[data-state="error"]', { timeout });
  return page.getAttribute("#app", "data-state");
}
async function tab(page, name) {
  await page.click(`button[data-tab="${name}"]`);
}
async function shot(page, name) {
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}
async function dropFile(page, path, name) {
  const b64 = readFileSync(path).toString("base64");
  await page.evaluate(([b64, name]) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], name));
    const target = document.querySelector("#app");
    for (const type of ["dragenter", "dragover", "drop"]) {
      target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
    }
  }, [b64, name]);
}
const fileInput = (page) => page.getByLabel("Choose an image tarball");

await test("page loads, has a strict CSP, and only same-origin requests", async () => {
  const { context, page, requests } = await open();
  const html = readFileSync(join(root, "dist/index.html"), "utf8");
  const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
  assert(csp, "CSP meta missing");
  const scriptSrc = csp.split(";").find((d) => d.trim().startsWith("script-src"));
  assert(!/unsafe-inline|unsafe-eval'/.test(scriptSrc.replace("'wasm-unsafe-eval'", "")), `weak script-src: ${scriptSrc}`);
  const origin = new URL(url).origin;
  for (const r of requests) assert(r.startsWith(origin) || r.startsWith("blob:") || r.startsWith("data:"), `foreign request ${r}`);
  await shot(page, "00-idle");
  eq(await page.evaluate(() => window.__csp), 0, "CSP violations");
  await context.close();
});

await test("a sound OCI archive through the file input: structure, references, marks", async () => {
  const { context, page } = await open();
  await fileInput(page).setInputFiles(fixture("skopeo-oci-gzip.tar"));
  eq(await done(page), "done", "state");
  const verdict = await page.textContent('[data-testid="verdict"]');
  assert(verdict.includes("0 error(s)"), verdict);
  eq(await page.textContent('[data-testid="format"]'), "oci-layout", "format");
  assert((await page.textContent('[data-testid="references"]')).includes("docker.io/ocilens/fixture:skopeo-gzip"), "reference");
  await shot(page, "01-overview");
  await tab(page, "Layers");
  const marks = await page.$$eval('[data-testid="layers"] [data-mark]', (els) => els.map((e) => e.dataset.mark));
  eq(marks.length, 6, "3 marks × 2 layers");
  assert(marks.every((m) => m === "verified"), `marks ${marks}`);
  await shot(page, "02-layers");
  await tab(page, "Structure");
  await page.waitForSelector(".index-tree");
  await page.click(".document .digest >> nth=0");
  await shot(page, "03-structure");
  await tab(page, "History");
  await shot(page, "04-history");
  await tab(page, "Files");
  await page.waitForSelector('[role="tree"]');
  await page.getByLabel("Filter by path").fill("hostname");
  await page.waitForSelector('[data-path="etc/hostname"]');
  const rows = await page.$$eval('[role="treeitem"]', (els) => els.map((e) => e.dataset.path));
  eq(rows, ["etc", "etc/hostname"], "filtered rows");
  await shot(page, "05-files");
  await context.close();
});

await test("a broken image dropped on the page: findings explained and linked", async () => {
  const { context, page } = await open();
  await dropFile(page, fixture("skopeo-tarball-xz.tar"), "skopeo-tarball-xz.tar");
  eq(await done(page), "done", "state");
  await tab(page, "Findings");
  const codes = await page.$$eval("[data-code]", (els) => els.map((e) => e.dataset.code));
  for (const c of ["layer-compression.mismatch", "diffid.compressed-digest", "compatibility.xz"]) assert(codes.includes(c), `missing ${c} in ${codes}`);
  const text = await page.textContent('[data-code="diffid.compressed-digest"]');
  assert(text.includes("podman import"), "explanation");
  await shot(page, "06-findings");
  await page.click('[data-code="diffid.compressed-digest"] .goto');
  await page.waitForSelector('tr.focused[data-layer="0"]');
  const diffid = await page.getAttribute('tr[data-layer="0"] [data-check="diffid"] [data-mark]', "data-mark");
  eq(diffid, "mismatch", "DiffID mark");
  await shot(page, "07-finding-focus");
  await context.close();
});

await test("the downloaded report equals the CLI's JSON in substance", async () => {
  const { context, page } = await open();
  await fileInput(page).setInputFiles(fixture("docker-save-multi.tar"));
  eq(await done(page), "done", "state");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download report" }).click()]);
  const path = join(artifacts, "report.json");
  await download.saveAs(path);
  const page_ = JSON.parse(readFileSync(path, "utf8"));
  const cli_ = JSON.parse(cliJson(["inspect", "--json", "--tree", fixture("docker-save-multi.tar")]).toString());
  eq(page_.schema, "ocilens.report/v1", "schema");
  for (const k of ["input", "references", "images", "findings", "summary", "index", "tree", "documents"]) eq(page_[k], cli_[k], k);
  await context.close();
});

await test("cancel stops within one second", async () => {
  const big = "/tmp/ocilens-e2e-big.tar";
  try { statSync(big); } catch { execFileSync(join(root, "target/release/examples/gen_image"), [big, "600"]); }
  const { context, page } = await open();
  await fileInput(page).setInputFiles(big);
  await page.waitForSelector('#app[data-state="verifying"]', { timeout: 30000 });
  await shot(page, "08-verifying");
  const t0 = Date.now();
  await page.getByRole("button", { name: "Cancel" }).click();
  await page.waitForSelector('#app[data-state="cancelled"]', { timeout: 1000 });
  assert(Date.now() - t0 <= 1000, "cancel took too long");
  await context.close();
});

await test("no network request after load while inspecting three images, and works offline", async () => {
  const { context, page, requests, loaded } = await open();
  await context.setOffline(true);
  for (const f of ["skopeo-oci-zstd.tar", "podman-oci-archive.tar.xz", "multi-platform.tar"]) {
    await fileInput(page).setInputFiles(fixture(f));
    eq(await done(page), "done", f);
  }
  // after a drop the gallery lives in the Samples menu
  await page.click('[data-testid="samples-menu"]');
  await page.click('button[data-sample="kimai-notag.tar"]');
  eq(await done(page), "done", "sample");
  // blob: URLs are the worker script held in memory (fetched once at load), not network requests
  const after = requests.slice(loaded);
  eq(after.filter((r) => !r.startsWith("blob:")), [], "network requests after load");
  assert(after.length > 0 && after.every((r) => r.startsWith("blob:")), "workers start from the in-memory script");
  eq(await page.evaluate(() => window.__csp), 0, "CSP violations");
  await context.close();
});

await test("dark theme and a report JSON from the CLI", async () => {
  const { context, page } = await open();
  const json = join(artifacts, "cli-report.json");
  writeFileSync(json, cliJson(["inspect", "--json", "--tree", fixture("skopeo-tarball-xz.tar")]));
  await fileInput(page).setInputFiles(json);
  eq(await done(page), "done", "state");
  await page.getByRole("button", { name: "Toggle dark theme" }).click();
  await tab(page, "Findings");
  assert((await page.$$("[data-code]")).length >= 4, "findings from the CLI report");
  await shot(page, "09-dark-findings");
  await context.close();
});

await test("a 200 000-file tree is virtualised and scrolls", async () => {
  const img = "/tmp/ocilens-e2e-tree.tar";
  try { statSync(img); } catch { execFileSync(join(root, "target/release/examples/gen_image"), [img, "16", "200000"]); }
  const { context, page } = await open();
  const t0 = Date.now();
  await fileInput(page).setInputFiles(img);
  eq(await done(page, 120000), "done", "state");
  const tDone = Date.now() - t0;
  await tab(page, "Files");
  await page.waitForSelector('[role="tree"]');
  const t1 = Date.now();
  await page.getByLabel("Filter by path").fill(".txt");
  await page.waitForFunction(() => Number(document.querySelector('[role="tree"]').dataset.rows) > 200000);
  const tFilter = Date.now() - t1;
  const rows = Number(await page.getAttribute('[role="tree"]', "data-rows"));
  const inDom = (await page.$$('[role="treeitem"]')).length;
  assert(inDom < 100, `${inDom} rows in the DOM for ${rows}`);
  const t2 = Date.now();
  await page.$eval('[role="tree"]', (el) => { el.scrollTop = el.scrollHeight; el.dispatchEvent(new Event("scroll")); });
  // the bottom spacer shrinks to nothing once the last rows are rendered
  await page.waitForFunction(() => document.querySelector('[role="tree"]').lastElementChild.style.height === "0px");
  const tScroll = Date.now() - t2;
  const last = await page.$$eval('[role="treeitem"]', (els) => els.map((e) => e.dataset.path).slice(-3));
  assert(last.some((p) => p.endsWith(".txt")), `bottom rows ${last}`);
  console.log(`timing: 200k-file image drop→done ${tDone} ms; filter to ${rows} rows ${tFilter} ms; scroll to bottom ${tScroll} ms; ${inDom} rows in DOM`);
  await shot(page, "11-tree-200k");
  await context.close();
});

await test("share a finding: a fresh browser opens the link on it, under the banner", async () => {
  const { context, page } = await open();
  await page.click('button[data-sample="skopeo-tarball-xz.tar"].incident');
  eq(await done(page), "done", "state");
  // the explained problem opens straight on its finding
  await page.waitForSelector('li.finding.focused[data-code="diffid.compressed-digest"]');
  await page.click('li.finding.focused[data-code="diffid.compressed-digest"] .share');
  const link = await page.inputValue('input[aria-label="Share link URL"]');
  const fragment = link.split("#")[1];
  assert(fragment.startsWith("r=1."), link);
  assert(fragment.length < 8000, `link of ${fragment.length} bytes`);
  console.log(`share link: skopeo-tarball-xz.tar finding link ${fragment.length} bytes`);
  await shot(page, "12-share-panel");
  await context.close();
  const fresh = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const p2 = await fresh.newPage();
  const reqs = [];
  p2.on("request", (r) => reqs.push(r.url()));
  await p2.goto(link);
  await p2.waitForSelector('#app[data-state="done"]');
  assert((await p2.textContent('[data-testid="shared-banner"]')).includes("not verified here"), "banner");
  await p2.waitForSelector('li.finding.focused[data-code="diffid.compressed-digest"]');
  assert(!reqs.some((r) => r.includes("r=1.")), "the fragment was sent in a request");
  await shot(p2, "13-shared-finding");
  await fresh.close();
});

await test("a bad share link gives a clear message", async () => {
  const { context, page } = await open();
  for (const [frag, word] of [["r=9.abc", "version"], ["r=1.!!!!", "base64"], ["r=1." + "A".repeat(70000), "long"]]) {
    await page.goto(url + "#" + frag);
    await page.waitForSelector('#app[data-state="error"]');
    const msg = (await page.textContent('[role="alert"]')).toLowerCase();
    assert(msg.includes("share link") && msg.includes(word), `${frag.slice(0, 10)}: ${msg}`);
  }
  await context.close();
});

await test("explain mode shows both hashes of a layer, computed here, equal to the CLI's", async () => {
  const { context, page } = await open();
  await page.click('button[data-sample="skopeo-oci-gzip.tar"]');
  eq(await done(page), "done", "state");
  await tab(page, "Explain");
  await page.waitForSelector('[data-testid="graph"] svg');
  const digest = await page.textContent('[data-fact="layer-digest"]');
  const diffid = await page.textContent('[data-fact="layer-diffid"]');
  const cli_ = JSON.parse(cliJson(["inspect", "--json", fixture("skopeo-oci-gzip.tar")]).toString());
  const layer = cli_.images[0].layers.find((l) => l.digest === digest);
  assert(layer, `no CLI layer with digest ${digest}`);
  eq(diffid, layer.diff_id.computed, "DiffID");
  eq(await page.textContent('[data-fact="layer-size"]'), String(layer.size), "compressed bytes");
  for (const step of ["archive", "index", "manifest", "config", "layer", "stack", "media-types"]) {
    await page.waitForSelector(`section.step[data-step="${step}"]`);
  }
  await shot(page, "14-explain");
  await page.click(`[data-node="${digest}"]`);
  await page.waitForSelector('tr.focused[data-layer]');
  await context.close();
});

await test("time from drop to done, largest fixture", async () => {
  const { context, page } = await open();
  const t0 = Date.now();
  await fileInput(page).setInputFiles(fixture("docker-save-multi.tar"));
  await done(page);
  const ms = Date.now() - t0;
  const big = "/tmp/ocilens-e2e-big.tar";
  const t1 = Date.now();
  await fileInput(page).setInputFiles(big);
  await done(page, 300000);
  const msBig = Date.now() - t1;
  const size = statSync(big).size;
  console.log(`timing: docker-save-multi.tar ${ms} ms; generated ${(size / 1048576).toFixed(0)} MiB image ${msBig} ms (${(size / 1048576 / (msBig / 1000)).toFixed(0)} MiB/s)`);
  await shot(page, "10-big-done");
  await context.close();
});

// the shell: routes, keyboard, drag overlay, Samples menu, offline (tests/e2e/routes.mjs)
await (await import("./routes.mjs")).default({ browser, url, root, test, assert, eq, open, done, tab, dropFile, fixture, fileInput, shot });
// the Overview and the Findings views (tests/e2e/overview.mjs, findings.mjs)
const helpers = { test, open, done, tab, shot, fixture, fileInput, dropFile, assert, eq, cliJson, url, browser, root, artifacts };
await overviewTests(helpers);
await findingsTests(helpers);
// the layer explorer (Files view): numbers against the CLI, filters, path history (tests/e2e/explorer.mjs)
await (await import("./explorer.mjs")).run(helpers);
// the file-contents panel: preview, download vs `ocilens cat`, Cancel (tests/e2e/preview.mjs)
await (await import("./preview.mjs")).run(helpers);
// the Compare view against `ocilens diff --json` (tests/e2e/compare.mjs)
await (await import("./compare.mjs")).run(helpers);
await (await import("./packages.mjs")).run(helpers);
await (await import("./secrets.mjs")).run(helpers);
// accessibility (axe on every view, focus ring), layout (1280×800, 768 px), the README screenshots, paste your error and will it load:
// tests/e2e/a11y.mjs, layout.mjs, screenshots.mjs, errors.mjs, compat.mjs; hostile input (XSS matrix, faults): hostile.mjs
for (const m of ["./a11y.mjs", "./layout.mjs", "./screenshots.mjs", "./errors.mjs", "./compat.mjs", "./hostile.mjs"]) await (await import(m)).run(helpers);
await (await import("./hostile.mjs")).faults(helpers);
// the workers' File reads: streams under JSPI, FileReaderSync slices with ?reader=slices (tests/e2e/reader.mjs)
await (await import("./reader.mjs")).run(helpers);
// wasm memory under bombs, caps and scale cases (tests/e2e/memory.mjs)
await (await import("./memory.mjs")).run(helpers);

await browser.close();
console.log(results.join("\n"));
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped (E2E_GREP)` : ""}`);
process.exit(failed ? 1 : 0);
