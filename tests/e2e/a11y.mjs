// Accessibility through the real page (issue 8): axe-core on every view, in the
// light and the dark theme, on real fixtures; and the keyboard focus ring, which
// must be drawn, unclipped, in a colour of at least 3:1 against what is behind it.
// Called from run.mjs with its helpers: `await run(t)`.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const IMPACTS = ["minor", "moderate", "serious", "critical"];
const THEMES = ["light", "dark"];

/**
 * The violations axe finds on the page as it is now. axe is injected with
 * page.evaluate, which runs through the DevTools protocol and so is not subject
 * to the page's Content-Security-Policy: the app's CSP stays exactly as shipped
 * (no bypassCSP, no inline script).
 */
export async function axe(page) {
  if (!(await page.evaluate(() => typeof window.axe === "object"))) await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length,
      where: v.nodes.slice(0, 4).map((n) => `${n.target.join(" ")}${n.failureSummary ? ` — ${n.failureSummary.split("\n").slice(1, 2).join("").trim()}` : ""}`),
    }));
  });
}

/** Counts of violating nodes per impact. */
function counts(violations) {
  const c = Object.fromEntries(IMPACTS.map((i) => [i, 0]));
  for (const v of violations) c[v.impact] = (c[v.impact] ?? 0) + v.nodes;
  return c;
}

/** The views of the loaded page: every tab, as the tab list names them. */
async function tabNames(page) {
  return page.$$eval('[role="tablist"] [role="tab"]', (els) => els.map((e) => e.dataset.tab));
}

/**
 * Runs axe on the start page, on every view of `file`, on the Findings cards
 * opened, the share panel, the Samples menu and the shortcuts dialog, in one theme. Returns rows { view, counts, bad } where bad lists the serious and
 * critical violations.
 */
async function auditTheme(t, theme, file) {
  const { context, page } = await t.open({ colorScheme: theme });
  const rows = [];
  const audit = async (view) => {
    const v = await axe(page);
    rows.push({ view, file, theme, counts: counts(v), bad: v.filter((x) => x.impact === "serious" || x.impact === "critical"), all: v });
  };
  t.eq(await page.evaluate(() => document.querySelector("#app").classList.contains("dark")), theme === "dark", "theme");
  await audit("start page");
  await t.fileInput(page).setInputFiles(t.fixture(file));
  t.eq(await t.done(page), "done", `${file} state`);
  for (const name of await tabNames(page)) {
    await t.tab(page, name);
    await page.waitForSelector(`[role="tab"][data-tab="${name}"][aria-selected="true"]`);
    if (name === "Files") await page.waitForSelector('[role="tree"]');
    if (name === "Explain") await page.waitForSelector('[data-testid="graph"] svg');
    await audit(name);
    if (theme === "dark" && file === "skopeo-tarball-xz.tar") await t.shot(page, `a11y-dark-${name.toLowerCase()}`);
  }
  // the Findings cards with every list of places open
  await t.tab(page, "Findings");
  const toggles = await page.$$('.finding-group .toggle[aria-expanded="false"]');
  for (const b of toggles) await b.click();
  if (toggles.length) await audit("Findings, places open");
  await page.getByRole("button", { name: "Share report" }).click();
  await page.waitForSelector('input[aria-label="Share link URL"]');
  await audit("share panel");
  await page.click('[data-testid="samples-menu"]');
  await page.waitForSelector("#samples-panel");
  await audit("Samples menu");
  await page.click('[data-testid="samples-menu"]');
  await page.mouse.click(2, 2);
  await page.keyboard.press("?");
  await page.waitForSelector('[role="dialog"]#shortcuts');
  await audit("shortcuts dialog");
  await page.keyboard.press("Escape");
  await context.close();
  return rows;
}

function table(rows) {
  const head = ["view", "fixture", "theme", ...IMPACTS];
  const lines = rows.map((r) => [r.view, r.file, r.theme, ...IMPACTS.map((i) => String(r.counts[i]))]);
  const w = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (l) => "| " + l.map((c, i) => c.padEnd(w[i])).join(" | ") + " |";
  return [fmt(head), "|" + w.map((n) => "-".repeat(n + 2)).join("|") + "|", ...lines.map(fmt)].join("\n");
}

/** WCAG contrast ratio of two "rgb(a)(…)" colours (alpha ignored: callers pass opaque ones). */
function ratio(a, b) {
  const lum = (s) => {
    const [r, g, bl] = s.match(/[\d.]+/g).slice(0, 3).map((x) => Number(x) / 255)
      .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

/**
 * The focus ring of the element that has the keyboard focus: the element (or, for
 * the visually hidden file input, the label that draws its ring), its outline,
 * the opaque background behind it, and whether a clipping ancestor cuts the ring.
 */
async function ring(page) {
  return page.evaluate(() => {
    let el = document.activeElement;
    if (!el || el === document.body) return null;
    const name = (e) => `${e.tagName.toLowerCase()}${e.id ? "#" + e.id : ""}${e.className && typeof e.className === "string" ? "." + e.className.trim().split(/\s+/).join(".") : ""}${e.dataset?.tab ? `[${e.dataset.tab}]` : ""}`;
    const r0 = el.getBoundingClientRect();
    if (r0.width <= 1 || r0.height <= 1) el = el.closest("label") ?? el;
    const cs = getComputedStyle(el);
    let bg = null;
    for (let a = el.parentElement; a && !bg; a = a.parentElement) {
      const c = getComputedStyle(a).backgroundColor;
      if (!/rgba\(.*, 0\)$/.test(c) && c !== "transparent") bg = c;
    }
    const width = parseFloat(cs.outlineWidth) || 0;
    const reach = width + (parseFloat(cs.outlineOffset) || 0);
    const r = el.getBoundingClientRect();
    const box = { l: r.left - reach, t: r.top - reach, r: r.right + reach, b: r.bottom + reach };
    let clippedBy = null;
    for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.overflowX === "visible" && s.overflowY === "visible") continue;
      const c = a.getBoundingClientRect();
      const inner = { l: c.left + a.clientLeft, t: c.top + a.clientTop, r: c.left + a.clientLeft + a.clientWidth, b: c.top + a.clientTop + a.clientHeight };
      if (box.l < inner.l - 0.5 || box.t < inner.t - 0.5 || box.r > inner.r + 0.5 || box.b > inner.b + 0.5) { clippedBy = name(a); break; }
    }
    return { el: name(el), style: cs.outlineStyle, width, color: cs.outlineColor, bg: bg ?? "rgb(255, 255, 255)", clippedBy };
  });
}

/**
 * Tabs through the whole page on `view` and checks every focus stop. Returns the
 * number of stops and the problems found (no outline, under 3:1, clipped).
 */
async function tabThrough(page, view) {
  // a click on the page's top-left corner (nothing focusable there) starts the Tab order from the top
  await page.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); window.__first = null; });
  await page.mouse.click(2, 2);
  let stops = 0;
  const problems = [];
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press("Tab");
    // back at the first stop: the page has been walked round once
    if (await page.evaluate(() => { const a = document.activeElement; if (window.__first === a) return true; window.__first ??= a; return false; })) break;
    const f = await ring(page);
    if (!f) break;
    stops++;
    const where = `${view}: focus on ${f.el}`;
    const cr = ratio(f.color, f.bg);
    if (f.style === "none" || f.width < 2) problems.push(`${where} has no outline (${f.style} ${f.width}px)`);
    else if (cr < 3) problems.push(`${where}: ring ${f.color} on ${f.bg} is ${cr.toFixed(2)}:1, under 3:1`);
    else if (f.clippedBy) problems.push(`${where}: ring clipped by ${f.clippedBy}`);
  }
  if (stops === 0) problems.push(`${view}: no focus stop`);
  return { stops, problems: [...new Set(problems)] };
}

export async function run(t) {
  // a broken image, a multi-image archive (the platform picker) and the Debian-shaped image of issue 8
  // (debian-shaped.tar comes with the grouped Findings view; until then it is listed as absent)
  const files = ["skopeo-tarball-xz.tar", "docker-save-multi.tar", "debian-shaped.tar"].filter((f) => {
    if (existsSync(t.fixture(f))) return true;
    console.log(`a11y: fixture ${f} absent, not audited`);
    return false;
  });
  const rows = [];
  await t.test("axe-core: 0 serious or critical violations on every view, light and dark", async () => {
    for (const file of files) for (const theme of THEMES) rows.push(...(await auditTheme(t, theme, file)));
    console.log(`axe-core ${JSON.parse(readFileSync(require.resolve("axe-core/package.json"), "utf8")).version}: violating nodes per impact\n${table(rows)}`);
    for (const r of rows) for (const v of r.all) if (v.impact !== "serious" && v.impact !== "critical") console.log(`  ${r.view}/${r.theme}: ${v.impact} ${v.id} (${v.nodes}): ${v.where.join("; ")}`);
    const bad = rows.flatMap((r) => r.bad.map((v) => `${r.view} (${r.file}, ${r.theme}): ${v.impact} ${v.id} ×${v.nodes}: ${v.help}: ${v.where.join("; ")}`));
    t.assert(bad.length === 0, `serious/critical violations:\n${bad.join("\n")}`);
    // the start page, 7 views, the share panel, the Samples menu, the shortcuts dialog
    t.assert(rows.length >= files.length * THEMES.length * 11, `only ${rows.length} audits`);
  });

  await t.test("focus: every Tab stop draws an unclipped ring of 3:1 or more, light and dark", async () => {
    const report = [];
    const problems = [];
    const walk = async (page, view) => {
      const r = await tabThrough(page, view);
      report.push(`${view} ${r.stops}`);
      problems.push(...r.problems);
    };
    for (const theme of THEMES) {
      const { context, page } = await t.open({ colorScheme: theme });
      await walk(page, `start page/${theme}`);
      await t.fileInput(page).setInputFiles(t.fixture("skopeo-tarball-xz.tar"));
      t.eq(await t.done(page), "done", "state");
      for (const name of await tabNames(page)) {
        await t.tab(page, name);
        if (name === "Files") await page.waitForSelector('[role="tree"]');
        await walk(page, `${name}/${theme}`);
      }
      await context.close();
    }
    console.log(`focus stops checked: ${report.join(", ")}`);
    t.assert(problems.length === 0, `focus ring problems:\n${problems.join("\n")}`);
  });
}
