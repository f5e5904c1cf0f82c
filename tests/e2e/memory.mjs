// Wasm memory under hostile input (issue 14, reliability plan §4.1 E/H and §7): every crafted
// case that is a decompression bomb, hits a cap (its codes name a `limits.*` finding) or is
// scale as an attack is dropped on the real page, with the production limits. For each, the
// page must reach `data-state=done`, show the same finding codes as `ocilens inspect` (the
// caps are findings there too), and keep the wasm linear memory of the page and of every
// worker under 1 GiB. Wasm memory never shrinks, so its size when a worker posts a message is
// the worker's peak so far; a shim prepended to the workers' glue sends that size on a
// BroadcastChannel before each message. The table goes to tests/e2e/artifacts/bomb-memory.md.
// Called from run.mjs with its helpers.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync, statSync } from "node:fs";
import { join } from "node:path";

const CASES_DIR = "/tmp/ocilens-e2e-cases";
const CHANNEL = "ocilens-e2e-memory";
const MIB = 1 << 20;
/** The plan's bound for hostile input (issue 14: "under 1 GiB in the browser"). */
const BOUND = 1024 * MIB;

/** Prepended to the workers' glue: the worker's memory size before each message it posts. */
function workerShim() {
  return `(() => {
  const bc = new BroadcastChannel(${JSON.stringify(CHANNEL)});
  const id = Math.random().toString(36).slice(2);
  let memory = null;
  const instantiate = WebAssembly.instantiate;
  WebAssembly.instantiate = async function (...a) {
    const r = await instantiate.apply(this, a);
    memory = (r.instance ?? r).exports.memory;
    return r;
  };
  const post = self.postMessage;
  self.postMessage = function (...a) {
    if (memory) bc.postMessage([id, memory.buffer.byteLength]);
    return post.apply(this, a);
  };
})();
`;
}

/** Installed before the page's scripts: the page's own wasm memory and the workers' reports. */
function pageInit(channel) {
  window.__workers = {};
  new BroadcastChannel(channel).onmessage = (e) => {
    const [id, bytes] = e.data;
    window.__workers[id] = Math.max(window.__workers[id] ?? 0, bytes);
  };
  window.__memories = [];
  for (const name of ["instantiate", "instantiateStreaming"]) {
    const f = WebAssembly[name];
    WebAssembly[name] = async function (...a) {
      const r = await f.apply(this, a);
      const m = (r.instance ?? r).exports?.memory;
      if (m) window.__memories.push(m);
      return r;
    };
  }
}

/**
 * A browser context whose pages record their wasm memory (`window.__memories`) and their workers'
 * (`window.__workers`, by worker). No service worker: its fetches of the glue would be routed too,
 * and the page would get the shim.
 */
export async function memoryContext(browser) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, serviceWorkers: "block" });
  await context.route(/\/app-[^/_]*\.js$/, async (r) => {
    if (r.request().resourceType() !== "fetch") return r.continue();
    const resp = await r.fetch();
    await r.fulfill({ response: resp, body: workerShim() + (await resp.text()) });
  });
  await context.addInitScript(pageInit, CHANNEL);
  return context;
}

/** The crafted cases to drop: bombs, caps and scale (file, case name), from write_cases's list. */
function hostileCases(root) {
  const writer = join(root, "target/debug/examples/write_cases");
  if (existsSync(writer)) execFileSync(writer, [CASES_DIR], { stdio: "ignore" });
  else execFileSync("cargo", ["run", "--locked", "--quiet", "--example", "write_cases", CASES_DIR], { cwd: root, stdio: "ignore" });
  return readFileSync(join(CASES_DIR, "cases.tsv"), "utf8").split("\n")
    .filter((l) => l && !l.startsWith("#"))
    .map((l) => l.split("\t"))
    .filter(([, name, , codes]) => /^(bomb|scale)\b/.test(name) || /(^|,)limits\./.test(codes))
    // MEMORY_CASES=regex: only those (a developer's run; CI takes them all)
    .filter(([, name]) => !process.env.MEMORY_CASES || new RegExp(process.env.MEMORY_CASES).test(name))
    .map(([file, name]) => ({ file: join(CASES_DIR, file), name }));
}

export async function run(h) {
  const { test, browser, url, root, assert, eq, tab, cliJson, artifacts } = h;

  await test("hostile: wasm memory stays under 1 GiB on every bomb, cap and scale case, with the CLI's findings", async () => {
    const cases = hostileCases(root);
    assert(process.env.MEMORY_CASES || cases.length >= 40, `only ${cases.length} hostile cases`);
    const context = await memoryContext(browser);
    const rows = [];
    const problems = [];
    for (const c of cases) {
      const page = await context.newPage();
      const errors = [];
      page.on("pageerror", (e) => errors.push(e.message));
      if (process.env.E2E_DEBUG) page.on("console", (m) => console.log(`${c.name}: console: ${m.text()}`));
      await page.goto(url);
      await page.waitForSelector('#app[data-state="idle"]');
      const t0 = Date.now();
      await page.getByLabel("Choose an image tarball").setInputFiles(c.file);
      await page.waitForSelector('#app[data-state="done"], #app[data-state="error"]', { timeout: 300000 });
      const ms = Date.now() - t0;
      const state = await page.getAttribute("#app", "data-state");
      // the last worker message may still be on the channel
      await page.waitForTimeout(50);
      const mem = await page.evaluate(() => ({
        page: Math.max(0, ...window.__memories.map((m) => m.buffer.byteLength)),
        workers: Object.values(window.__workers),
      }));
      let codes = [];
      if (state === "done") {
        await tab(page, "Findings");
        codes = await page.$$eval("section.finding-group[data-code]", (gs) => gs.map((g) => g.dataset.code));
      }
      const cli = JSON.parse(cliJson(["inspect", "--json", c.file]).toString());
      const want = [...new Set(cli.findings.map((f) => f.code))].sort();
      const got = [...new Set(codes)].sort();
      const worker = Math.max(0, ...mem.workers);
      const row = { name: c.name, size: statSync(c.file).size, ms, state, page: mem.page, worker, workers: mem.workers.length, caps: got.filter((x) => x.startsWith("limits.")) };
      rows.push(row);
      if (state !== "done") problems.push(`${c.name}: data-state ${state}`);
      else if (JSON.stringify(got) !== JSON.stringify(want)) problems.push(`${c.name}: page codes ${got} ≠ CLI ${want}`);
      if (Math.max(mem.page, worker) >= BOUND) problems.push(`${c.name}: wasm memory ${Math.max(mem.page, worker)} B`);
      if (!mem.workers.length) problems.push(`${c.name}: no worker reported its memory`);
      if (errors.length) problems.push(`${c.name}: page errors ${errors.join("; ").slice(0, 200)}`);
      await page.close();
    }
    await context.close();
    const mib = (b) => (b / MIB).toFixed(1);
    const lines = [
      `${rows.length} hostile cases (bombs, caps, scale) on the page with the production limits; wasm memory after each (its peak: wasm memory never shrinks)`,
      "",
      "| case | bytes | time (ms) | page wasm (MiB) | largest worker wasm (MiB) | workers | caps shown |",
      "|---|---:|---:|---:|---:|---:|---|",
      ...rows.map((r) => `| ${r.name.replace(/\|/g, "/")} | ${r.size} | ${r.ms} | ${mib(r.page)} | ${mib(r.worker)} | ${r.workers} | ${r.caps.join(", ") || "none"} |`),
      "",
      `largest page memory ${mib(Math.max(...rows.map((r) => r.page)))} MiB, largest worker memory ${mib(Math.max(...rows.map((r) => r.worker)))} MiB (bound ${mib(BOUND)} MiB); slowest case ${Math.max(...rows.map((r) => r.ms))} ms`,
    ];
    writeFileSync(join(artifacts, "bomb-memory.md"), lines.join("\n") + "\n");
    console.log(lines.join("\n"));
    eq(problems, [], "problems");
  });
}
