import { chromium } from "playwright-core";
const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless","--no-sandbox","--disable-gpu"] });
const p = await (await b.newContext()).newPage();
await p.goto("http://127.0.0.1:8791/"); await p.waitForSelector('#app[data-state="idle"]');
const cdp = await p.context().newCDPSession(p);
await cdp.send("Profiler.enable"); await cdp.send("Profiler.setSamplingInterval", {interval: 1000}); await cdp.send("Profiler.start");
const t0 = Date.now();
await p.getByLabel("Choose an image tarball").setInputFiles(process.argv[2]);
await p.waitForSelector('#app[data-state="verifying"], #app[data-state="done"]', {timeout: 300000});
console.log("verifying at", Date.now()-t0);
const { profile } = await cdp.send("Profiler.stop");
const self = new Map(); const byId = new Map(profile.nodes.map(n => [n.id, n]));
const dt = profile.timeDeltas; const counts = new Map();
profile.samples.forEach((id, i) => counts.set(id, (counts.get(id) ?? 0) + (dt[i] ?? 0)));
for (const [id, us] of counts) { const n = byId.get(id); const k = `${n.callFrame.functionName || "(anon)"} ${n.callFrame.url.split("/").pop()}:${n.callFrame.lineNumber}`; self.set(k, (self.get(k) ?? 0) + us); }
console.log([...self].sort((a,b)=>b[1]-a[1]).slice(0,25).map(([k,v]) => `${(v/1000).toFixed(0)} ms ${k}`).join("\n"));
await b.close();
