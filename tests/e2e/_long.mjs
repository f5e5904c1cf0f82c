import { chromium } from "playwright-core";
const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless","--no-sandbox","--disable-gpu"] });
const p = await (await b.newContext({viewport:{width:1366,height:900}})).newPage();
await p.goto("http://127.0.0.1:8791/"); await p.waitForSelector('#app[data-state="idle"]');
await p.getByLabel("Choose an image tarball").setInputFiles(process.argv[2]);
await p.waitForSelector('#app[data-state="done"]', {timeout: 300000});
for (const t of ["Overview","Findings","Structure","History","Layers","Files","Explain","Packages"]) {
  await p.click(`button[data-tab="${t}"]`, {timeout: 120000}).catch(e => console.log("click fail", t));
  const r = await p.evaluate(() => {
    const out = []; const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (w.nextNode()) { const n = w.currentNode; if (n.data.length > 5000) { let e = n.parentElement, path = []; for (let i=0;i<4&&e;i++,e=e.parentElement) path.push(e.localName + (e.className ? "." + String(e.className).replace(/ /g,".") : "")); out.push(`${n.data.length} ${path.join(" < ")}`); } }
    return out; });
  console.log(t, r.length, r.slice(0, 12));
}
await b.close();
