// The file-contents panel (issue 9, "File contents"): open a file from the
// Files view, see its text (encoding named) or hex, download it, and compare
// the bytes with `ocilens cat` (merged view, and --layer N for a layer's
// copy); a whiteout, a directory and a symlink say what they are; PNG and
// SVG show through blob: URLs under the CSP, the SVG's script never runs;
// Cancel stops a read deep in a 512 MiB gzip layer. Called from run.mjs.
import { spawnSync, execFileSync } from "node:child_process";
import { readFileSync, writeFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { deflateSync } from "node:zlib";

/** `ocilens cat FILE PATH [ARGS]`: the bytes on stdout (exit 0 required). */
function cat(root, file, path, args = []) {
  const r = spawnSync(join(root, "target/release/ocilens"), ["cat", file, path, ...args], { maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`ocilens cat ${path}: exit ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** A ustar header for `name`. */
function header(name, size, type = "0", link = "") {
  const h = Buffer.alloc(512);
  h.write(name, 0);
  h.write(type === "5" ? "0000755\0" : "0000644\0", 100);
  h.write("0000000\0", 108);
  h.write("0000000\0", 116);
  h.write(size.toString(8).padStart(11, "0") + "\0", 124);
  h.write("14520000000\0", 136);
  h.write("        ", 148);
  h.write(type, 156);
  h.write(link, 157);
  h.write("ustar\0" + "00", 257);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, "0") + "\0 ", 148);
  return h;
}

/** A bare file-system tarball from [name, body | {dir} | {link}] pairs. */
function rootfs(entries) {
  const parts = [];
  for (const [name, e] of entries) {
    if (e.dir) parts.push(header(name, 0, "5"));
    else if (e.link) parts.push(header(name, 0, "2", e.link));
    else {
      parts.push(header(name, e.length), e, Buffer.alloc((512 - (e.length % 512)) % 512));
    }
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

/** A 2×1 PNG (a real one: the browser decodes it). */
function png() {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0);
  ihdr.writeUInt32BE(1, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const raw = Buffer.from([0, 255, 0, 0, 0, 0, 255]);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]);
}

/** The hex view back to bytes. */
function unhex(text) {
  const out = [];
  for (const line of text.split("\n")) {
    const m = /^[0-9a-f]{8}  (.{48})/.exec(line.padEnd(58));
    if (!m) continue;
    for (const b of m[1].trim().split(/\s+/)) if (b) out.push(parseInt(b, 16));
  }
  return Buffer.from(out);
}

export async function run(h) {
  const { test, open, done, tab, shot, fixture, fileInput, assert, eq, root, artifacts } = h;

  /** Filters the Files view to `filter`, clicks Open on `path`, waits for the panel to settle. */
  async function openPath(page, filter, path) {
    await page.getByLabel("Filter by path").fill(filter);
    await page.click(`[role="treeitem"][data-path="${path}"] .row-open`);
    await page.waitForSelector(`[data-testid="preview"]:not([data-state="reading"]) h2:text-is("/${path}")`);
    return page.getAttribute('[data-testid="preview"]', "data-state");
  }
  async function download(page) {
    const [d] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download this file" }).click()]);
    const out = join(artifacts, `preview-${d.suggestedFilename()}`);
    await d.saveAs(out);
    return [d.suggestedFilename(), readFileSync(out)];
  }
  const same = (a, b, msg) => assert(Buffer.compare(a, b) === 0, `${msg}: ${a.length} bytes differ from ${b.length}`);

  await test("preview: text and hex of waste-vfs-buildah-oci.tar, downloads equal ocilens cat (merged and --layer 1)", async () => {
    const fx = fixture("waste-vfs-buildah-oci.tar");
    const { context, page } = await open();
    await fileInput(page).setInputFiles(fx);
    eq(await done(page), "done", "state");
    await tab(page, "Files");
    await page.waitForSelector('[role="tree"]');
    // a text file of layer 3, the merged view's copy
    eq(await openPath(page, "new.txt", "opt/data/new.txt"), "text", "panel state");
    eq(await page.getAttribute('[data-testid="preview-encoding"]', "data-encoding"), "UTF-8", "encoding");
    const want = cat(root, fx, "/opt/data/new.txt");
    eq(await page.textContent('[data-testid="preview-text"]'), want.toString("utf8"), "the text shown");
    let [name, got] = await download(page);
    eq(name, "new.txt", "download name");
    same(got, want, "new.txt");
    await shot(page, "30-preview-text");
    // a binary: the hex view is its first bytes
    eq(await openPath(page, "bin/sh", "bin/sh"), "hex", "panel state");
    const sh = cat(root, fx, "/bin/sh");
    const hex = await page.textContent('[data-testid="preview-hex"]');
    assert(hex.startsWith("00000000  7f 45 4c 46"), hex.slice(0, 80));
    same(unhex(hex), sh.subarray(0, 65536), "hex view");
    [name, got] = await download(page);
    eq(name, "sh", "download name");
    same(got, sh, "bin/sh");
    await shot(page, "31-preview-hex");
    // layer 1's copy of a file a later whiteout removes: merged has none
    await page.selectOption('select[aria-label="Tree"]', "1");
    eq(await openPath(page, "a.bin", "opt/data/a.bin"), "text", "layer 1 a.bin");
    const a = cat(root, fx, "/opt/data/a.bin", ["--layer", "1"]);
    eq(a.length, 614400, "cat --layer 1 size");
    [name, got] = await download(page);
    same(got, a, "opt/data/a.bin of layer 1");
    // the whiteout in layer 3, and a directory
    await page.selectOption('select[aria-label="Tree"]', "3");
    eq(await openPath(page, "a.bin", "opt/data/a.bin"), "not", "whiteout");
    assert((await page.textContent('[data-testid="preview-not"]')).includes("whiteout"), "says whiteout");
    eq(await openPath(page, "opt", "opt"), "not", "directory");
    assert((await page.textContent('[data-testid="preview-not"]')).includes("/opt is a directory"), "says directory");
    await shot(page, "32-preview-whiteout");
    eq(await page.evaluate(() => window.__csp), 0, "CSP violations");
    await context.close();
  });

  await test("preview: a symlink resolves within the image; PNG and SVG show through blob: URLs; the SVG's script never runs", async () => {
    const motd = Buffer.from("Welcome — ünïcödé text\n".repeat(3));
    const svg = Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><script>window.__svgran = 1</script><rect width="40" height="20" fill="#36c"/></svg>\n');
    const tar = rootfs([
      ["etc/", { dir: true }], ["etc/motd", motd], ["etc/welcome", { link: "motd" }], ["etc/abs", { link: "/etc/welcome" }],
      ["img/", { dir: true }], ["img/dot.png", png()], ["img/pic.svg", svg],
    ]);
    const file = join(artifacts, "preview-rootfs.tar");
    writeFileSync(file, tar);
    const { context, page } = await open();
    await fileInput(page).setInputFiles(file);
    eq(await done(page), "done", "state");
    await tab(page, "Files");
    await page.waitForSelector('[role="tree"]');
    eq(await openPath(page, "abs", "etc/abs"), "text", "symlink chain");
    eq(await page.textContent('[data-testid="preview-links"]'), "Resolved within the image: etc/abs → /etc/welcome, then etc/welcome → motd", "links");
    eq(await page.textContent('[data-testid="preview-text"]'), cat(root, file, "/etc/abs").toString("utf8"), "text through the links");
    const [, got] = await download(page);
    same(got, motd, "download through the links");
    for (const [name, w] of [["dot.png", 2], ["pic.svg", 40]]) {
      eq(await openPath(page, name, `img/${name}`), "image", name);
      const img = await page.waitForSelector('[data-testid="preview-image"]');
      assert((await img.getAttribute("src")).startsWith("blob:"), "blob: URL");
      await page.waitForFunction(() => document.querySelector('[data-testid="preview-image"]').complete);
      eq(await img.evaluate((el) => el.naturalWidth), w, `${name} decoded`);
    }
    await shot(page, "33-preview-svg");
    eq(await page.evaluate(() => window.__svgran), undefined, "the SVG's script ran");
    eq(await page.$$eval("svg script", (els) => els.length), 0, "no SVG inlined");
    eq(await page.evaluate(() => window.__csp), 0, "CSP violations");
    await context.close();
  });

  await test("preview: Cancel stops a read deep in a 512 MiB gzip layer", async () => {
    const big = "/tmp/ocilens-e2e-cat.tar";
    try { statSync(big); } catch { execFileSync(join(root, "target/release/examples/cat_bench"), [big, "512"], { stdio: "inherit" }); }
    const { context, page } = await open();
    await fileInput(page).setInputFiles(big);
    eq(await done(page, 600000), "done", "state");
    await tab(page, "Files");
    await page.getByLabel("Filter by path").fill("last.txt");
    // Enter on the focused row's name opens it
    await page.focus('[role="treeitem"][data-path="etc/last.txt"] button.name');
    await page.keyboard.press("Enter");
    await page.waitForSelector('[data-testid="preview"][data-state="reading"]');
    await page.waitForTimeout(300);
    await shot(page, "34-preview-reading");
    const t0 = Date.now();
    await page.getByRole("button", { name: "Cancel" }).click();
    await page.waitForSelector('[data-testid="preview"][data-state="stopped"]', { timeout: 1000 });
    assert(Date.now() - t0 <= 1000, "cancel took too long");
    eq(await page.textContent('[data-testid="preview-note"]'), "cancelled", "note");
    await context.close();
  });
}
