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
function expected(cliJson, a, b, extra = []) {
  const d = JSON.parse(cliJson(["diff", a, b, "--json", ...extra]));
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
    // the paths sit in a tree: closing etc/ hides what is below it
    const openDir = await page.$eval('tr.compare-dir[data-dir="etc"]', (r) => r.dataset.open);
    eq(openDir, "true", "etc/ starts open");
    await page.click('tr.compare-dir[data-dir="etc"] button');
    eq(await page.$$eval("tr.file-change", (rs) => rs.filter((r) => r.dataset.path.startsWith("etc/")).length), 0, "closed etc/ hides its paths");
    await page.click('tr.compare-dir[data-dir="etc"] button');
    // the selected path's history in both images equals each report's layers with an entry there
    const path = "etc/app/app.conf";
    await page.click(`tr.file-change[data-path="${path}"] button`);
    await page.waitForSelector('[data-testid="compare-history"] .compare-history-sides');
    const history = await page.evaluate(() => Object.fromEntries(["a", "b"].map((side) => [side,
      [...document.querySelectorAll(`.compare-history-side[data-side="${side}"] tr[data-layer]`)].map((r) => [Number(r.dataset.layer), r.dataset.event, r.querySelector("code").textContent])])));
    for (const [side, file] of [["a", a], ["b", b]]) {
      const r = JSON.parse(cliJson(["inspect", "--json", "--tree", file]).toString());
      const want = r.tree.layers.filter((l) => l.image === 0).flatMap((l) => l.entries.filter((e) => e.path === path).slice(-1).map((e) => [l.layer, e.xxh3.slice(0, 8)]));
      eq(history[side].map(([l, , h]) => [l, h]), want, `history of ${path} in ${side}`);
      eq(history[side][0][1], "added", `${side}: the first step adds it`);
    }
    await shot(page, "20-compare-v1-v2");
    // a comparison link opens the same comparison read-only, under the banner
    await page.click("button.compare-share");
    const url = await page.inputValue('input[aria-label="Comparison link URL"]');
    const fragment = url.split("#")[1];
    assert(fragment.startsWith("d=1.") && fragment.length <= 8000, `fragment of ${fragment.length} bytes`);
    const other = await context.newPage();
    await other.goto(url);
    await other.waitForSelector('[data-testid="shared-banner"]');
    assert((await other.textContent('[data-testid="shared-banner"]')).includes("not verified here"), "the banner says so");
    check(eq, await shown(other), want);
    await other.close();
    // back to a tab and to the comparison again
    await page.click('button[data-tab="Overview"]');
    assert(!(await page.$(".compare")), "Overview hides the comparison");
    await page.click('button[data-tab="Compare"]');
    await page.waitForSelector('[data-compare="done"]');
    // workers start from blob: URLs; nothing goes to the network after load
    eq(requests.slice(loaded).filter((r) => !r.startsWith("blob:")), [], "no network request after load");
    await context.close();
  });

  await test("compare: each side's image of a multi-platform index can be chosen", async () => {
    const { context, page } = await open();
    const multi = fixture("multi-platform.tar");
    await dropFiles(page, [multi, multi]);
    eq(await done(page), "done", "first image");
    // the default is the browser's platform (headless Chromium on x86_64: linux/amd64)
    check(eq, await shown(page), expected(cliJson, multi, multi, ["--platform", "linux/amd64"]));
    const cli = JSON.parse(cliJson(["inspect", "--json", multi]).toString());
    const arm = cli.images.findIndex((i) => (i.manifest.platform || {}).architecture === "arm64");
    const amd = cli.images.findIndex((i) => (i.manifest.platform || {}).architecture === "amd64");
    const options = await page.$$eval('select[data-side="a"] option', (os) => os.map((o) => o.value));
    eq(options.map(Number).sort(), [amd, arm].sort(), "A offers both platforms");
    const digest = async () => page.$$eval("table.compare-identity tr", (rs) => rs.map((r) => [...r.children].map((c) => c.textContent)).find((c) => c[0] === "config digest"));
    eq((await digest()).slice(1), [cli.images[amd].config.digest, cli.images[amd].config.digest], "both amd64 at first");
    await page.selectOption('select[data-side="a"]', String(arm));
    await page.waitForFunction(() => document.querySelector('li[data-same="config_digest"]')?.dataset.value === "false");
    eq((await digest()).slice(1), [cli.images[arm].config.digest, cli.images[amd].config.digest], "A is arm64 now");
    await page.selectOption('select[data-side="b"]', String(arm));
    await page.waitForFunction(() => document.querySelector('li[data-same="config_digest"]')?.dataset.value === "true");
    check(eq, await shown(page), expected(cliJson, multi, multi, ["--platform", "linux/arm64"]));
    await context.close();
  });

  await test("compare: the packages added, removed and upgraded equal ocilens diff --json", async () => {
    const { context, page } = await open();
    const [a, b] = [fixture("packages/debian-dpkg.tar"), fixture("packages/rpm.tar")];
    await dropFiles(page, [a, b]);
    eq(await done(page), "done", "first image");
    await shown(page);
    const d = JSON.parse(cliJson(["diff", a, b, "--json"]));
    const got = await page.$$eval("tr.package-change", (rs) => rs.map((r) => [r.dataset.change, r.dataset.package]));
    const want = [
      ...d.packages.added.map((p) => ["added", p.name]),
      ...d.packages.removed.map((p) => ["removed", p.name]),
      ...d.packages.upgraded.map((p) => ["upgraded", p.name]),
    ];
    assert(d.packages.added.length === 2 && d.packages.removed.length > 80, `the pair: ${d.packages.added.length} added, ${d.packages.removed.length} removed`);
    eq(got, want, "package changes");
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
