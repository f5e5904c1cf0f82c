// The Findings view on the crafted Debian-shaped fixture: one card per code
// with the counts of a real Debian image (8 devices, 11 setuid/setgid),
// places behind a toggle with Show where, the severity and check filters and
// the search. Called from run.mjs with its helpers.
export async function findingsTests(h) {
  const { test, open, done, tab, shot, fixture, fileInput, assert, eq, cliJson } = h;
  // the CLI's findings for the fixture: the tar cards and the compatibility facts (issue 11)
  const cliFindings = () => JSON.parse(cliJson(["inspect", "--json", fixture("debian-shaped.tar")]).toString()).findings;
  const cardsOf = (findings) => [...new Set(findings.map((f) => f.code))];

  await test("findings: debian-shaped.tar groups into cards of 8 and 11, places open and Show where", async () => {
    const { context, page } = await open();
    await fileInput(page).setInputFiles(fixture("debian-shaped.tar"));
    eq(await done(page), "done", "state");
    await tab(page, "Findings");
    const cards = await page.$$eval("section.finding-group", (els) => els.map((e) => [e.dataset.code, Number(e.dataset.count)]));
    eq(cards.length, cardsOf(cliFindings()).length, `one card per code of the CLI's findings: ${JSON.stringify(cards)}`);
    const count = Object.fromEntries(cards);
    eq(count["tar.device-node"], 8, "character devices");
    eq(count["tar.setuid-setgid"], 11, "setuid and setgid programs");
    const sevs = await page.$$eval("section.finding-group", (els) => els.map((e) => ["error", "warning", "info"].findIndex((s) => e.classList.contains(s))));
    eq(sevs, [...sevs].sort((a, b) => a - b), "errors first, then warnings, then infos");
    const dev = 'section.finding-group[data-code="tar.device-node"]';
    eq((await page.$$(`${dev} .explanation`)).length, 1, "the explanation once");
    eq((await page.$$(`${dev} li.finding`)).length, 0, "eight places start closed");
    await page.click(`${dev} button.toggle`);
    eq(await page.getAttribute(`${dev} button.toggle`, "aria-expanded"), "true", "aria-expanded");
    const places = await page.$$eval(`${dev} li.finding .place`, (els) => els.map((e) => e.textContent));
    eq(places.length, 8, "eight places");
    assert(places.includes("image 0 · layer 0 · dev/null"), `places ${places}`);
    eq((await page.$$(`${dev} li.finding .share`)).length, 8, "each place keeps its share action");
    eq((await page.$$(`${dev} .share-group`)).length, 1, "and the card has its own");
    await shot(page, "16-findings-grouped");
    await page.click(`${dev} li.finding:has-text("dev/null") .goto`);
    await page.waitForSelector('[role="treeitem"].focused[data-path="dev/null"]');
    await context.close();
  });

  await test("findings: severity and check filters and the search", async () => {
    const { context, page } = await open();
    await fileInput(page).setInputFiles(fixture("debian-shaped.tar"));
    eq(await done(page), "done", "state");
    await tab(page, "Findings");
    const codes = () => page.$$eval("section.finding-group", (els) => els.map((e) => `${e.dataset.code}:${e.dataset.count}`));
    const severity = await page.getAttribute('section.finding-group[data-code="compatibility.oci-manifest"]', "class");
    const sev = ["error", "warning", "info"].find((s) => severity.split(" ").includes(s));
    await page.click(`button.chip[data-severity="${sev}"]`);
    eq(await page.getAttribute(`button.chip[data-severity="${sev}"]`, "aria-pressed"), "true", "pressed");
    assert((await codes()).includes("compatibility.oci-manifest:1"), `${sev} shown`);
    for (const c of await page.$$eval("section.finding-group", (els) => els.map((e) => e.className))) assert(c.includes(sev), `only ${sev}: ${c}`);
    await page.click(`button.chip[data-severity="${sev}"]`);
    const all = cliFindings();
    eq((await codes()).length, cardsOf(all).length, "a second click shows all again");
    await page.selectOption('[data-testid="check-filter"]', "compatibility");
    const compat = cardsOf(all.filter((f) => f.check === "compatibility")).map((c) => `${c}:${all.filter((f) => f.code === c).length}`);
    assert(compat.includes("compatibility.oci-manifest:1"), `compatibility facts: ${compat}`);
    eq([...(await codes())].sort(), compat.sort(), "check filter");
    await page.selectOption('[data-testid="check-filter"]', "");
    await page.getByLabel("Search findings").fill("usr/bin/su");
    await page.waitForFunction(() => document.querySelectorAll("section.finding-group").length === 1);
    eq(await codes(), ["tar.setuid-setgid:1"], "search matches the place");
    eq((await page.$$('section.finding-group li.finding')).length, 1, "a search opens the matching places");
    eq(await page.textContent('[data-testid="group-count"]'), "× 1 of 11", "count of all");
    await page.getByLabel("Search findings").fill("is setgid");
    await page.waitForFunction(() => document.querySelector("section.finding-group")?.dataset.count === "3");
    eq(await codes(), ["tar.setuid-setgid:3"], "search matches the message");
    await page.getByLabel("Search findings").fill("tar.device");
    await page.waitForFunction(() => document.querySelector("section.finding-group")?.dataset.code === "tar.device-node");
    eq(await codes(), ["tar.device-node:8"], "search matches the code");
    await page.getByLabel("Search findings").fill("no such thing anywhere");
    await page.waitForFunction(() => document.querySelectorAll("section.finding-group").length === 0);
    await shot(page, "17-findings-no-match");
    await page.getByRole("button", { name: "Clear the filters" }).click();
    eq((await codes()).length, cardsOf(all).length, "cleared");
    await context.close();
  });
}
