// "Paste your error" through the real page (issue 11): a real tool message pasted on the
// start page is recognised and mapped to its finding codes; with the Trillian fixture
// loaded, the box above the Findings points at this image's findings (links to
// #/findings/<code>) and the links work; an XSS-ish paste renders as text only; the
// pasted text never reaches the URL. Called from run.mjs with its helpers: `await run(t)`.

const SKOPEO = [
  "$ skopeo copy docker://gcr.io/trillian-opensource-ci/db_server:v1.6.0 docker-archive:./db_server_v1.6.0.tar",
  "Getting image source signatures",
  "Copying blob 10f855b03c8a done",
  'FATA[0007] creating an updated image manifest: Unknown media type during manifest conversion: "application/vnd.docker.image.rootfs.diff.tar.gzip"',
].join("\n");
const ENTRY = '[data-entry="cimage-unknown-media-type-conversion"]';
const CODE = "media-type-mix.oci-manifest-docker-layer";

export async function run(t) {
  const { test, open, done, tab, fixture, fileInput, assert, eq, shot } = t;

  await test("paste your error: the start page recognises a real skopeo message and keeps it out of the URL", async () => {
    const { context, page, requests, loaded } = await open();
    const before = page.url();
    await page.fill('[data-testid="paste-error"]', SKOPEO);
    await page.waitForSelector(ENTRY);
    const text = await page.textContent(ENTRY);
    assert(text.includes(CODE), `codes: ${text}`);
    assert(text.includes("https://github.com/containers/skopeo/issues/2216"), "source link");
    assert(text.includes("What else causes it"), "other causes");
    eq(page.url(), before, "the URL did not change");
    assert(!decodeURIComponent(page.url()).includes("manifest conversion"), "pasted text in the URL");
    eq(requests.length, loaded, "no request made by pasting");
    await shot(page, "paste-start");
    await page.fill('[data-testid="paste-error"]', "the coffee machine is empty");
    await page.waitForSelector('[data-testid="paste-not-recognised"]');
    eq(await page.$$eval(".paste-match", (e) => e.length), 0, "no match for an unknown text");
    await page.fill('[data-testid="paste-error"]', "");
    eq(await page.$$eval('[data-testid="paste-results"] > *', (e) => e.length), 0, "blank text shows nothing");
    await context.close();
  });

  await test("paste your error: with the Trillian fixture it points at this image's findings", async () => {
    const { context, page } = await open();
    // pasted before the drop: the text outlives the start page
    await page.fill('[data-testid="paste-error"]', SKOPEO);
    await fileInput(page).setInputFiles(fixture("trillian-mixed-media-types.tar"));
    eq(await done(page), "done", "state");
    await tab(page, "Findings");
    // text pasted before: the box is open
    eq(await page.$eval(".paste-details", (d) => d.open), true, "the box is open");
    const link = `[data-testid="paste-in-image"] a.finding-link[href="#/findings/${CODE}"]`;
    await page.waitForSelector(link);
    eq(await page.inputValue('[data-testid="paste-error"]'), SKOPEO, "the pasted text is still there");
    const listed = await page.$$eval('[data-testid="paste-in-image"] li[data-code]', (els) => els.map((e) => e.dataset.code));
    assert(listed.includes(CODE), `pointed at ${listed}`);
    // a message this image does not explain says so
    await page.fill('[data-testid="paste-error"]', "ctr: image might be filtered out");
    await page.waitForSelector('[data-testid="paste-none-applies"]');
    await page.fill('[data-testid="paste-error"]', SKOPEO);
    await page.click(link);
    await page.waitForFunction((c) => location.hash === `#/findings/${c}`, CODE);
    await page.waitForSelector(`.finding-group[data-code="${CODE}"]`);
    assert(!decodeURIComponent(page.url()).includes("manifest conversion"), "pasted text in the URL");
    await shot(page, "paste-findings");
    await context.close();
  });

  await test("paste your error: markup in the pasted text renders as text only", async () => {
    const { context, page } = await open();
    const evil = `<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>"><b id=bold>x</b>\n${SKOPEO}`;
    await page.fill('[data-testid="paste-error"]', evil);
    await page.waitForSelector(ENTRY);
    eq(await page.evaluate(() => window.__xss), undefined, "no script ran");
    eq(await page.$$eval(".paste-error img, .paste-error script, #bold", (e) => e.length), 0, "no element made from the paste");
    eq(await page.inputValue('[data-testid="paste-error"]'), evil, "the textarea holds the text as typed");
    eq(await page.evaluate(() => window.__csp), 0, "CSP violations");
    await context.close();
  });
}
