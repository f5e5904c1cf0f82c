// The Overview on the crafted Debian-shaped fixture (tests/fixtures/README.md):
// identity copyable, what it runs (root spelled out, the secret Env value
// masked everywhere: every view's DOM and a share link), labels, sizes and
// the three most severe findings. Called from run.mjs with its helpers.
import { inflateSync } from "node:zlib";

const SECRET = "correct-horse-battery-staple";

/** The JSON a share link carries (`#r=1.<base64url(zlib(json))>`). */
function linkJson(link) {
  const b64 = link.split("#r=1.")[1];
  return inflateSync(Buffer.from(b64, "base64url")).toString("utf8");
}

export async function overviewTests(h) {
  const { test, open, done, tab, shot, fixture, fileInput, assert, eq, cliJson, url } = h;
  const cli = JSON.parse(cliJson(["inspect", "--json", "--tree", fixture("debian-shaped.tar")]).toString());
  const img = cli.images[0];

  await test("overview: identity, what it runs, sizes and the worst findings of debian-shaped.tar", async () => {
    const { context, page } = await open();
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(url).origin });
    await fileInput(page).setInputFiles(fixture("debian-shaped.tar"));
    eq(await done(page), "done", "state");
    // the order of the issue: verdict, identity, what it runs, sizes, findings
    const order = await page.$$eval(".overview > *", (els) => els.map((e) => e.dataset.testid || e.className));
    const at = (k) => order.findIndex((c) => c.includes(k));
    assert(at("verdict") < at("identity") && at("identity") < at("runs") && at("runs") < at("sizes") && at("sizes") < at("top-findings"), `order ${order}`);
    eq(await page.inputValue('[data-testid="image-id"]'), img.config.digest, "image ID = config digest");
    eq(await page.inputValue('[data-testid="manifest-digest"]'), img.manifest.digest, "manifest digest");
    await page.click('button[aria-label="Copy the image id"]');
    await page.waitForFunction(() => document.querySelector('button[aria-label="Copy the image id"]').textContent === "Copied");
    eq(await page.evaluate(() => navigator.clipboard.readText()), img.config.digest, "clipboard");
    eq(await page.textContent('[data-testid="run-cmd"]'), '["bash"]', "Cmd");
    eq(await page.textContent('[data-testid="run-user"]'), "root (uid 0)", "no User is root, spelled out");
    eq(await page.textContent('[data-testid="run-workdir"]'), "/srv", "WorkingDir");
    eq(await page.textContent('[data-testid="run-ports"]'), "8080/tcp", "ExposedPorts");
    eq(await page.textContent('[data-testid="run-volumes"]'), "/var/lib/app", "Volumes");
    eq(await page.textContent('[data-testid="run-stopsignal"]'), "SIGTERM", "StopSignal");
    eq(await page.textContent('[data-testid="run-healthcheck"]'), "test -e /srv/ready (shell), every 30 s, 3 retries", "Healthcheck");
    const pw = await page.textContent('tr[data-env="DB_PASSWORD"] td');
    assert(pw.includes("…[masked, 28 chars]") && !pw.includes(SECRET), `masked: ${pw}`);
    assert((await page.textContent('tr[data-env="PATH"] td')).includes("/usr/local/sbin"), "PATH shown");
    const link = await page.getAttribute('tr[data-label="org.opencontainers.image.source"] a', "href");
    eq(link, "https://salsa.debian.org/debian/docker-debian-artifacts", "an https label is a link");
    eq(await page.$$('tr[data-label="org.opencontainers.image.title"] a'), [], "a plain label is text");
    // SI units, three significant digits (view_model::format::bytes), for sizes under 1 MB
    const si = (n) => { assert(n < 999500, `${n} is over the formula`); return n < 1000 ? `${n} B` : `${(n / 1000).toPrecision(3)} kB`; };
    const packed = img.layers.reduce((n, l) => n + l.size, 0);
    const unpacked = img.layers.reduce((n, l) => n + l.uncompressed_size, 0);
    eq(await page.textContent('[data-testid="size-compressed"]'), si(packed), "compressed");
    eq(await page.textContent('[data-testid="size-uncompressed"]'), si(unpacked), "uncompressed");
    eq(await page.textContent('[data-testid="size-files"]'), String(cli.tree.merged[0].entries.length), "files in the merged tree");
    const top = await page.$$eval('[data-testid="top-findings"] li', (els) => els.map((e) => e.dataset.code));
    eq(top.length, 3, "three findings");
    const rank = { error: 0, warning: 1, info: 2 };
    const want = cli.findings.map((f, i) => [rank[f.severity], i]).sort((a, b) => a[0] - b[0] || a[1] - b[1]).slice(0, 3).map(([, i]) => cli.findings[i].code);
    eq(top, want, "the most severe first");
    assert((await page.textContent(".all-findings")).includes(`All ${cli.findings.length} findings`), "link to the rest");
    await shot(page, "15-overview-debian");
    // the secret reaches no view's DOM
    for (const t of ["Overview", "Findings", "Structure", "History", "Layers", "Files", "Explain"]) {
      await tab(page, t);
      const html = await page.content();
      assert(!html.includes(SECRET), `the secret is in the ${t} view`);
    }
    // nor a share link
    await tab(page, "Findings");
    await page.click(".finding-group .share-group >> nth=0");
    const shared = await page.inputValue('input[aria-label="Share link URL"]');
    const json = linkJson(shared);
    assert(json.includes("DB_PASSWORD=corr…[masked, 28 chars]") && !json.includes(SECRET), "the link masks the secret");
    await tab(page, "Overview");
    await page.click('[data-testid="top-findings"] li button >> nth=0');
    await page.waitForSelector(`li.finding.focused[data-code="${want[0]}"]`);
    await context.close();
  });

  for (const [name, kept] of [["waste-docker-oci.tar", "yes"], ["waste-docker.tar.gz", "no"]]) {
    await test(`overview: efficiency, size picture and identity equal the CLI on ${name}`, async () => {
      await wasteOverview(h, name, kept);
    });
  }
}

/** The top-level rows of the directories picture, computed here from the CLI's merged tree
 * (the rule of view_model/size_picture/dirs.rs: six largest, ties by name, files in / as one row, the rest as one). */
function topDirs(entries) {
  const tops = new Map();
  for (const e of entries) {
    if (e.kind !== "file") continue;
    const parts = e.path.replace(/^\.\//, "").replace(/^\/+/, "").split("/").filter((p) => p);
    const key = parts.length >= 2 ? parts[0] : "";
    tops.set(key, (tops.get(key) ?? 0) + e.size);
  }
  const ranked = [...tops].filter(([, b]) => b > 0).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const rows = ranked.slice(0, 6).map(([, b]) => b);
  const rest = ranked.slice(6).reduce((n, [, b]) => n + b, 0);
  return ranked.length > 6 ? [...rows, rest] : rows;
}

async function wasteOverview(h, name, kept) {
  const { open, done, fixture, fileInput, assert, eq, cliJson } = h;
  const cli = JSON.parse(cliJson(["inspect", "--json", "--tree", fixture(name)]).toString());
  const { context, page } = await open();
  await fileInput(page).setInputFiles(fixture(name));
  eq(await done(page), "done", "state");
  const attr = (sel, a = "data-bytes") => page.getAttribute(sel, a);
  let wasteful = 0;
  for (const [i, img] of cli.images.entries()) {
    if (img.kind !== "image") continue;
    const at = `${name} image ${i}`;
    if (cli.images.length > 1) await page.selectOption('select[aria-label="Image"]', String(i));
    await page.waitForFunction((d) => document.querySelector('[data-testid="image-id"]')?.value === d, img.config.digest);
    // identity: the short ID as docker images shows it, and whether the manifest is kept
    eq(await page.textContent('[data-testid="image-id-short"]'), img.config.digest.slice(7, 19), `${at}: short ID`);
    eq(await attr('[data-testid="manifest-kept"]', "data-kept"), kept, `${at}: manifest kept`);
    // the efficiency summary
    const e = img.efficiency;
    eq(await attr('[data-testid="eff-total"]'), String(e.total_bytes), `${at}: total`);
    eq(await attr('[data-testid="eff-final"]'), String(e.final_bytes), `${at}: final`);
    eq(await attr('[data-testid="eff-wasted"]'), String(e.wasted_bytes), `${at}: wasted`);
    eq(Number(await attr('[data-testid="eff-score"]', "data-score")), e.score, `${at}: score`);
    const kinds = await page.$$eval('[data-testid="eff-by-kind"] li', (els) => els.map((l) => [l.dataset.kind, Number(l.dataset.bytes)]));
    eq(kinds, Object.entries(e.by_kind).filter(([, b]) => b > 0), `${at}: by kind`);
    const items = await page.$$eval('[data-testid="eff-items"] tbody tr', (els) =>
      els.map((r) => ({ path: r.dataset.path, layer: Number(r.dataset.layer), bytes: Number(r.dataset.bytes), kind: r.dataset.kind, by_layer: Number(r.dataset.byLayer) })));
    eq(items, e.items.slice(0, 5).map(({ path, layer, bytes, kind, by_layer }) => ({ path, layer, bytes, kind, by_layer })), `${at}: largest wasted copies`);
    eq(await attr('[data-testid="eff-duplicates"]', "data-groups"), String(e.duplicates_total), `${at}: duplicate groups`);
    eq(await attr('[data-testid="eff-duplicates"]'), String(e.duplicate_bytes), `${at}: duplicate bytes`);
    const dups = await page.$$eval('[data-testid="eff-dups"] tbody tr', (els) => els.map((r) => [Number(r.dataset.bytes), Number(r.dataset.paths)]));
    eq(dups, e.duplicates.slice(0, 3).map((d) => [d.bytes, d.paths_total]), `${at}: duplicates`);
    // every waste number links to the model, which the page ships
    const href = await attr('[data-testid="efficiency-doc"]', "href");
    eq(href, "docs/efficiency.md", `${at}: doc link`);
    // the picture: one row per layer (the last at the top), waste marks adding up, bars to scale
    const rows = await page.$$eval('[data-testid="size-layers-table"] tbody tr', (els) => els.map((r) => [Number(r.cells[1].dataset.bytes), Number(r.cells[2].dataset.bytes)]));
    eq(rows, img.layers.map((l) => [l.uncompressed_size, l.wasted_bytes]).reverse(), `${at}: layer rows`);
    const marks = await page.$$eval('[data-testid="size-layers"] rect.bar-waste', (els) => els.map((r) => Number(r.dataset.bytes)));
    eq(marks.reduce((a, b) => a + b, 0), e.wasted_bytes, `${at}: the hatched parts add up to wasted_bytes`);
    eq(marks.length, img.layers.filter((l) => l.wasted_bytes > 0).length, `${at}: one mark per wasteful layer`);
    const bars = await page.$$eval('[data-testid="size-layers"] rect.bar-layer', (els) => els.map((r) => [Number(r.dataset.bytes), r.width.baseVal.value]));
    const max = Math.max(...bars.map(([b]) => b));
    for (const [b, w] of bars) assert(Math.abs(w - Math.max(1, (380 * b) / max)) < 0.02, `${at}: bar of ${b} bytes is ${w} wide`);
    const dirs = await page.$$eval('[data-testid="size-dirs"] rect.bar-dir', (els) => els.map((r) => Number(r.dataset.bytes)));
    eq(dirs, topDirs(cli.tree.merged.find((m) => m.image === i).entries), `${at}: largest directories from the CLI's tree`);
    eq(dirs.reduce((a, b) => a + b, 0), e.final_bytes, `${at}: directories add up to final_bytes`);
    for (const id of ["size-layers", "size-dirs"]) {
      const named = await page.$eval(`[data-testid="${id}"]`, (s) => [s.getAttribute("role"), document.getElementById(s.getAttribute("aria-labelledby"))?.textContent, document.getElementById(s.getAttribute("aria-describedby"))?.textContent]);
      assert(named[0] === "img" && named[1] && named[2], `${at}: ${id} has a name and a description: ${named}`);
    }
    wasteful += e.wasted_bytes > 0 ? 1 : 0;
  }
  assert(wasteful >= 3, `${name}: only ${wasteful} images with waste`);
  const doc = await context.request.get(new URL("docs/efficiency.md", page.url()).href);
  eq(doc.status(), 200, "docs/efficiency.md is shipped");
  assert((await doc.text()).includes("Where the bytes go"), "the model's page");
  await page.locator('[data-testid="size-picture"]').scrollIntoViewIfNeeded();
  await h.shot(page, `16-size-picture-${name}`);
  await context.close();
}
