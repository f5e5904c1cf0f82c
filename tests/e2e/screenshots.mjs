// The README's screenshots, taken through the real page on the real fixtures at
// 1280×800 (light theme). They go to tests/e2e/artifacts/readme/; with
// OCILENS_SCREENSHOTS=docs they replace docs/screenshots/ (then look at them
// before committing). Called from run.mjs with its helpers: `await run(t)`.
import { mkdirSync } from "node:fs";
import { join } from "node:path";

export async function run(t) {
  const dir = process.env.OCILENS_SCREENSHOTS === "docs" ? join(t.root, "docs/screenshots") : join(t.artifacts, "readme");
  mkdirSync(dir, { recursive: true });
  const vp = { viewport: { width: 1280, height: 800 }, colorScheme: "light" };
  const shot = (page, name) => page.screenshot({ path: join(dir, `${name}.png`) });

  await t.test("README screenshots: start page, Overview, Findings, Files, Structure, Explain, a shared finding", async () => {
    let { context, page } = await t.open(vp);
    await shot(page, "start");
    await t.fileInput(page).setInputFiles(t.fixture("docker-save.tar"));
    t.eq(await t.done(page), "done", "docker-save.tar");
    await page.waitForSelector('[data-testid="verdict"]');
    await shot(page, "overview");
    await context.close();

    // the Overview's efficiency summary and size picture, on the image of waste-docker.tar.gz
    // (a docker save) whose layers waste the most
    ({ context, page } = await t.open(vp));
    await t.fileInput(page).setInputFiles(t.fixture("waste-docker.tar.gz"));
    t.eq(await t.done(page), "done", "waste-docker.tar.gz");
    const cli = JSON.parse(t.cliJson(["inspect", "--json", t.fixture("waste-docker.tar.gz")]).toString());
    const most = cli.images.reduce((best, img, i) => ((img.efficiency?.wasted_bytes ?? 0) > (cli.images[best].efficiency?.wasted_bytes ?? 0) ? i : best), 0);
    await page.selectOption('select[aria-label="Image"]', String(most));
    const from = await page.locator('[data-testid="efficiency"]').boundingBox();
    const to = await page.locator('[data-testid="size-picture"]').boundingBox();
    await page.screenshot({ path: join(dir, "size-picture.png"), fullPage: true,
      clip: { x: 0, y: from.y - 8, width: vp.viewport.width, height: to.y + to.height - from.y + 16 } });
    await context.close();

    ({ context, page } = await t.open(vp));
    await t.fileInput(page).setInputFiles(t.fixture("skopeo-tarball-xz.tar"));
    t.eq(await t.done(page), "done", "skopeo-tarball-xz.tar");
    await t.tab(page, "Findings");
    await page.waitForSelector("[data-code]");
    await shot(page, "findings");
    await context.close();

    ({ context, page } = await t.open(vp));
    await t.fileInput(page).setInputFiles(t.fixture("skopeo-oci-gzip.tar"));
    t.eq(await t.done(page), "done", "skopeo-oci-gzip.tar");
    await t.tab(page, "Files");
    await page.waitForSelector('[role="treeitem"]');
    await shot(page, "files");
    await t.tab(page, "Structure");
    await page.waitForSelector(".index-tree");
    await shot(page, "structure");
    await t.tab(page, "Explain");
    await page.waitForSelector('[data-testid="graph"] svg');
    await shot(page, "explain");
    await context.close();

    // a finding shared from one browser, opened in a fresh one
    ({ context, page } = await t.open(vp));
    await t.fileInput(page).setInputFiles(t.fixture("skopeo-tarball-xz.tar"));
    t.eq(await t.done(page), "done", "skopeo-tarball-xz.tar");
    await t.tab(page, "Findings");
    await page.click('[data-code="diffid.compressed-digest"] .share >> nth=0');
    const link = await page.inputValue('input[aria-label="Share link URL"]');
    await context.close();
    const fresh = await t.browser.newContext(vp);
    const p2 = await fresh.newPage();
    await p2.goto(link);
    await p2.waitForSelector('#app[data-state="done"]');
    await p2.waitForSelector('[data-testid="shared-banner"]');
    await p2.waitForSelector("li.focused, .focused[data-code]");
    // the banner at the top, the focused finding under it
    await p2.evaluate(() => window.scrollTo(0, 0));
    await shot(p2, "shared-finding");
    await fresh.close();
    console.log(`README screenshots written to ${dir}`);
  });
}
