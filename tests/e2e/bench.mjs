// `make bench` (browser half): time from file chosen to download ready, in headless Chromium
// against the release build. Usage: node bench.mjs FILE... ; prints one JSON line per file.
import { serveDist, launch, openPage } from './harness.mjs';

const RUNS = 3;
const server = await serveDist();
const browser = await launch();
try {
  for (const file of process.argv.slice(2)) {
    const times = [];
    let worker = 0;
    for (let run = 0; run < RUNS; run++) {
      const { page, context } = await openPage(browser, server.origin);
      await page.locator('[data-testid="file-input"]').waitFor({ state: 'attached' });
      const started = Date.now();
      await page.locator('[data-testid="file-input"]').setInputFiles(file);
      await page.locator('[data-testid="convert"]:not([disabled])').click({ timeout: 120_000 });
      await page.locator('[data-testid="download-xlsx"]').waitFor({ timeout: 120_000 });
      times.push(Date.now() - started);
      worker = await page.locator('[data-testid="elapsed"]').getAttribute('data-ms');
      await context.close();
    }
    times.sort((a, b) => a - b);
    console.log(JSON.stringify({ file, runs: times, median_ms: times[Math.floor(RUNS / 2)], worker_convert_ms: Number(worker) }));
  }
} finally {
  await browser.close();
  await server.close();
}
