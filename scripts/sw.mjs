// Writes the service worker into the staged build (called by scripts/csp.mjs once index.html is
// final): www/sw.js with SHELL = every file of the build (relative URLs) and VERSION = sha256 over
// their names and bytes, so each build gets its own cache.
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { join, relative, sep } from "node:path";

function files(dir, root = dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path, root) : [relative(root, path).split(sep).join("/")];
  });
}

export function writeServiceWorker(dir, source = "www/sw.js") {
  const shell = files(dir).filter((f) => f !== "sw.js").sort();
  const hash = createHash("sha256");
  for (const f of shell) hash.update(f).update("\0").update(readFileSync(join(dir, f))).update("\0");
  const version = hash.digest("hex").slice(0, 16);
  const urls = ["./", ...shell.map((f) => `./${f}`)];
  const code = readFileSync(source, "utf8")
    .replace('"__VERSION__"', JSON.stringify(version))
    .replace("__SHELL__", JSON.stringify(urls));
  writeFileSync(join(dir, "sw.js"), code);
  console.log(`sw: ${shell.length} shell files, cache ${version}`);
}
