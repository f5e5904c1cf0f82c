// ocilens service worker: keeps the app shell so that a reload without network still works.
// scripts/sw.mjs (run by Trunk's post_build hook) fills in SHELL, the files of this build, and
// VERSION, a hash over them; a new build is a new worker with a new cache.
//
// What it does on the network, all of it same-origin:
// - install: fetches the shell files once (the files the page has just loaded) into the cache;
// - fetch: passes the page's own same-origin GET requests on as they are and answers from the
//   cache only when the network fails (offline); it adds no request of its own, and never
//   touches another origin's request (the page makes none: its CSP forbids them).
const VERSION = "__VERSION__";
const SHELL = __SHELL__;
const CACHE = `ocilens-shell-${VERSION}`;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("ocilens-shell-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  // a page load (with any fragment or query) is index.html
  const key = request.mode === "navigate" ? new URL("./index.html", self.registration.scope).href : request;
  event.respondWith(
    fetch(request).catch(() =>
      caches.open(CACHE).then((cache) => cache.match(key, { ignoreSearch: true })).then((hit) => hit ?? Response.error()),
    ),
  );
});
