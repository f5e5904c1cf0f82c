// How the workers read the `File` (src/web/jspi.rs, src/web/blob_reader.rs): under JSPI, long
// sequential reads stream (`Blob.stream()`), and `?reader=slices` keeps them on `FileReaderSync`
// slices. A shim prepended to the workers' glue counts both kinds of read and sends the counts on
// a BroadcastChannel; the report downloaded in either mode must equal the CLI's in substance.
// Called from run.mjs with its helpers.
import { execFileSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const CHANNEL = "ocilens-e2e-reader";

/** Prepended to the workers' glue: how many streams and slices this worker has read so far. */
function workerShim() {
  return `(() => {
  const bc = new BroadcastChannel(${JSON.stringify(CHANNEL)});
  const id = Math.random().toString(36).slice(2);
  const n = { streams: 0, slices: 0 };
  const stream = Blob.prototype.stream;
  Blob.prototype.stream = function (...a) { n.streams++; return stream.apply(this, a); };
  const slice = FileReaderSync.prototype.readAsArrayBuffer;
  FileReaderSync.prototype.readAsArrayBuffer = function (...a) { n.slices++; return slice.apply(this, a); };
  const post = self.postMessage;
  self.postMessage = function (...a) { bc.postMessage([id, n]); return post.apply(this, a); };
})();
`;
}

export async function run(h) {
  const { test, browser, url, root, eq, assert, cliJson, artifacts } = h;
  const img = "/tmp/ocilens-e2e-reader.tar";
  try { statSync(img); } catch { execFileSync(join(root, "target/release/examples/gen_image"), [img, "64"]); }
  const cli = JSON.parse(cliJson(["inspect", "--json", "--tree", img]).toString());

  /** Inspects `img` at `url + query`; the report and the workers' read counts. */
  async function inspect(query) {
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1366, height: 900 }, serviceWorkers: "block" });
    await context.route(/\/app-[^/_]*\.js$/, async (r) => {
      if (r.request().resourceType() !== "fetch") return r.continue();
      const resp = await r.fetch();
      await r.fulfill({ response: resp, body: workerShim() + (await resp.text()) });
    });
    await context.addInitScript((channel) => {
      window.__reads = {};
      new BroadcastChannel(channel).onmessage = (e) => { window.__reads[e.data[0]] = e.data[1]; };
    }, CHANNEL);
    const page = await context.newPage();
    await page.goto(url + query);
    await page.waitForSelector('#app[data-state="idle"]');
    await page.getByLabel("Choose an image tarball").setInputFiles(img);
    await page.waitForSelector('#app[data-state="done"], #app[data-state="error"]', { timeout: 120000 });
    eq(await page.getAttribute("#app", "data-state"), "done", `state${query}`);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download report" }).click()]);
    const path = join(artifacts, `report-reader${query.replace(/\W/g, "-")}.json`);
    await download.saveAs(path);
    await page.waitForTimeout(50);
    const reads = Object.values(await page.evaluate(() => window.__reads));
    await context.close();
    const sum = (k) => reads.reduce((a, r) => a + r[k], 0);
    return { report: JSON.parse(readFileSync(path, "utf8")), streams: sum("streams"), slices: sum("slices") };
  }

  await test("reader: jobs stream the File under JSPI, ?reader=slices reads slices, both reports equal the CLI's", async () => {
    const streamed = await inspect("");
    const sliced = await inspect("?reader=slices");
    console.log(`reader: default ${streamed.streams} streams, ${streamed.slices} slices; ?reader=slices ${sliced.streams} streams, ${sliced.slices} slices`);
    assert(streamed.streams > 0, "no stream was read by default (is WebAssembly.Suspending there?)");
    eq(sliced.streams, 0, "streams read with ?reader=slices");
    assert(sliced.slices > streamed.slices, `slices: ${sliced.slices} with ?reader=slices, ${streamed.slices} by default`);
    for (const r of [streamed, sliced]) {
      for (const k of ["input", "references", "images", "findings", "summary", "index", "tree", "documents"]) eq(r.report[k], cli[k], k);
    }
  });
}
