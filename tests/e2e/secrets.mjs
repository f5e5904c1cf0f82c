// Secrets and the runtime lint in the page (issue 12): the buildah fixture of
// scripts/make-secret-fixtures (tests/fixtures/secrets/buildah-secrets.tar, with the values it
// planted in tests/fixtures/secrets/values.txt) shows the CLI's `secret.*` and `runtime.*`
// findings, and no full secret value, nor more than its first 4 characters, reaches any view's
// DOM, the downloaded report, a share link, or a file's preview. Called from run.mjs.
import { readFileSync } from "node:fs";
import { inflateSync } from "node:zlib";

export async function run({ test, open, done, tab, fixture, fileInput, eq, assert, cliJson, shot, artifacts }) {
  const file = fixture("secrets/buildah-secrets.tar");
  const values = readFileSync(fixture("secrets/values.txt"), "utf8").split("\n")
    .map((l) => l.slice(l.indexOf("=") + 1).trim()).filter((v) => v.length >= 8);
  const cli = JSON.parse(cliJson(["inspect", "--json", file]).toString());
  // a leak is any 5 leading characters of a planted value (the rule allows 4)
  const leaks = (text) => values.filter((v) => text.includes(v.slice(0, 5)));

  await test("secrets: the page lists the CLI's secret and runtime findings and leaks no value", async () => {
    const { context, page } = await open();
    await fileInput(page).setInputFiles(file);
    eq(await done(page), "done", "state");
    await tab(page, "Findings");
    // one group per code, with its count (groups of several start closed)
    const codes = await page.$$eval("section.finding-group[data-code]", (gs) => gs.flatMap((g) => Array(Number(g.dataset.count)).fill(g.dataset.code)).sort());
    eq(codes, cli.findings.map((f) => f.code).sort(), "the CLI's findings");
    assert(codes.some((c) => c.startsWith("secret.")) && codes.some((c) => c.startsWith("runtime.")), `secret and runtime findings: ${codes}`);
    await shot(page, "26-secrets-findings");
    for (const t of ["Overview", "Findings", "Structure", "History", "Layers", "Files", "Explain", "Packages"]) {
      await tab(page, t);
      eq(leaks(await page.content()), [], `the ${t} view`);
    }
    // the downloaded report
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download report" }).click()]);
    const saved = `${artifacts}/secrets-report.json`;
    await download.saveAs(saved);
    eq(leaks(readFileSync(saved, "utf8")), [], "the downloaded report");
    // a share link (of the report), decoded
    await page.getByRole("button", { name: "Share report" }).click();
    const url = await page.inputValue('input[aria-label="Share link URL"]');
    const json = inflateSync(Buffer.from(url.split("#r=1.")[1], "base64url")).toString("utf8");
    eq(leaks(url + json), [], "the share link");
    await context.close();
  });

  await test("secrets: a file's preview masks the secrets in it", async () => {
    const { context, page } = await open();
    await fileInput(page).setInputFiles(file);
    eq(await done(page), "done", "state");
    // the .env the later layer deletes is still in the layer that COPYs it
    const hit = cli.findings.find((f) => f.code.startsWith("secret.") && f.where.path && f.where.path.endsWith(".env"));
    assert(hit, "a finding for the .env");
    await page.evaluate(([layer, path]) => { location.hash = `#/files/${path}?layer=${layer}`; }, [hit.where.layer, hit.where.path]);
    await page.waitForSelector(`[role="treeitem"][data-path="${hit.where.path}"].focused`);
    await page.click(`[role="treeitem"][data-path="${hit.where.path}"] .row-open`);
    await page.waitForSelector('[data-testid="preview"][data-state="text"]', { timeout: 30000 });
    const text = await page.textContent('[data-testid="preview-text"]');
    assert(text.includes("masked"), `the preview says what it masked: ${text.slice(0, 200)}`);
    eq(leaks(text), [], "the preview text");
    eq(leaks(await page.content()), [], "the page with the preview");
    await context.close();
  });
}
