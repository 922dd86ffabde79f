// The page as a stranger meets it (issue 15), on a 1280×800 laptop and a 390×844 phone: one
// flow that stays in view, results that read without clipping, no dead ends, files Excel
// reads, a map that never blocks. Every state is saved as a screenshot for review
// (tests/output/flow-*.png).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { suite, byTestId, python, OUTPUT } from './harness.mjs';

const web = suite();
const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844, isMobile: true, hasTouch: true };
const SIZES = [['laptop', LAPTOP], ['phone', PHONE]];

const shot = (page, name) => page.screenshot({ path: join(OUTPUT, `flow-${name}.png`), fullPage: true });

/** A page of `size` ({width, height, isMobile?, hasTouch?}). */
function open(size, options = {}) {
  const { width, height, ...device } = size;
  return web.open({ viewport: { width, height }, ...device, ...options });
}

/** True when the element's box lies inside the viewport. */
const inViewport = (locator) => locator.evaluate((el) => {
  const box = el.getBoundingClientRect();
  return box.top >= 0 && box.bottom <= window.innerHeight && box.height > 0;
});

/** How far the page is wider than the screen (0 or less: no sideways scroll). */
const overflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** Cells (lat/lon, chips, row numbers) whose content is wider than their box. */
const clipped = (page) => page.evaluate(() => {
  const cut = [];
  const check = (el, what) => { if (el.scrollWidth > el.clientWidth + 0.5) cut.push(`${what}: ${el.textContent}`); };
  document.querySelectorAll('[data-testid=results] tbody tr[data-index]').forEach((row) => {
    row.querySelectorAll('.ps-col-lat, .ps-col-lon, .ps-col-row').forEach((cell) => check(cell, cell.className));
    const chip = row.querySelector('[data-testid=status-chip]');
    check(chip, 'chip');
    const cell = chip.parentElement;
    if (chip.getBoundingClientRect().right > cell.getBoundingClientRect().right + 0.5) cut.push(`chip outside: ${chip.textContent}`);
  });
  return cut;
});

for (const [name, size] of SIZES) {
  test(`${name}: a first visit explains itself; after Convert the progress and then the headline are in view and focused`, async () => {
    const { page, context, errors } = await open(size);
    await byTestId(page, 'drop-zone').waitFor();
    assert.ok(await inViewport(byTestId(page, 'file-input').locator('..')), 'Choose file is in view');
    assert.equal(await byTestId(page, 'before-after').count(), 1);
    const title = await byTestId(page, 'drop-zone').locator('.ps-drop__title').innerText();
    assert.equal(title, name === 'phone' ? 'Choose a spreadsheet' : 'Drop a spreadsheet here');
    assert.ok(await overflow(page) <= 0, 'no sideways scroll');
    await shot(page, `${name}-1-first-visit`);

    await byTestId(page, 'example').click();
    await byTestId(page, 'convert').waitFor();
    await shot(page, `${name}-2-preview`);
    // The example converts in a blink: whichever shows must come into view (the long job in
    // page.test.mjs checks the progress itself, its place and its focus). Polled, not read
    // once: the progress can give way to the headline between two reads, and the headline
    // is scrolled to as it takes the focus, a frame after it is drawn.
    await byTestId(page, 'convert').click();
    const shown = await page.waitForFunction(() => ['progress', 'headline'].some((id) => {
      const el = document.querySelector(`[data-testid="${id}"]`);
      const box = el?.getBoundingClientRect();
      return box && box.top >= 0 && box.bottom <= window.innerHeight && box.height > 0;
    }), null, { timeout: 5000 }).then(() => true, () => false);
    assert.ok(shown, 'progress (or the finished headline) is in view');
    const headline = byTestId(page, 'headline');
    await headline.waitFor();
    await page.waitForFunction(() => document.activeElement?.dataset.testid === 'headline');
    assert.ok(await inViewport(headline), 'the headline is in view');
    assert.equal(await headline.getAttribute('aria-live'), 'polite');
    assert.match(await headline.textContent(), /^12 of 14 rows got coordinates — 4 need a look\.$/);
    // The preview folded into one line, with a way back.
    assert.match(await byTestId(page, 'file-bar').textContent(), /^example\.xlsx · Places · 14 rows · column [A-Z]+/);
    assert.equal(await byTestId(page, 'preview').count(), 0);
    await page.frameLocator('[data-testid="map"]').locator('body[data-points="12"]').waitFor();
    assert.deepEqual(await clipped(page), []);
    assert.ok(await overflow(page) <= 0, 'no sideways scroll after converting');
    await shot(page, `${name}-3-results`);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('phone: result rows are two-line cards with the name, the point and the status', async () => {
  const { page, context } = await open(PHONE);
  await byTestId(page, 'example').click();
  await byTestId(page, 'convert').click();
  await byTestId(page, 'headline').waitFor();
  const first = byTestId(page, 'results').locator('tbody tr[data-index]').first();
  const box = await first.boundingBox();
  assert.ok(Math.abs(box.height - 58) <= 0.5, `a card is ${box.height}px`);
  assert.ok(box.width <= 390, 'a card fits the screen');
  const visible = await first.locator('td').evaluateAll((cells) => cells.filter((c) => c.offsetParent !== null).map((c) => c.className.match(/ps-col-\w+/)[0]));
  assert.deepEqual(visible, ['ps-col-row', 'ps-col-name', 'ps-col-lat', 'ps-col-lon', 'ps-col-status']);
  // Touch targets are at least 44 px tall.
  const small = await page.evaluate(() => [...document.querySelectorAll('button, .ps-button, select, input:not([type=file]):not([type=checkbox])')]
    .filter((el) => el.offsetParent !== null && !el.closest('[data-testid=results]') && el.getBoundingClientRect().height < 44)
    .map((el) => el.dataset.testid || el.textContent.trim() || el.outerHTML.slice(0, 60)));
  assert.deepEqual(small, []);
  await shot(page, 'phone-4-cards');
  // A card tapped: its panel (above the table on a narrow screen) comes into view.
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await first.click();
  await byTestId(page, 'row-title').waitFor();
  await page.waitForFunction(() => {
    const box = document.querySelector('[data-testid=row-panel]').getBoundingClientRect();
    return box.top >= 0 && box.bottom <= window.innerHeight;
  });
  await context.close();
});

test('changed settings after converting: the results say so, the old files are not offered, Convert again', async () => {
  const { page, context } = await open(LAPTOP);
  await byTestId(page, 'example').click();
  await byTestId(page, 'convert').click();
  await byTestId(page, 'download-xlsx').waitFor();
  assert.ok(await byTestId(page, 'download-xlsx').getAttribute('href'));
  await byTestId(page, 'change').click();
  await byTestId(page, 'header-toggle').uncheck();
  await byTestId(page, 'stale').waitFor();
  assert.match(await byTestId(page, 'stale').textContent(), /^Settings changed/);
  assert.equal(await byTestId(page, 'download-xlsx').getAttribute('href'), null, 'the stale .xlsx has no link');
  assert.equal(await byTestId(page, 'download-xlsx').getAttribute('aria-disabled'), 'true');
  assert.ok(await byTestId(page, 'export-geojson').isDisabled());
  await shot(page, 'laptop-5-stale');
  // Back to what was converted: nothing is stale.
  await byTestId(page, 'header-toggle').check();
  await byTestId(page, 'stale').waitFor({ state: 'detached' });
  await byTestId(page, 'header-toggle').uncheck();
  await byTestId(page, 'convert-again').click();
  await page.waitForFunction(() => performance.getEntriesByName('pinsheet:download-ready').length >= 2);
  assert.equal(await byTestId(page, 'stale').count(), 0);
  assert.ok(await byTestId(page, 'download-xlsx').getAttribute('href'));
  await context.close();
});

test('a file without links says so before Convert, and offers no downloads after', async () => {
  const { page, context } = await open(LAPTOP);
  const csv = ['Name,Phone,City', 'Ada,555-0100,London', 'Grace,555-0199,New York', 'Linus,555-0123,Helsinki'].join('\n');
  await byTestId(page, 'file-input').setInputFiles({ name: 'contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await byTestId(page, 'no-links').waitFor();
  assert.match(await byTestId(page, 'no-links').textContent(), /^No map links or coordinates were found in its [34] rows, in any column\./);
  await shot(page, 'laptop-6-no-links');
  await byTestId(page, 'convert').click();
  await byTestId(page, 'headline').filter({ hasText: /^No coordinates found in [34] rows\.$/ }).waitFor();
  await byTestId(page, 'no-downloads').waitFor();
  assert.equal(await byTestId(page, 'download-xlsx').count(), 0);
  assert.equal(await byTestId(page, 'map').count(), 0);
  await shot(page, 'laptop-7-no-coordinates');
  await context.close();
});

test('a short link without a resolver: open it, paste the full link, and the row gets its point', async () => {
  const { page, context } = await open(LAPTOP);
  const csv = ['Name,Link', 'Market,https://maps.app.goo.gl/abc123', 'Tower,"https://www.google.com/maps/@48.8583701,2.2944813,17z"'].join('\n');
  await byTestId(page, 'file-input').setInputFiles({ name: 'short.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await byTestId(page, 'convert').click();
  await byTestId(page, 'headline').waitFor();
  await byTestId(page, 'results').locator('tbody tr[data-index="0"]').click();
  await byTestId(page, 'use-link').waitFor();
  assert.equal(await byTestId(page, 'open-link').getAttribute('href'), 'https://maps.app.goo.gl/abc123');
  assert.equal(await byTestId(page, 'open-link').getAttribute('target'), '_blank');
  await shot(page, 'laptop-8-short-link');
  // The address the short link opens to, as Google's place pages carry their pin.
  // Text without a point is refused beside the field, not in the page's error box.
  await byTestId(page, 'use-link-input').fill('see you at the market');
  await byTestId(page, 'use-link-apply').click();
  await byTestId(page, 'use-link-refused').filter({ hasText: /^No coordinates in what was pasted/ }).waitFor();
  assert.equal(await byTestId(page, 'use-link-input').getAttribute('aria-invalid'), 'true');
  assert.equal(await byTestId(page, 'error').count(), 0);
  // The person's filter survives the merge (both rows need a look: a short link, a map view).
  await byTestId(page, 'only-problems').check();
  await byTestId(page, 'results-count').filter({ hasText: '2 of 2 rows' }).waitFor();
  await byTestId(page, 'use-link-input').fill('https://www.google.com/maps/place/Pike+Place+Market/@47.6097,-122.3422,17z/data=!4m6!3m5!1s0x0:0x1!8m2!3d47.6097199!4d-122.3421707');
  await byTestId(page, 'use-link-apply').click();
  // The market now has its pin: only the map view is left to look at, under the same filter.
  await byTestId(page, 'results-count').filter({ hasText: '1 of 2 rows' }).waitFor();
  assert.equal(await byTestId(page, 'only-problems').isChecked(), true);
  assert.deepEqual(await byTestId(page, 'results').locator('tbody tr[data-index]').evaluateAll((rows) => rows.map((r) => r.dataset.index)), ['1']);
  await byTestId(page, 'only-problems').uncheck();
  await page.waitForFunction(() => document.querySelector('[data-testid=results] tbody tr[data-index="0"] .ps-col-lat')?.dataset.value === '47.6097199');
  assert.equal(await byTestId(page, 'stat-resolver').count(), 0, 'nothing waits for a resolver');
  // The short-link count opens the settings, which say what a resolver is.
  await context.close();
});

test('the resolver address must be https (or this computer), and the pending count opens its settings', async () => {
  const { page, context } = await open(LAPTOP);
  const csv = ['Link', 'https://maps.app.goo.gl/abc123'].join('\n');
  await byTestId(page, 'file-input').setInputFiles({ name: 'one.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await byTestId(page, 'convert').click();
  await byTestId(page, 'stat-resolver').locator('button').click();
  await page.waitForFunction(() => document.querySelector('#short-links').open);
  assert.ok(await inViewport(byTestId(page, 'short-links').locator('summary')));
  assert.match(await byTestId(page, 'short-links').textContent(), /A resolver is a small server that follows them for you/);
  for (const typed of ['resolver.example', 'http://resolver.example', 'https://resolver.example/?key=1']) {
    await byTestId(page, 'resolver-url').fill(typed);
    assert.equal(await byTestId(page, 'resolver-problem').isVisible(), true, typed);
    assert.equal(await byTestId(page, 'resolver-reload').count(), 0, `${typed} cannot be saved`);
  }
  await byTestId(page, 'resolver-url').fill('https://resolver.example');
  assert.equal(await byTestId(page, 'resolver-problem').isVisible(), false);
  await byTestId(page, 'resolver-reload').waitFor();
  await shot(page, 'laptop-9-resolver');
  await context.close();
});

test('a CSV that came in as Windows-1252 with ";" goes back out the same way, for Excel', async () => {
  const { page, context } = await open(LAPTOP);
  const text = ['Café;Dirección;Link', 'Café Zürich;Bahnhofstraße 1;https://maps.google.com/?q=47.3769,8.5417', 'Crème brûlée;Rue de l’Été;geo:48.8566,2.3522'].join('\r\n');
  const input = join(OUTPUT, 'cafes.csv');
  python('import sys; open(sys.argv[2], "wb").write(sys.argv[1].encode("cp1252"))', text, input);
  await byTestId(page, 'file-input').setInputFiles(input);
  await byTestId(page, 'convert').click();
  const [file] = await Promise.all([page.waitForEvent('download'), byTestId(page, 'download-csv').click()]);
  const path = join(OUTPUT, 'flow-cafes.csv');
  await file.saveAs(path);
  // Read as a spreadsheet program set to Windows-1252 and ";" would: Python's csv module.
  const rows = JSON.parse(python(`
import csv, json, sys
with open(sys.argv[1], encoding="cp1252", newline="") as f:
    print(json.dumps(list(csv.reader(f, delimiter=";"))))
`, path));
  assert.deepEqual(rows[0], ['Café', 'Dirección', 'Link', 'Latitude', 'Longitude', 'Coordinate source']);
  assert.deepEqual(rows[1].slice(0, 5), ['Café Zürich', 'Bahnhofstraße 1', 'https://maps.google.com/?q=47.3769,8.5417', '47.3769', '8.5417']);
  assert.deepEqual(rows[2].slice(0, 2), ['Crème brûlée', 'Rue de l’Été']);
  await context.close();
});

test('the map never blocks: with 100,000 points shown, no frame takes over 100 ms and typing stays responsive', async () => {
  const { page, context } = await open(LAPTOP);
  const lines = ['Name,Link'];
  for (let i = 0; i < 100_000; i++) lines.push(`P${i},"${(((i * 7919) % 17000) / 100 - 85).toFixed(4)}, ${(((i * 104729) % 35000) / 100 - 175).toFixed(4)}"`);
  await byTestId(page, 'file-input').setInputFiles({ name: 'many.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
  await byTestId(page, 'convert').click();
  await byTestId(page, 'headline').waitFor({ timeout: 120_000 });
  const map = page.frameLocator('[data-testid="map"]');
  await map.locator('body[data-points="100000"]').waitFor({ timeout: 60_000 });
  // A requestAnimationFrame gap sampler on the page's main thread (the map frame shares it),
  // while the map is panned and the search box typed into.
  await page.evaluate(() => {
    window.gaps = [];
    let last = performance.now();
    const tick = (now) => { window.gaps.push(now - last); last = now; if (window.sampling) requestAnimationFrame(tick); };
    window.sampling = true;
    requestAnimationFrame(tick);
  });
  const frame = page.frame({ url: /map\.html/ });
  await frame.evaluate(() => { window.pinsheetMap.map.panBy([200, 100], { animate: false }); });
  const started = Date.now();
  await byTestId(page, 'search').pressSequentially('P12345', { delay: 30 });
  const typed = Date.now() - started;
  await frame.evaluate(() => { window.pinsheetMap.map.zoomIn(1, { animate: false }); });
  await page.waitForTimeout(1500);
  const gaps = await page.evaluate(() => { window.sampling = false; return window.gaps; });
  const worst = Math.max(...gaps.slice(1));
  assert.ok(worst <= 100, `the longest frame took ${Math.round(worst)} ms`);
  assert.ok(typed < 1500, `typing 6 characters took ${typed} ms`);
  await byTestId(page, 'results-count').filter({ hasText: /of 100,000 rows/ }).waitFor();
  await shot(page, 'laptop-10-100k');
  await context.close();
});

test('Save & reload of a new resolver address brings the open file back, and tests the resolver', async () => {
  const { page, context } = await open(LAPTOP);
  await byTestId(page, 'example').click();
  await byTestId(page, 'preview-summary').filter({ hasText: 'example.xlsx' }).waitFor();
  await page.locator('.ps-settings summary').click();
  // Port 9 (discard) never answers a browser: the test after the reload says so.
  await byTestId(page, 'resolver-url').fill('http://127.0.0.1:9');
  assert.match(await byTestId(page, 'resolver-reload-why').textContent(), /A file you chose comes back by itself; pasted lines must be pasted again\./);
  await Promise.all([page.waitForEvent('load'), byTestId(page, 'resolver-reload').click()]);
  await byTestId(page, 'preview-summary').filter({ hasText: 'example.xlsx · sheet “Places”' }).waitFor();
  await byTestId(page, 'resolver-status').filter({ hasText: 'Not reachable' }).waitFor();
  assert.equal(await byTestId(page, 'resolver-url').inputValue(), 'http://127.0.0.1:9');
  // Taken back once: another reload starts empty.
  await page.reload();
  await byTestId(page, 'drop-zone').waitFor();
  await page.waitForTimeout(500);
  assert.equal(await byTestId(page, 'preview-summary').count(), 0);
  await context.close();
});

test('Save & reload after Cancel does not bring the stopped file back', async () => {
  const { page, context } = await open(LAPTOP);
  // Long enough to show a rate before it ends, as page.test.mjs's long job: the converter
  // does 400,000 of these in about a second.
  const lines = ['Link'];
  for (let i = 0; i < 800_000; i++) lines.push(`https://www.google.com/maps/@${(i % 80) + 0.5},${(i % 170) + 0.25},15z`);
  await byTestId(page, 'file-input').setInputFiles({ name: 'stopped.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
  await byTestId(page, 'convert').click();
  await byTestId(page, 'progress-rate').filter({ hasText: /rows\/s/ }).waitFor();
  await byTestId(page, 'cancel-work').click();
  await byTestId(page, 'error').filter({ hasText: 'Stopped.' }).waitFor();
  await page.locator('.ps-settings summary').click();
  await byTestId(page, 'resolver-url').fill('http://127.0.0.1:9');
  await Promise.all([page.waitForEvent('load'), byTestId(page, 'resolver-reload').click()]);
  await byTestId(page, 'resolver-status').filter({ hasText: 'Not reachable' }).waitFor();
  assert.equal(await byTestId(page, 'preview-summary').count(), 0, 'the stopped file stayed stopped');
  assert.equal(await byTestId(page, 'progress').count(), 0);
  await context.close();
});

for (const [name, size] of SIZES) {
  test(`${name}: a file that is not a spreadsheet is named for what it is, in a person's words`, async () => {
    const { page, context } = await open(size);
    await byTestId(page, 'file-input').setInputFiles({ name: 'scan.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n', 'binary') });
    const error = byTestId(page, 'error');
    await error.waitFor();
    assert.match(await error.textContent(), /^scan\.pdf: This is a PDF document, not a spreadsheet\./);
    assert.ok(await inViewport(error));
    assert.ok(await overflow(page) <= 0);
    await shot(page, `${name}-11-not-a-spreadsheet`);
    await context.close();
  });
}
