// "Will it load?" through the real page (issue 11): for fixtures loaded through the file
// input, every cell of the Overview's matrix equals the release CLI's
// `ocilens inspect --json` compatibility[] (tool, action, variant, range, verdict), the
// rows are one per tool/action/variant and flush right; a failing cell opens to the
// message, the causes (links to the findings' cards) and the fix; Copy puts the fix on
// the clipboard, in the matrix and in the Findings view; the paste box sits beside the
// matrix. Called from run.mjs with its helpers: `await run(t)`.

const MARK = { ok: "✓", warns: "!", fails: "✗" };
const key = (tool, action, variant, from, below) => [tool, action, variant ?? "", from ?? "", below ?? ""].join("|");

/** The matrix as the page shows it: one entry per filled cell, in DOM order. */
async function cellsOf(page) {
  return page.$$eval('[data-testid="compat-matrix"] tbody tr', (trs) =>
    trs.map((tr) => ({
      row: [tr.dataset.tool, tr.dataset.action, tr.dataset.variant],
      label: tr.querySelector("th").textContent,
      cells: [...tr.querySelectorAll("td.compat-cell")].map((td) =>
        td.classList.contains("blank")
          ? null
          : {
              from: td.dataset.from || null,
              below: td.dataset.below || null,
              verdict: td.dataset.verdict,
              summary: td.querySelector("summary").textContent,
              index: Number(td.dataset.index),
            }),
    })));
}

export async function run(t) {
  const { test, open, done, tab, fixture, fileInput, assert, eq, shot, cliJson } = t;

  for (const name of ["trillian-mixed-media-types.tar", "skopeo-oci-zstd.tar", "docker-save-untagged.tar"]) {
    await test(`will it load: every cell for ${name} equals the CLI's compatibility[]`, async () => {
      const { context, page } = await open();
      await fileInput(page).setInputFiles(fixture(name));
      eq(await done(page), "done", "state");
      await page.waitForSelector('[data-testid="compat-matrix"]');
      const cli = JSON.parse(cliJson(["inspect", "--json", fixture(name)]).toString()).compatibility;
      assert(cli.length > 0, "the CLI gives verdicts");
      const rows = await cellsOf(page);
      // every cell is one CLI entry, and every CLI entry is one cell
      const got = rows.flatMap((r) => r.cells.filter(Boolean).map((c) => `${key(...r.row, c.from, c.below)}=${c.verdict}`));
      const want = cli.map((c) => `${key(c.tool, c.action, c.variant, c.versions.from, c.versions.below)}=${c.verdict}`);
      eq([...got].sort(), [...want].sort(), "cells = CLI verdicts");
      eq(new Set(got).size, got.length, "no entry shown twice");
      // rows: one per tool/action/variant, in the CLI's order; cells oldest to newest, flush right
      const order = [...new Set(cli.map((c) => key(c.tool, c.action, c.variant)))];
      eq(rows.map((r) => key(...r.row)), order, "rows");
      const width = Math.max(...rows.map((r) => r.cells.filter(Boolean).length));
      for (const r of rows) {
        eq(r.cells.length, width, `${r.label}: columns`);
        const filled = r.cells.filter(Boolean);
        eq(r.cells.slice(width - filled.length).every(Boolean), true, `${r.label}: flush right`);
        const mine = cli.filter((c) => key(c.tool, c.action, c.variant) === key(...r.row));
        eq(filled.map((c) => c.from), mine.map((c) => c.versions.from), `${r.label}: oldest first`);
        for (const c of filled) {
          // the mark and its word; the range label
          assert(c.summary.includes(MARK[c.verdict]) && c.summary.includes(c.verdict), `${r.label}: ${c.summary}`);
          if (!c.from && !c.below) assert(c.summary.includes("all versions"), c.summary);
          else if (!c.from) assert(c.summary.includes("< "), c.summary);
          else if (!c.below) assert(c.summary.includes("≥ "), c.summary);
          else assert(c.summary.includes(" – "), c.summary);
        }
      }
      const counts = ["fails", "warns", "ok"].map((v) => cli.filter((c) => c.verdict === v).length);
      eq(await page.textContent('[data-testid="compat-summary"]'), `${counts[0]} fail, ${counts[1]} warn, ${counts[2]} ok`, "summary");
      await context.close();
    });
  }

  await test("will it load: a cell opens to the message, the causes and the fix; Copy copies the fix", async () => {
    const name = "trillian-mixed-media-types.tar";
    const { context, page } = await open({ permissions: ["clipboard-read", "clipboard-write"] });
    await fileInput(page).setInputFiles(fixture(name));
    eq(await done(page), "done", "state");
    const report = JSON.parse(cliJson(["inspect", "--json", fixture(name)]).toString());
    const want = report.compatibility.find((c) => c.tool === "skopeo" && c.variant === "to docker-archive:" && c.verdict === "fails");
    assert(want && want.fix && want.message, "the CLI has a failing skopeo verdict with a fix");
    // the paste box sits beside the matrix
    const matrix = await page.locator('[data-testid="will-it-load"]').boundingBox();
    const paste = await page.locator('.will-it-load-paste [data-testid="paste-panel"]').boundingBox();
    assert(paste && paste.x >= matrix.x + matrix.width - 1 && paste.y < matrix.y + matrix.height, `paste box beside: ${JSON.stringify([matrix, paste])}`);
    const sel = `tr[data-tool="skopeo"][data-variant="to docker-archive:"] td[data-verdict="fails"][data-from="${want.versions.from ?? ""}"][data-below="${want.versions.below ?? ""}"]`;
    const cell = page.locator(sel);
    eq(await cell.locator("details").evaluate((d) => d.open), false, "closed at first");
    eq(await cell.locator('[data-testid="compat-message"]').isVisible(), false, "message hidden while closed");
    await cell.locator("summary").click();
    eq(await cell.locator("details").evaluate((d) => d.open), true, "opens");
    eq(await cell.locator('[data-testid="compat-message"]').textContent(), want.message, "message");
    eq(await cell.locator('[data-testid="compat-fix"]').textContent(), want.fix, "fix");
    const because = await cell.locator(".compat-because [data-code]").evaluateAll((els) => els.map((e) => [e.dataset.code, e.getAttribute("href")]));
    eq(because, want.because.map((c) => [c, `#/findings/${c}`]), "causes link to their cards");
    const src = cell.locator(".compat-source a[href]");
    eq(await src.getAttribute("href"), want.source, "source link");
    await shot(page, "compat-matrix");
    await cell.getByRole("button", { name: "Copy the fix" }).click();
    await page.waitForFunction((s) => document.querySelector(`${s} button.copy`).textContent === "Copied", sel);
    eq(await page.evaluate(() => navigator.clipboard.readText()), want.fix, "clipboard holds the fix");
    // a cause opens its card in the Findings view, whose fix is copied too
    const code = want.because[0];
    await cell.locator(`.compat-because a[data-code="${code}"]`).click();
    await page.waitForFunction((c) => location.hash === `#/findings/${c}`, code);
    const card = page.locator(`.finding-group[data-code="${code}"]`);
    await card.waitFor();
    const fix = report.findings.find((f) => f.code === code).fix;
    assert(fix, `${code} has a fix in the CLI report`);
    eq(await card.locator('[data-testid="finding-fix"] .fix-cmd').textContent(), fix, "the card's fix = the CLI's");
    await page.evaluate(() => navigator.clipboard.writeText(""));
    await card.locator('[data-testid="finding-fix"] button.copy').click();
    await page.waitForFunction(async (f) => (await navigator.clipboard.readText()) === f, fix);
    await context.close();
  });

  await test("findings: every fix the CLI prints has a Copy button on its card", async () => {
    const name = "skopeo-oci-zstd.tar";
    const { context, page } = await open({ permissions: ["clipboard-read", "clipboard-write"] });
    await fileInput(page).setInputFiles(fixture(name));
    eq(await done(page), "done", "state");
    const report = JSON.parse(cliJson(["inspect", "--json", fixture(name)]).toString());
    // the CLI's own wording, `fix: …`, for each finding that has one
    const text = cliJson(["inspect", fixture(name)]).toString();
    const withFix = report.findings.filter((f) => f.fix);
    assert(withFix.length >= 2, "fixture has fixes");
    for (const f of withFix) assert(text.includes(`fix: ${f.fix}`), `CLI prints ${f.fix}`);
    await tab(page, "Findings");
    for (const f of withFix) {
      const card = page.locator(`.finding-group[data-code="${f.code}"]`);
      eq(await card.locator('[data-testid="finding-fix"] .fix-cmd').allTextContents(), [f.fix], `${f.code}: fix`);
      await card.locator('[data-testid="finding-fix"] button.copy').click();
      await page.waitForFunction(async (x) => (await navigator.clipboard.readText()) === x, f.fix);
    }
    // a finding without a fix has no fix line
    for (const f of report.findings.filter((f) => !f.fix)) {
      eq(await page.locator(`.finding-group[data-code="${f.code}"] [data-testid="finding-fix"]`).count(), 0, `${f.code}: no fix`);
    }
    await shot(page, "compat-findings-fix");
    await context.close();
  });
}
