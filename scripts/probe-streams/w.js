// scripts/probe-streams: one blob of the file, inflated with DecompressionStream, then only read, timed in this worker
onmessage = async (e) => {
  const [file, off, len] = e.data;
  const t0 = performance.now();
  const r = file.slice(off, off + len).stream().pipeThrough(new DecompressionStream("gzip")).getReader();
  let n = 0;
  for (;;) { const { done, value } = await r.read(); if (done) break; n += value.length; }
  const t1 = performance.now();
  // stored bytes read only (no inflate), through the stream
  const r2 = file.slice(off, off + len).stream().getReader();
  let m = 0;
  for (;;) { const { done, value } = await r2.read(); if (done) break; m += value.length; }
  const t2 = performance.now();
  postMessage({ decoded: n, inflate_ms: t1 - t0, stored: m, read_ms: t2 - t1 });
};
