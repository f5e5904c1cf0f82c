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
}
