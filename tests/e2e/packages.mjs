// The Packages view (issue 12, "The page"): the real dpkg database of the debootstrap fixture
// (tests/fixtures/packages/debian-dpkg.tar, made by scripts/make-package-fixtures) through the
// page equals `ocilens inspect --json`'s images[].packages[] (which tests/packages.rs checks
// against dpkg-query); the filter, the order by size, the removed package, a package's layer
// and files, a file opening in the Files view, and the route #/packages/<name>.
// Called from run.mjs.
export async function run({ test, open, done, tab, fixture, fileInput, eq, assert, cliJson, shot }) {
  const file = fixture("packages/debian-dpkg.tar");
  const cli = JSON.parse(cliJson(["inspect", "--json", file]).toString()).images[0].packages;
  const installed = cli.filter((p) => p.removed_in === null);

  await test("packages: the view lists the CLI's packages, filters, sorts by size and opens a package's files", async () => {
    const { context, page } = await open();
    await fileInput(page).setInputFiles(file);
    eq(await done(page), "done", "state");
    await tab(page, "Packages");
    const rows = async () => page.$$eval(".packages-table tbody tr", (rs) => rs.map((r) => [r.dataset.package, r.dataset.bytes === undefined ? null : Number(r.dataset.bytes)]));
    eq(await rows(), installed.map((p) => [p.name, p.size]), "installed packages, by name, with their sizes");
    eq(await page.textContent('button[data-tab="Packages"]'), `Packages (${installed.length})`, "the tab counts them");
    // largest first
    await page.check('.packages .filters input[type="checkbox"] >> nth=0');
    const bySize = [...installed].sort((a, b) => (b.size ?? 0) - (a.size ?? 0)).map((p) => p.name);
    eq((await rows()).map(([n]) => n), bySize, "by size");
    // the removed one too
    await page.check('.packages .filters input[type="checkbox"] >> nth=1');
    eq((await rows()).length, cli.length, "removed ones too");
    const gone = cli.find((p) => p.removed_in !== null);
    assert(gone, "the fixture purges one package");
    assert((await page.getAttribute(`.packages-table tr[data-package="${gone.name}"]`, "class")).includes("removed"), "marked removed");
    await page.fill('input[aria-label="Filter packages"]', "coreutils");
    eq((await rows()).map(([n]) => n), ["coreutils"], "filtered");
    await page.click('.packages-table tr[data-package="coreutils"] button');
    await page.waitForSelector('[data-testid="package-detail"][data-package="coreutils"]');
    const core = cli.find((p) => p.name === "coreutils");
    eq(await page.getAttribute('[data-testid="package-detail"] button[data-layer]', "data-layer"), String(core.layer), "the layer that installed it");
    const files = await page.$$eval(".package-files button", (bs) => bs.map((b) => b.dataset.path));
    eq(files, core.files.slice(0, 500), "its files");
    assert(files.includes("usr/bin/ls"), "coreutils has /usr/bin/ls");
    await shot(page, "25-packages-coreutils");
    await page.click('.package-files button[data-path="usr/bin/ls"]');
    await page.waitForSelector('[role="treeitem"][data-path="usr/bin/ls"].focused', { timeout: 10000 });
    assert((await page.evaluate(() => location.hash)).startsWith("#/files/usr/bin/ls"), "the Files view with the path");
    await context.close();
  });

  await test("packages: #/packages/<name> opens the package", async () => {
    const { context, page } = await open();
    await fileInput(page).setInputFiles(file);
    eq(await done(page), "done", "state");
    await page.evaluate(() => { location.hash = "#/packages/bash"; });
    await page.waitForSelector('[data-testid="package-detail"][data-package="bash"]');
    await page.click('.packages-table tr[data-package="dash"] button');
    await page.waitForFunction(() => location.hash === "#/packages/dash");
    await context.close();
  });
}
