// Layout through the real page (issue 8): at 1280×800 and at 768 px wide, no view
// scrolls the page sideways, and every table sits in a box of its own that scrolls
// horizontally when the table is wider than the page. Called from run.mjs with its
// helpers: `await run(t)`.

import { existsSync } from "node:fs";

const VIEWPORTS = [{ width: 1280, height: 800 }, { width: 768, height: 1024 }];

/** Widths of the page and of every table and its scroll box, measured in the page. */
async function measure(page) {
  return page.evaluate(() => {
    const se = document.scrollingElement;
    const tables = [...document.querySelectorAll("table")].map((t) => {
      let box = t.parentElement;
      while (box && box !== document.body && !["auto", "scroll"].includes(getComputedStyle(box).overflowX)) box = box.parentElement;
      const scrolls = box && box !== document.body;
      return {
        table: t.className || t.dataset.testid || "table",
        width: t.scrollWidth,
        box: scrolls ? (box.className || box.tagName.toLowerCase()) : null,
        boxWidth: scrolls ? box.clientWidth : null,
        boxRight: scrolls ? box.getBoundingClientRect().right : null,
        boxScrolls: scrolls ? box.scrollWidth > box.clientWidth : false,
      };
    });
    return { scrollWidth: se.scrollWidth, innerWidth: window.innerWidth, tables };
  });
}

/** Fails if the page scrolls sideways or a table is not in a box that scrolls. */
function check(t, m, where) {
  t.assert(m.scrollWidth <= m.innerWidth, `${where}: the page scrolls sideways (scrollWidth ${m.scrollWidth} > innerWidth ${m.innerWidth})`);
  for (const tb of m.tables) {
    t.assert(tb.box, `${where}: table ${tb.table} is not inside a horizontally scrolling box`);
    t.assert(tb.boxRight <= m.innerWidth + 0.5, `${where}: the box of table ${tb.table} ends at ${tb.boxRight} px, past the window`);
  }
}

async function viewport(t, vp, file, rows) {
  const { context, page } = await t.open({ viewport: vp });
  const size = `${vp.width}×${vp.height}`;
  const record = async (view) => {
    const m = await measure(page);
    check(t, m, `${view} at ${size} (${file})`);
    const inner = m.tables.filter((x) => x.boxScrolls).map((x) => `${x.table} ${x.width}px in ${x.boxWidth}px`);
    rows.push(`${size.padEnd(9)} ${file.padEnd(22)} ${view.padEnd(21)} page ${m.scrollWidth}/${m.innerWidth}px${inner.length ? `; scrolls in its box: ${inner.join(", ")}` : ""}`);
    return m;
  };
  await record("start page");
  if (vp.width === 768) await t.shot(page, "layout-768-start");
  await t.fileInput(page).setInputFiles(t.fixture(file));
  t.eq(await t.done(page), "done", `${file} state`);
  const names = await page.$$eval('[role="tablist"] [role="tab"]', (els) => els.map((e) => e.dataset.tab));
  for (const name of names) {
    await t.tab(page, name);
    await page.waitForSelector(`[role="tab"][data-tab="${name}"][aria-selected="true"]`);
    if (name === "Files") await page.waitForSelector('[role="tree"]');
    if (name === "Explain") await page.waitForSelector('[data-testid="graph"] svg');
    const m = await record(name);
    // the layer tables of docker-save-multi and skopeo-tarball-xz are wider than 768 px: it must scroll in its box, not the page
    if (vp.width === 768 && name === "Layers" && file !== "debian-shaped.tar") {
      const layers = m.tables.find((x) => x.table === "layers");
      t.assert(layers?.boxScrolls, `Layers at ${size} (${file}): the layer table (${layers?.width}px) does not scroll inside its box`);
    }
    if (vp.width === 768 && file === "docker-save-multi.tar") await t.shot(page, `layout-768-${name.toLowerCase()}`);
  }
  // the shell's overlays must fit in the window too
  await t.tab(page, "Findings");
  const toggles = await page.$$('.finding-group .toggle[aria-expanded="false"]');
  for (const b of toggles) await b.click();
  if (toggles.length) await record("Findings, places open");
  await page.click('[data-testid="samples-menu"]');
  await inside(t, page, "#samples-panel", `Samples menu at ${size}`);
  await record("Samples menu");
  await page.click('[data-testid="samples-menu"]');
  await page.mouse.click(2, 2);
  await page.keyboard.press("?");
  await inside(t, page, '[role="dialog"]#shortcuts', `shortcuts dialog at ${size}`);
  await record("shortcuts dialog");
  if (vp.width === 768 && file === "docker-save-multi.tar") await t.shot(page, "layout-768-shortcuts");
  await page.keyboard.press("Escape");
  await context.close();
}

/** Fails unless the element is wholly inside the window horizontally. */
async function inside(t, page, sel, where) {
  await page.waitForSelector(sel);
  const r = await page.$eval(sel, (el) => { const b = el.getBoundingClientRect(); return { l: b.left, r: b.right, w: window.innerWidth }; });
  t.assert(r.l >= 0 && r.r <= r.w, `${where}: ${sel} spans ${r.l.toFixed(0)}–${r.r.toFixed(0)} px, outside the ${r.w} px window`);
}

export async function run(t) {
  await t.test("layout: no sideways page scroll at 1280×800 and 768 px on any view; tables scroll in their own box", async () => {
    const rows = [];
    for (const vp of VIEWPORTS) {
      for (const file of ["docker-save-multi.tar", "skopeo-tarball-xz.tar", "debian-shaped.tar"]) {
        if (existsSync(t.fixture(file))) await viewport(t, vp, file, rows);
        else rows.push(`${file}: absent, not checked`);
      }
    }
    console.log(`layout (page scrollWidth/innerWidth per view):\n  ${rows.join("\n  ")}`);
  });
}
