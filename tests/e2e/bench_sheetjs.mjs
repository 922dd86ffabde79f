// `make bench`: the SheetJS peer page (tests/bench/sheetjs, served from SHEETJS_DIR with
// xlsx.full.min.js) in the same headless Chromium as pinsheet's page: time from file chosen to
// download ready, and the renderers' peak memory. Usage: node bench_sheetjs.mjs FILE...
// Prints one JSON line per file; a file SheetJS cannot convert gets its error.
import { serveDist, launch, openPage, renderersMiB } from './harness.mjs';

const RUNS = Number(process.env.BENCH_RUNS || 5);
if (!process.env.SHEETJS_DIR) throw new Error('SHEETJS_DIR must name the folder with the SheetJS page (scripts/bench.sh makes it)');
const server = await serveDist(process.env.SHEETJS_DIR);
const browser = await launch();
try {
  for (const file of process.argv.slice(2)) {
    const times = [];
    let peak = 0;
    let failed = null;
    for (let run = 0; run < RUNS && !failed; run++) {
      const { page, context } = await openPage(browser, server.origin);
      const sampler = setInterval(() => { peak = Math.max(peak, renderersMiB()); }, 200);
      try {
        await page.locator('[data-testid="file-input"]').setInputFiles(file);
        await page.locator('[data-testid="download"]:not([hidden]), [data-testid="status"][data-failed]')
          .first().waitFor({ timeout: 600_000 });
        failed = await page.locator('[data-testid="status"]').getAttribute('data-failed')
          && await page.locator('[data-testid="status"]').textContent();
      } catch (error) {
        // The tab itself gave out (out of memory kills the renderer).
        failed = String(error.message).split('\n')[0];
      }
      clearInterval(sampler);
      if (!failed) {
        times.push(Math.round(await page.evaluate(() => {
          const at = (name) => performance.getEntriesByName(`peer:${name}`).at(-1).startTime;
          return at('download-ready') - at('file-chosen');
        })));
      }
      await context.close().catch(() => {});
    }
    times.sort((a, b) => a - b);
    console.log(JSON.stringify({ file, runs: times, median_ms: failed ? null : times[Math.floor(times.length / 2)], peak_renderer_mib: peak, failed: failed || null }));
  }
} finally {
  await browser.close();
  await server.close();
}
