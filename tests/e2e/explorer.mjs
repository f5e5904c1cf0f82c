// The layer explorer (Files view) on a waste fixture built by buildah
// (tests/oracle/README.md): the layer list's sizes, waste and change counts
// equal `ocilens inspect --json` of the same file; the filters by path, by
// minimum size and "only wasted" change the rows as the CLI's tree says they
// must; a path's history names the layers that added, chowned, overwrote or
// deleted it. Called from run.mjs with its helpers.

const FIXTURE = "waste-buildah-oci.tar";

/** `n` bytes as the page prints them (view_model::format::bytes: SI, three significant digits). */
function si(n) {
  if (n < 1000) return `${n} B`;
  const units = ["kB", "MB", "GB", "TB"];
  let d = 1;
  for (const u of units) {
    d *= 1000;
    for (const [dec, scale] of [[2, 100], [1, 10], [0, 1]]) {
      const v = Math.floor((n * scale + d / 2) / d);
      if (v < 1000) return dec ? `${Math.floor(v / scale)}.${String(v % scale).padStart(dec, "0")} ${u}` : `${v} ${u}`;
    }
  }
  return `${n} B`;
}

export async function run(h) {
  const { test, open, done, tab, shot, fixture, fileInput, assert, eq, cliJson } = h;
  const cli = JSON.parse(cliJson(["inspect", "--json", "--tree", fixture(FIXTURE)]).toString());
  // which image is which: by the files its layers add
  const layersOf = (img) => cli.tree.layers.filter((l) => l.image === img).sort((a, b) => a.layer - b.layer);
  const find = (path) => cli.images.findIndex((_, i) => layersOf(i).some((l) => l.entries.some((e) => e.path === path)));
  const chown = find("app/big.bin"), del = find("tmp/download.bin"), over = find("etc/app.conf");
  assert(chown >= 0 && del >= 0 && over >= 0, `images ${chown} ${del} ${over}`);

  /** The page on the Files view of image `img`. */
  async function explorer(img) {
    const ctx = await open();
    await fileInput(ctx.page).setInputFiles(fixture(FIXTURE));
    eq(await done(ctx.page), "done", "state");
    await ctx.page.evaluate((img) => { location.hash = `#/files?image=${img}`; }, img);
    await ctx.page.waitForSelector('[data-testid="explorer-layers"] [data-layer]');
    await ctx.page.waitForSelector('[role="tree"]');
    return ctx;
  }
  const rowPaths = (page) => page.$$eval('[role="treeitem"]', (els) => els.map((e) => e.dataset.path));
  const rowCount = (page) => page.$eval('[role="tree"]', (el) => Number(el.dataset.rows));

  await test("explorer: the layers' sizes, waste and changes equal the CLI's", async () => {
    for (const img of [chown, del]) {
      const { context, page } = await explorer(img);
      const shown = await page.$$eval('[data-testid="explorer-layers"] [data-layer]', (els) => els.map((e) => ({
        layer: Number(e.dataset.layer),
        compressed: e.querySelector('[data-testid="layer-compressed"]').dataset.bytes,
        uncompressed: e.querySelector('[data-testid="layer-uncompressed"]').dataset.bytes,
        wasted: e.querySelector('[data-testid="layer-wasted"]').dataset.bytes,
        wastedText: e.querySelector('[data-testid="layer-wasted"]').textContent,
        changes: e.querySelector('[data-testid="layer-changes"]').textContent,
      })));
      const want = cli.images[img].layers.map((l) => ({
        layer: l.index, compressed: String(l.size), uncompressed: String(l.uncompressed_size), wasted: String(l.wasted_bytes),
        wastedText: `${si(l.wasted_bytes)} wasted`, changes: `+${l.changes.added} ~${l.changes.modified} −${l.changes.removed}`,
      }));
      eq(shown, want, `image ${img} layers`);
      // the waste numbers link to the model, shipped with the page
      eq(await page.getAttribute('[data-testid="waste-doc"] a', "href"), "docs/efficiency.md", "doc link");
      const doc = await page.evaluate(() => fetch(document.querySelector('[data-testid="waste-doc"] a').href).then((r) => r.text()));
      assert(doc.includes("overwritten") && doc.includes("opaque-hidden"), "docs/efficiency.md is served");
      // the selected layer is the last one: the merged file system
      eq(await page.getAttribute('[data-testid="explorer-layers"] [aria-selected="true"]', "data-layer"), String(want.length - 1), "last layer selected");
      await context.close();
    }
  });

  await test("explorer: the filter by path and by size, only wasted, sort by size", async () => {
    const { context, page } = await explorer(chown);
    const merged = cli.tree.merged.find((m) => m.image === chown).entries;
    // the path filter: matches and their ancestors
    await page.getByLabel("Filter by path").fill("readme");
    await page.waitForFunction(() => document.querySelector('[role="treeitem"][data-path="app/readme.txt"]'));
    eq(await rowPaths(page), ["app", "app/readme.txt"], "path filter");
    await page.getByLabel("Filter by path").fill("");
    // the minimum size: what weighs 1 MiB or more, and its ancestors (sizes aggregated)
    await page.getByLabel("Minimum size").fill("1M");
    // every directory weighs the files below it; a row shows when it weighs enough
    const agg = new Map();
    for (const e of merged.filter((e) => e.kind === "file")) {
      const parts = e.path.split("/");
      for (let i = 1; i < parts.length; i++) agg.set(parts.slice(0, i).join("/"), (agg.get(parts.slice(0, i).join("/")) ?? 0) + e.size);
    }
    const heavyDirs = [...agg].filter(([, n]) => n >= 1 << 20).map(([d]) => d);
    const heavyFiles = merged.filter((e) => e.kind === "file" && e.size >= 1 << 20).map((e) => e.path);
    assert(heavyFiles.length > 0, "a file of 1 MiB or more");
    const wantRows = [...heavyDirs, ...heavyFiles].sort();
    await page.waitForFunction((n) => Number(document.querySelector('[role="tree"]').dataset.rows) === n, wantRows.length);
    eq((await rowPaths(page)).sort(), wantRows, "rows ≥ 1 MiB");
    eq(await page.getAttribute('[role="treeitem"][data-path="app"]', "data-size"), String(agg.get("app")), "app/ aggregated");
    await page.getByLabel("Minimum size").fill("1.5 gigs");
    await page.waitForSelector('.min-size.invalid');
    await page.getByLabel("Minimum size").fill("");
    // only wasted, in the COPY layer's changes: the copies the chown made wasted
    await page.click('[data-testid="explorer-layers"] [data-layer="1"]');
    await page.getByRole("button", { name: "only its changes" }).click();
    await page.waitForFunction(() => document.querySelector('select[aria-label="Tree"]').value === "1");
    await page.getByLabel("Only wasted").check();
    const items = cli.images[chown].efficiency.items.filter((i) => i.layer === 1).map((i) => i.path);
    await page.waitForFunction((n) => document.querySelectorAll('[role="treeitem"].matched').length === n, items.length);
    const matched = await page.$$eval('[role="treeitem"].matched', (els) => els.map((e) => e.dataset.path));
    eq(matched.sort(), items.sort(), "only wasted = the waste items of layer 1");
    assert(await page.$('[role="treeitem"].matched.wasted'), "wasted rows marked");
    await shot(page, "explorer-only-wasted");
    await page.getByLabel("Only wasted").uncheck();
    // sort by size: big.bin first under app/
    await page.selectOption('select[aria-label="Sort"]', "size");
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('[role="treeitem"]')].map((e) => e.dataset.path).filter((p) => p.startsWith("app/"));
      return rows[0] === "app/big.bin";
    });
    const sizes = await page.$$eval('[role="treeitem"]', (els) => els.filter((e) => e.dataset.path.split("/").length === 2 && e.dataset.path.startsWith("app/")).map((e) => Number(e.dataset.size)));
    eq(sizes, [...sizes].sort((a, b) => b - a), "app/ children by size");
    assert((await rowCount(page)) > 0, "rows");
    await context.close();
  });

  /** The history rows of `path` in image `img`: [layer, event] pairs. */
  async function history(img, path) {
    const { context, page } = await explorer(img);
    await page.getByLabel("Filter by path").fill(path);
    await page.click(`[role="treeitem"][data-path="${path}"] button.name`);
    await page.waitForSelector(`[data-testid="path-history"][data-path="${path}"] tbody tr`);
    const steps = await page.$$eval('[data-testid="path-history"] tbody tr', (els) => els.map((e) => [Number(e.dataset.layer), e.dataset.event, e.textContent]));
    return { context, page, steps };
  }

  await test("explorer: path history of an added-then-chowned, an overwritten and a deleted file", async () => {
    // the layers that carry the path in the CLI's tree, with their change
    const touched = (img, path) => layersOf(img).flatMap((l) => l.entries.filter((e) => e.path === path).map((e) => [l.layer, e.kind === "whiteout" ? "removed" : e.change]));
    {
      const { context, page, steps } = await history(chown, "app/big.bin");
      eq(steps.map((s) => s.slice(0, 2)), touched(chown, "app/big.bin"), "chown: added, modified");
      assert(steps[1][2].includes("owner") && !steps[1][2].includes("content"), `the chown changed the owner only: ${steps[1][2]}`);
      await shot(page, "explorer-history-chown");
      await context.close();
    }
    {
      const { context, steps } = await history(over, "etc/app.conf");
      eq(steps.map((s) => s.slice(0, 2)), touched(over, "etc/app.conf"), "overwrite: added, modified");
      assert(steps[1][2].includes("content"), `the overwrite changed the content: ${steps[1][2]}`);
      await context.close();
    }
    {
      // a deleted file is not in the merged tree: its history from layer 1's changes
      const { context, page } = await explorer(del);
      await page.click('[data-testid="explorer-layers"] [data-layer="1"]');
      await page.getByRole("button", { name: "only its changes" }).click();
      await page.click('[role="treeitem"][data-path="tmp/download.bin"] button.name');
      await page.waitForSelector('[data-testid="path-history"][data-path="tmp/download.bin"] tbody tr');
      const steps = await page.$$eval('[data-testid="path-history"] tbody tr', (els) => els.map((e) => [Number(e.dataset.layer), e.dataset.event, e.textContent]));
      const want = touched(del, "tmp/download.bin");
      eq(steps.map((s) => s.slice(0, 2)), want, "delete: added, removed");
      assert(steps[1][2].includes("whiteout") && steps[1][2].includes(si(1310720)), `removed by a whiteout, with its size: ${steps[1][2]}`);
      // the keyboard: arrows in the layer list select layers
      await page.focus('[data-testid="explorer-layers"]');
      await page.keyboard.press("ArrowDown");
      await page.waitForSelector('[data-testid="explorer-layers"] [data-layer="2"][aria-selected="true"]');
      await page.keyboard.press("ArrowUp");
      await page.waitForSelector('[data-testid="explorer-layers"] [data-layer="1"][aria-selected="true"]');
      await context.close();
    }
  });
}
