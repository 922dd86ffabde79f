// `make bench` (browser half): time from file chosen to download ready, in headless Chromium
// against the release build. Usage: node bench.mjs FILE... ; prints one JSON line per file.
import { serveDist, launch, openPage, renderersMiB } from './harness.mjs';

const RUNS = Number(process.env.BENCH_RUNS || 5);

const server = await serveDist();
const browser = await launch();
try {
  for (const file of process.argv.slice(2)) {
    const times = [];
    const wall = [];
    const ready = [];
    const interactive = [];
    let worker = 0;
    let extracting = 0;
    let rows = 0;
    let peak = 0;
    let heap = 0;
    let wasm = 0;
    for (let run = 0; run < RUNS; run++) {
      const { page, context } = await openPage(browser, server.origin);
      // The converter has loaded: what is timed is the conversion, not the page load.
      await page.locator('.ps-drop[data-ready="true"]').waitFor();
      ready.push(await page.evaluate(() => Math.round(performance.getEntriesByName('pinsheet:converter-ready')[0].startTime)));
      interactive.push(await page.evaluate(() => Math.round(performance.getEntriesByName('pinsheet:interactive')[0].startTime)));
      const started = Date.now();
      const sampler = setInterval(() => { peak = Math.max(peak, renderersMiB()); }, 200);
      await page.locator('[data-testid="file-input"]').setInputFiles(file);
      await page.locator('[data-testid="convert"]:not([disabled])').click({ timeout: 300_000 });
      await page.locator('[data-testid="download-xlsx"]').waitFor({ timeout: 300_000 });
      clearInterval(sampler);
      heap = Math.max(heap, await page.evaluate(() => Math.round((performance.memory?.usedJSHeapSize ?? 0) / 1048576)));
      // The converter's linear memory only grows, so its size now is its peak.
      for (const converter of page.workers()) {
        const bytes = await converter.evaluate(async () => (await wasm_bindgen()).memory.buffer.byteLength).catch(() => 0);
        wasm = Math.max(wasm, Math.round(bytes / 1048576));
      }
      // What the person waits for: file chosen → preview drawn, and Convert → download ready
      // (User Timing marks set by the page), not the time they spend looking at the preview.
      const waited = await page.evaluate(() => {
        const at = (name) => performance.getEntriesByName(`pinsheet:${name}`).at(-1).startTime;
        return at('preview-ready') - at('file-chosen') + (at('download-ready') - at('convert-clicked'));
      });
      times.push(Math.round(waited));
      wall.push(Date.now() - started);
      worker = await page.locator('[data-testid="elapsed"]').getAttribute('data-ms');
      extracting = Number(await page.locator('[data-testid="elapsed"]').getAttribute('data-extract-ms'));
      rows = Number((await page.locator('[data-testid="stat-rows"]').textContent()).replaceAll(',', ''));
      await context.close();
    }
    times.sort((a, b) => a - b);
    wall.sort((a, b) => a - b);
    const median = (list) => list[Math.floor(RUNS / 2)];
    ready.sort((a, b) => a - b);
    interactive.sort((a, b) => a - b);
    console.log(JSON.stringify({ file, converter_ready_ms: median(ready), interactive_ms: median(interactive), runs: times, median_ms: median(times), driven_ms: median(wall), worker_convert_ms: Number(worker), peak_renderer_mib: peak, js_heap_mib: heap, worker_wasm_mib: wasm, extract_ms: extracting, links_per_second: Math.round(rows / (extracting / 1000)) }));
  }
} finally {
  await browser.close();
  await server.close();
}
