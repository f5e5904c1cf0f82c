// End-to-end tests of the page's shell (issue 8): routes with back, forward and reload, the
// keyboard shortcuts and their dialog, the drag overlay, the Samples menu after a drop, and the
// offline reload through the service worker. Called by run.mjs with its helpers.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { join, extname, normalize } from "node:path";

const selectedTab = (page) => page.getAttribute('button[role="tab"][aria-selected="true"]', "data-tab");
const hash = (page) => page.evaluate(() => decodeURIComponent(location.hash));
const rawHash = (page) => page.evaluate(() => location.hash);
const inDialog = (page) => page.evaluate(() => !!document.activeElement?.closest("#shortcuts"));

/** dist/ served by this process on a port of its own, so the test can take the network away. */
async function serveDist(root) {
  const dist = join(root, "dist");
  const types = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".css": "text/css", ".svg": "image/svg+xml" };
  const sockets = new Set();
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
    const file = join(dist, path.endsWith("/") ? `${path}index.html` : path);
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream", "cache-control": "no-store" });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  server.on("connection", (s) => { sockets.add(s); s.on("close", () => sockets.delete(s)); });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const stop = () => new Promise((ok) => { for (const s of sockets) s.destroy(); server.close(ok); });
  return { url: `http://127.0.0.1:${server.address().port}/`, stop };
}

export default async function shellTests(h) {
  const { browser, test, assert, eq, open, done, tab, dropFile, fixture, fileInput, shot, root } = h;

  await test("routes: every view has a URL; back, forward and reload (the file dropped again) come back to it", async () => {
    const { context, page } = await open();
    await fileInput(page).setInputFiles(fixture("skopeo-oci-gzip.tar"));
    eq(await done(page), "done", "state");
    eq(await hash(page), "#/overview", "after the drop");
    await tab(page, "Layers");
    eq(await hash(page), "#/layers", "Layers");
    await tab(page, "Findings");
    await tab(page, "Files");
    await page.waitForSelector('[role="tree"]');
    eq(await hash(page), "#/files", "Files");
    await page.goBack();
    await page.waitForFunction(() => location.hash === "#/findings");
    eq(await selectedTab(page), "Findings", "back once");
    await page.goBack();
    await page.waitForFunction(() => location.hash === "#/layers");
    eq(await selectedTab(page), "Layers", "back twice");
    await page.goForward();
    await page.waitForFunction(() => location.hash === "#/findings");
    eq(await selectedTab(page), "Findings", "forward");
    // a path with a space, a '#' and unicode, typed into the address bar
    await page.evaluate(() => { location.hash = "#/files/etc/hostname"; });
    await page.waitForSelector('[role="treeitem"].focused[data-path="etc/hostname"]');
    eq(await selectedTab(page), "Files", "typed route");
    const odd = "#/files/no%20such/caf%C3%A9%23?layer=1";
    await page.evaluate((odd) => { location.hash = odd; }, odd);
    await page.waitForFunction(() => document.querySelector('select[aria-label="Tree"]')?.value === "1");
    eq(await rawHash(page), odd, "an odd path stays as written");
    assert(!(await page.$('[role="treeitem"].focused')), "no row for a path the tree lacks");
    // a selection: layer 1, then reload, drop the same file again
    await tab(page, "Layers");
    await page.keyboard.press("j");
    await page.keyboard.press("j");
    await page.waitForSelector('tr.focused[data-layer="1"]');
    eq(await hash(page), "#/layers/1", "selected layer");
    await page.reload();
    await page.waitForSelector('#app[data-state="idle"]');
    eq(await hash(page), "#/layers/1", "the reload keeps the route");
    await fileInput(page).setInputFiles(fixture("skopeo-oci-gzip.tar"));
    eq(await done(page), "done", "state after reload");
    await page.waitForSelector('tr.focused[data-layer="1"]');
    eq(await selectedTab(page), "Layers", "view after reload");
    // garbage goes to the Overview
    await page.evaluate(() => { location.hash = "#/layers/%zz/?image=x"; });
    await page.waitForFunction(() => location.hash === "#/overview");
    eq(await selectedTab(page), "Overview", "garbage");
    await context.close();
  });

  await test("routes: a share link opens where it was focused, and a reload of it stays there", async () => {
    const { context, page } = await open();
    await page.click('button[data-sample="skopeo-tarball-xz.tar"].incident');
    eq(await done(page), "done", "state");
    eq(await hash(page), "#/findings/diffid.compressed-digest", "an incident opens on its finding");
    await page.click('li.finding.focused[data-code="diffid.compressed-digest"] .share');
    const link = await page.inputValue('input[aria-label="Share link URL"]');
    await context.close();
    const fresh = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const p2 = await fresh.newPage();
    await p2.goto(link);
    await p2.waitForSelector('li.finding.focused[data-code="diffid.compressed-digest"]');
    const h1 = await rawHash(p2);
    assert(h1.startsWith("#/findings/diffid.compressed-digest?r=1."), h1.slice(0, 60));
    await p2.click('button[data-tab="Layers"]');
    await p2.reload();
    await p2.waitForSelector('#app[data-state="done"]');
    eq(await selectedTab(p2), "Layers", "reloaded shared report");
    assert((await p2.textContent('[data-testid="shared-banner"]')).includes("not verified here"), "banner");
    await p2.goBack();
    await p2.waitForSelector('li.finding.focused[data-code="diffid.compressed-digest"]');
    await fresh.close();
  });

  await test("keyboard: ? lists the shortcuts (focus trapped, Esc closes), 1–9, /, j/k and arrows", async () => {
    const { context, page } = await open();
    await fileInput(page).setInputFiles(fixture("skopeo-tarball-xz.tar"));
    eq(await done(page), "done", "state");
    await page.keyboard.press("?");
    await page.waitForSelector('#shortcuts[role="dialog"][aria-modal="true"]');
    const keys = await page.$$eval("#shortcuts kbd", (els) => els.map((e) => e.textContent));
    eq(keys, ["?", "1–8", "/", "j", "↓", "k", "↑", "Esc"], "listed keys");
    assert(await inDialog(page), "focus moves into the dialog");
    for (const k of ["Tab", "Tab", "Shift+Tab", "Tab"]) {
      await page.keyboard.press(k);
      assert(await inDialog(page), `focus left the dialog after ${k}`);
    }
    await page.keyboard.press("2");
    assert(await page.$("#shortcuts"), "digits do nothing while the dialog is open");
    eq(await selectedTab(page), "Overview", "no view switch under the dialog");
    await shot(page, "15-shortcuts");
    await page.keyboard.press("Escape");
    await page.waitForSelector("#shortcuts", { state: "detached" });
    await page.click('[data-testid="shortcuts-button"]');
    await page.waitForSelector("#shortcuts");
    await page.click('[data-testid="shortcuts-close"]');
    await page.waitForSelector("#shortcuts", { state: "detached" });
    eq(await page.evaluate(() => document.activeElement?.dataset.testid), "shortcuts-button", "focus given back");
    // digits switch views
    for (const [k, name] of [["2", "Findings"], ["5", "Layers"], ["8", "Packages"], ["1", "Overview"], ["6", "Files"]]) {
      await page.keyboard.press(k);
      eq(await selectedTab(page), name, `key ${k}`);
    }
    // '/' focuses the filter; typed keys then stay in the field
    await page.waitForSelector('[role="tree"]');
    await page.keyboard.press("/");
    eq(await page.evaluate(() => document.activeElement?.getAttribute("aria-label")), "Filter by path", "focused filter");
    await page.keyboard.type("j2?");
    eq(await page.inputValue('input[aria-label="Filter by path"]'), "j2?", "typed into the filter");
    eq(await selectedTab(page), "Files", "no switch while typing");
    assert(!(await page.$("#shortcuts")), "no dialog while typing");
    await page.fill('input[aria-label="Filter by path"]', "");
    await page.keyboard.press("Escape");
    await page.click("h1.brand");
    // j/k and arrows in the file rows
    await page.keyboard.press("j");
    const first = await page.getAttribute('[role="treeitem"].focused', "data-path");
    await page.keyboard.press("ArrowDown");
    const second = await page.getAttribute('[role="treeitem"].focused', "data-path");
    assert(first && second && first !== second, `rows ${first} ${second}`);
    await page.keyboard.press("k");
    eq(await page.getAttribute('[role="treeitem"].focused', "data-path"), first, "k goes back");
    // the Findings list, in the order shown
    await page.keyboard.press("2");
    await page.keyboard.press("j");
    await page.keyboard.press("j");
    const order = await page.$$eval("li.finding", (els) => els.map((e) => e.id));
    eq(await page.getAttribute("li.finding.focused", "id"), order[1], "second finding");
    await page.keyboard.press("ArrowUp");
    eq(await page.getAttribute("li.finding.focused", "id"), order[0], "first finding");
    eq(await page.evaluate(() => !!document.activeElement?.closest("li.finding.focused")), true, "DOM focus on the selected finding");
    // layers
    await page.keyboard.press("5");
    await page.keyboard.press("j");
    await page.waitForSelector('tr.focused[data-layer="0"]');
    // a modifier leaves the key to the browser
    await page.keyboard.press("Control+2");
    eq(await selectedTab(page), "Layers", "Ctrl+2 is not a shortcut");
    await context.close();
  });

  await test("drag feedback: a whole-window overlay while a file is dragged over the page", async () => {
    const { context, page } = await open();
    const drag = (types, selector = "#app") => page.evaluate(([types, selector]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(10)], "x.tar"));
      const el = document.querySelector(selector);
      for (const type of types) el.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
    }, [types, selector]);
    assert(!(await page.$('[data-testid="drag-overlay"]')), "no overlay at rest");
    await drag(["dragenter"]);
    await page.waitForSelector('[data-testid="drag-overlay"]');
    const [box, win] = await page.$eval('[data-testid="drag-overlay"]', (el) => {
      const r = el.getBoundingClientRect();
      return [[r.left, r.top, r.width, r.height], [0, 0, document.documentElement.clientWidth, innerHeight]];
    });
    eq(box, win, "covers the window");
    await shot(page, "16-drag-overlay");
    // moving over a child: enter the child, leave the parent; still dragging
    await drag(["dragenter"], ".dropzone");
    await drag(["dragleave"], "#app");
    assert(await page.$('[data-testid="drag-overlay"]'), "overlay while over a child");
    await drag(["dragleave"], ".dropzone");
    await page.waitForSelector('[data-testid="drag-overlay"]', { state: "detached" });
    // dragging text, not a file, shows nothing
    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.setData("text/plain", "hello");
      document.querySelector("#app").dispatchEvent(new DragEvent("dragenter", { bubbles: true, dataTransfer: dt }));
    });
    assert(!(await page.$('[data-testid="drag-overlay"]')), "no overlay for text");
    // a real drop hides it and inspects
    await drag(["dragenter", "dragover"]);
    await page.waitForSelector('[data-testid="drag-overlay"]');
    await dropFile(page, fixture("rootfs.tar"), "rootfs.tar");
    eq(await done(page), "done", "dropped");
    assert(!(await page.$('[data-testid="drag-overlay"]')), "overlay gone after the drop");
    await context.close();
  });

  await test("start page: drop zone and gallery; after a drop the gallery is in the Samples menu only", async () => {
    const { context, page } = await open();
    eq(await page.$$eval("section.gallery", (els) => els.map((e) => e.getAttribute("aria-label"))), ["Explained problems", "Samples"], "start page");
    assert(await page.$(".dropzone"), "drop zone");
    assert(!(await page.$('[data-testid="samples-menu"]')), "no menu on the start page");
    await fileInput(page).setInputFiles(fixture("skopeo-oci-gzip.tar"));
    eq(await done(page), "done", "state");
    for (const t of ["Findings", "Layers", "Files", "Overview"]) {
      await tab(page, t);
      eq((await page.$$("section.gallery")).length, 0, `gallery under ${t}`);
    }
    await page.click('[data-testid="samples-menu"]');
    await page.waitForSelector('#samples-panel button[data-sample="kimai-notag.tar"]');
    eq(await page.getAttribute('[data-testid="samples-menu"]', "aria-expanded"), "true", "expanded");
    await shot(page, "17-samples-menu");
    await page.keyboard.press("Escape");
    await page.waitForSelector("#samples-panel", { state: "detached" });
    await page.click('[data-testid="samples-menu"]');
    await page.click('#samples-panel button[data-sample="kimai-notag.tar"]');
    // an explained problem opens on its finding
    await page.waitForSelector('li.finding.focused[data-code="reference.missing-tag"]');
    eq(await done(page), "done", "sample");
    eq(await hash(page), "#/findings/reference.missing-tag", "its route");
    assert(!(await page.$("#samples-panel")), "menu closes on a choice");
    await context.close();
  });

  await test("offline after the first visit: the service worker serves the shell; no request after load", async () => {
    const server = await serveDist(root);
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    page.on("pageerror", (e) => console.log("pageerror:", e.message));
    await page.goto(server.url + "#/layers/1");
    await page.waitForSelector('#app[data-state="idle"]');
    await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 20000 });
    const cached = await page.evaluate(async () => {
      const names = await caches.keys();
      const cache = await caches.open(names.find((n) => n.startsWith("ocilens-shell-")));
      return (await cache.keys()).map((r) => new URL(r.url).pathname);
    });
    assert(cached.includes("/index.html"), `/index.html not cached: ${cached}`);
    // one module for the page and its workers: its wasm and JS glue, no worker files of their own
    assert(cached.some((f) => /^\/app-.*_bg\.wasm$/.test(f)), `app wasm not cached: ${cached}`);
    assert(cached.some((f) => /^\/app-[^_]*\.js$/.test(f)), `app JS not cached: ${cached}`);
    assert(!cached.some((f) => f.startsWith("/worker")), `a worker file in the build: ${cached}`);
    // the network goes away: the server stops and the browser is offline
    await server.stop();
    await context.setOffline(true);
    const requests = [];
    const responses = [];
    page.on("request", (r) => requests.push(r.url()));
    page.on("response", (r) => responses.push([r.url(), r.fromServiceWorker()]));
    await page.reload();
    await page.waitForSelector('#app[data-state="idle"]', { timeout: 30000 });
    const loaded = requests.length;
    assert(responses.length > 0 && responses.every(([, sw]) => sw), `not from the service worker: ${responses.filter(([, sw]) => !sw).map(([u]) => u)}`);
    eq(await hash(page), "#/layers/1", "route kept offline");
    await fileInput(page).setInputFiles(fixture("skopeo-oci-gzip.tar"));
    eq(await done(page), "done", "inspected offline");
    await page.waitForSelector('tr.focused[data-layer="1"]');
    const after = requests.slice(loaded).filter((r) => !r.startsWith("blob:"));
    eq(after, [], "requests after load");
    console.log(`offline: ${cached.length} files cached; reload served ${responses.length} responses from the service worker`);
    await context.close();
  });
}

