// The Compare view (issue 10, "The page"): load two real pairs of
// tests/fixtures/diff/ through the page (the "Compare with…" input, and two
// files dropped at once) and check that its causes, `same` flags, layer
// match kinds and paths equal `ocilens diff A B --json`. Called from run.mjs.
import { readFileSync } from "node:fs";

/** Drops several files at once on the page. */
async function dropFiles(page, paths) {
  const files = paths.map((p) => [readFileSync(p).toString("base64"), p.split("/").pop()]);
  await page.evaluate((files) => {
    const dt = new DataTransfer();
    for (const [b64, name] of files) dt.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], name));
    const target = document.querySelector("#app");
    for (const type of ["dragenter", "dragover", "drop"]) {
      target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
    }
  }, files);
}

/** What the Compare view shows, read from the page. */
async function shown(page) {
  await page.waitForSelector('[data-compare="done"], [data-compare="failed"]', { timeout: 60000 });
  const failed = await page.$('[data-compare="failed"]');
  if (failed) throw new Error(`the page could not compare: ${await failed.textContent()}`);
  return page.evaluate(() => {
    const all = (sel, f) => [...document.querySelectorAll(sel)].map(f);
    const paths = (change) => all(`tr.file-change[data-change="${change}"]`, (r) => r.dataset.path);
    return {
      causes: all("li.cause", (li) => li.dataset.cause),
      same: Object.fromEntries(all("li[data-same]", (li) => [li.dataset.same, li.dataset.value === "true"])),
      layers: all("tr.layer-pair", (tr) => tr.dataset.match),
      added: paths("added"), removed: paths("removed"), changed: paths("changed"),
      config: all("table.compare-config tr[data-field]", (tr) => tr.dataset.field),
    };
  });
}

/** The same facts from the CLI's JSON. */
function expected(cliJson, a, b) {
  const d = JSON.parse(cliJson(["diff", a, b, "--json"]));
  const sorted = (v) => [...v].sort();
  return {
    causes: d.causes.map((c) => c.cause),
    same: d.same,
    layers: d.layers.map((l) => l.match),
    added: sorted(d.files.added), removed: sorted(d.files.removed), changed: sorted(d.files.changed.map((c) => c.path)),
    config: d.config.map((c) => c.field),
  };
}

function check(eq, got, want) {
  for (const k of Object.keys(want)) eq(got[k], want[k], k);
}

export async function run({ test, open, done, fixture, fileInput, eq, assert, cliJson, shot }) {
  await test("compare: v1 vs v2 through 'Compare with…' equals ocilens diff --json", async () => {
    const { context, page, requests, loaded } = await open();
    const [a, b] = [fixture("diff/v1.tar"), fixture("diff/v2.tar")];
    await fileInput(page).setInputFiles(a);
    eq(await done(page), "done", "first image");
    await page.getByLabel("Choose a second image to compare with").setInputFiles(b);
    const got = await shown(page);
    const want = expected(cliJson, a, b);
    check(eq, got, want);
    assert(want.causes.includes("content") && want.changed.includes("etc/app/app.conf"), "the pair is the one the README describes");
    // the filter narrows the paths
    await page.fill("input.compare-filter", "new.txt");
    eq(await page.$$eval("tr.file-change", (rs) => rs.map((r) => r.dataset.path)), ["etc/app/new.txt"], "filtered");
    await page.fill("input.compare-filter", "");
    await shot(page, "20-compare-v1-v2");
    // back to a tab and to the comparison again
    await page.click('button[data-tab="Overview"]');
    assert(!(await page.$(".compare")), "Overview hides the comparison");
    await page.click('button[data-tab="Compare"]');
    await page.waitForSelector('[data-compare="done"]');
    // workers start from blob: URLs; nothing goes to the network after load
    eq(requests.slice(loaded).filter((r) => !r.startsWith("blob:")), [], "no network request after load");
    await context.close();
  });

  await test("compare: gzip vs zstd dropped together equals ocilens diff --json", async () => {
    const { context, page } = await open();
    const [a, b] = [fixture("diff/compress-gzip.tar"), fixture("diff/compress-zstd.tar")];
    await dropFiles(page, [a, b]);
    eq(await done(page), "done", "first image");
    const got = await shown(page);
    const want = expected(cliJson, a, b);
    check(eq, got, want);
    eq(want.causes, ["compression"], "the pair differs by compression only");
    assert(got.same.diff_ids && !got.same.layer_digests, "same DiffIDs, other digests");
    await shot(page, "21-compare-gzip-zstd");
    await context.close();
  });
}
