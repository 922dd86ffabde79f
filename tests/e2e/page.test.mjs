// The page people use and share (issue 6): the example, map, exports, copy, filter, search,
// theme, progress with cancel, accessibility, privacy — in headless Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { check as checkGeoJson } from '@placemarkio/check-geojson';
import { suite, byTestId, OUTPUT } from './harness.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const EXAMPLE_ROWS = 14;
const EXAMPLE_POINTS = 12;

const web = suite();

/** The example workbook, converted; resolves once the download and the map are ready. */
async function convertExample(page) {
  await byTestId(page, 'example').click();
  await byTestId(page, 'convert').click();
  await byTestId(page, 'download-xlsx').waitFor();
  // The frame loads lazily and draws only once it is near the viewport.
  await byTestId(page, 'map').scrollIntoViewIfNeeded();
  const map = page.frameLocator('[data-testid="map"]');
  await map.locator(`body[data-points="${EXAMPLE_POINTS}"]`).waitFor();
  return map;
}

/** A count the results show (a status with no rows is not shown: 0). */
async function statValue(page, id) {
  const found = byTestId(page, `stat-${id}`);
  if (!(await found.count())) return 0;
  const value = (await found.locator('.ps-stat__value').count()) ? found.locator('.ps-stat__value') : found;
  return Number((await value.textContent()).replace(/\D/g, ''));
}

test('the example converts, the map shows its points, and point ↔ row selection works both ways', async () => {
  const { page, context, requests, errors } = await web.open();
  const map = await convertExample(page);
  await map.locator('body[data-basemap="ready"]').waitFor();
  // No outline ring jumps across the antimeridian and back (it would draw a line around the
  // world); Antarctica's ring goes round the pole and jumps once, along the map's bottom edge.
  const jumps = await page.evaluate(async () => {
    const countries = await (await fetch('vendor/basemap/countries-110m.json')).json();
    const rings = countries.features.flatMap((f) => (f.geometry.type === 'Polygon' ? f.geometry.coordinates : f.geometry.coordinates.flat()));
    const jumps = (ring) => ring.filter(([lon], i) => i > 0 && Math.abs(lon - ring[i - 1][0]) > 180).length;
    return rings.filter((ring) => jumps(ring) > 0 && jumps(ring) % 2 === 0).length;
  });
  assert.equal(jumps, 0);
  assert.equal(await statValue(page, 'rows'), EXAMPLE_ROWS);
  assert.equal(await statValue(page, 'ok'), EXAMPLE_POINTS - 2, 'pins');
  assert.equal(await statValue(page, 'low'), 2, 'map views');
  assert.equal(await statValue(page, 'resolver'), 1);
  assert.equal(await statValue(page, 'none'), 1);
  assert.equal(await statValue(page, 'dup'), 0);
  assert.equal(await byTestId(page, 'map-caption').textContent(), `${EXAMPLE_POINTS} points.`);
  await page.screenshot({ path: join(OUTPUT, 'page-map.png'), fullPage: true });

  // A row chosen in the table is highlighted on the map.
  const rows = byTestId(page, 'results').locator('tbody tr');
  await rows.nth(4).click();
  await map.locator('body[data-selected="4"]').waitFor();
  assert.equal(await rows.nth(4).getAttribute('aria-selected'), 'true');

  // A point clicked on the map selects its row (Leaflet's own click event on the marker; the
  // map draws single points and clusters, so a point drawn alone).
  const frame = page.frame({ url: /map\.html/ });
  await map.locator('body[data-drawn]').waitFor({ state: 'attached' });
  // Big Ben (row 3, index 1) at the outline's zoom cap: London, far from the other points.
  // Asked again until drawn: the earlier selection's pan may still move the map once.
  await frame.waitForFunction(() => {
    const marker = window.pinsheetMap.markers.get(1);
    if (!marker) {
      window.pinsheetMap.map.setView([51.5007, -0.1246], 5, { animate: false });
      return false;
    }
    marker.fire('click');
    return true;
  }, null, { polling: 200 });
  const clicked = 1;
  await byTestId(page, 'results').locator(`tbody tr[data-index="${clicked}"][aria-selected="true"]`).waitFor();
  assert.match(await frame.evaluate(() => window.pinsheetMap.popupText()), /^Row \d+ · (.+ · )?−?\d+\.\d{4}, −?\d+\.\d{4}$/);

  // Nothing went anywhere but the page's own origin: no tiles, no fonts, no analytics.
  const foreign = requests.filter((url) => !url.startsWith(web.origin()) && !url.startsWith('blob:') && !url.startsWith('data:'));
  assert.deepEqual(foreign, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('OpenStreetMap tiles load only when switched on, and the map frame’s policy admits them only then', async () => {
  const { page, context, requests } = await web.open();
  // Tiles are answered locally: nothing in a test may reach the internet.
  await context.route('https://tile.openstreetmap.org/**', (route) =>
    route.fulfill({ status: 200, contentType: 'image/png', body: Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64') }));
  const map = await convertExample(page);
  assert.equal(requests.filter((url) => url.includes('tile.openstreetmap.org')).length, 0);
  let frame = page.frame({ url: /map\.html/ });
  const blocked = await frame.evaluate(() => new Promise((resolve) => {
    document.addEventListener('securitypolicyviolation', (e) => resolve(e.blockedURI), { once: true });
    const img = new Image();
    img.src = 'https://tile.openstreetmap.org/1/0/0.png';
    setTimeout(() => resolve(null), 3000);
  }));
  assert.match(blocked, /tile\.openstreetmap\.org/);

  // The frame reloads with tiles on; wait for that document, not the one it replaces.
  const reloaded = page.waitForEvent('framenavigated', { predicate: (f) => /map\.html\?tiles=1/.test(f.url()) });
  await map.locator('#tiles').check();
  frame = await reloaded;
  await frame.locator(`body[data-points="${EXAMPLE_POINTS}"]`).waitFor();
  await frame.waitForFunction(() => document.querySelectorAll('.leaflet-tile-loaded').length > 0);
  assert.ok(requests.some((url) => url.startsWith('https://tile.openstreetmap.org/')));
  assert.match(await map.locator('.leaflet-control-attribution').textContent(), /OpenStreetMap/);
  await context.close();
});

test('every export downloads and parses: GeoJSON (validated), KML and GPX (as XML), CSV; copy puts coordinates on the clipboard', async () => {
  const { page, context } = await web.open();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: web.origin() });
  await convertExample(page);
  const save = async (id) => {
    const [file] = await Promise.all([page.waitForEvent('download'), byTestId(page, id).click()]);
    const path = join(OUTPUT, `page-${file.suggestedFilename()}`);
    await file.saveAs(path);
    return readFileSync(path, 'utf8');
  };
  const geojson = checkGeoJson(await save('export-geojson'));
  assert.equal(geojson.features.length, EXAMPLE_ROWS);
  const sagrada = geojson.features[0];
  assert.deepEqual(sagrada.geometry.coordinates, [2.1743558, 41.4036299]);
  assert.equal(sagrada.properties.Name, 'Sagrada Família');
  for (const id of ['export-kml', 'export-gpx']) {
    const text = await save(id);
    const parsed = await page.evaluate((xml) => {
      const doc = new DOMParser().parseFromString(xml, 'application/xml');
      return { error: doc.querySelector('parsererror')?.textContent ?? null, points: doc.querySelectorAll('Placemark, wpt').length };
    }, text);
    assert.equal(parsed.error, null, id);
    assert.equal(parsed.points, EXAMPLE_POINTS, id);
  }
  const csv = await save('export-csv');
  assert.equal(csv.trim().split('\n').length, EXAMPLE_ROWS + 1);

  await byTestId(page, 'copy-all').click();
  await byTestId(page, 'copied').filter({ hasText: 'Copied the coordinates of 12 rows' }).waitFor();
  const all = (await page.evaluate(() => navigator.clipboard.readText())).split('\n');
  assert.equal(all[0], '41.4036299\t2.1743558');
  assert.equal(all.length, EXAMPLE_ROWS + 1);
  assert.equal(all[11], '', 'the short link row stays a blank line, so rows line up');

  // A row's Copy and OpenStreetMap link are in the chosen row's panel, its message beside them.
  await byTestId(page, 'results').locator('tbody tr').nth(1).click();
  await byTestId(page, 'row-title').filter({ hasText: /^Row 3 · / }).waitFor();
  await byTestId(page, 'copy-row').click();
  await byTestId(page, 'row-copied').filter({ hasText: 'Copied 51.5007292, -0.1246254.' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), '51.5007292, -0.1246254');
  const osm = await byTestId(page, 'open-osm').getAttribute('href');
  assert.equal(osm, 'https://www.openstreetmap.org/?mlat=51.5007292&mlon=-0.1246254#map=17/51.5007292/-0.1246254');
  await context.close();
});

test('"only problems" and the search narrow the table; chips say why in their tooltip', async () => {
  const { page, context } = await web.open();
  await convertExample(page);
  const rows = byTestId(page, 'results').locator('tbody tr');
  assert.equal(await rows.count(), EXAMPLE_ROWS);
  await byTestId(page, 'only-problems').check();
  await byTestId(page, 'results-count').filter({ hasText: '4 of 14 rows' }).waitFor();
  const chips = await rows.locator('[data-testid="status-chip"]').evaluateAll((all) => all.map((c) => c.title));
  assert.equal(chips.length, 4);
  assert.ok(chips.some((t) => t.includes(' — map view: the link\'s map centre, not a pin')), chips.join(' | '));
  assert.ok(chips.some((t) => t.startsWith('short link — needs resolver')), chips.join(' | '));
  await page.screenshot({ path: join(OUTPUT, 'page-problems.png'), fullPage: true });

  await byTestId(page, 'only-problems').uncheck();
  await byTestId(page, 'search').fill('yandex');
  await byTestId(page, 'results-count').filter({ hasText: '1 of 14 rows' }).waitFor();
  assert.match(await rows.first().textContent(), /Hermitage|yandex/);
  await byTestId(page, 'search').fill('no such thing');
  await byTestId(page, 'results-count').filter({ hasText: '0 of 14 rows' }).waitFor();
  assert.equal(await byTestId(page, 'results').locator('tbody tr[data-index]').count(), 0);
  assert.equal(await byTestId(page, 'results-empty').textContent(), 'No row matches “no such thing”.');
  await byTestId(page, 'search').fill('');
  await byTestId(page, 'results-count').filter({ hasText: /^14 rows$/ }).waitFor();
  await context.close();
});

test('the theme toggle switches to dark and back, and is remembered; the page fits a phone', async () => {
  const { page, context } = await web.open();
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const light = await background();
  await byTestId(page, 'theme-toggle').click();
  assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
  assert.notEqual(await background(), light);
  await page.reload();
  assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
  assert.equal(await byTestId(page, 'theme-toggle').getAttribute('aria-pressed'), 'true');
  await convertExample(page);
  await page.frameLocator('[data-testid="map"]').locator('html.dark').waitFor();
  await page.screenshot({ path: join(OUTPUT, 'page-dark.png'), fullPage: true });
  await byTestId(page, 'theme-toggle').click();
  assert.equal(await background(), light);

  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than a phone`);
  await page.screenshot({ path: join(OUTPUT, 'page-phone.png'), fullPage: true });
  await context.close();
});

test('a long job shows its rate and time left, and Cancel stops it and leaves the page usable', async () => {
  const { page, context } = await web.open();
  // Long enough for a rate and a time left on a fast machine: the converter does 400,000 of
  // these in about a second.
  const lines = ['Link'];
  for (let i = 0; i < 800000; i++) lines.push(`https://www.google.com/maps/@${(i % 80) + 0.5},${(i % 170) + 0.25},15z`);
  const big = join(OUTPUT, 'page-big.csv');
  writeFileSync(big, lines.join('\n'));
  await byTestId(page, 'file-input').setInputFiles(big);
  await byTestId(page, 'convert').click();
  await byTestId(page, 'progress-rate').filter({ hasText: /rows\/s · about \d+ (s|min) left/ }).waitFor();
  // The progress took Convert's place, in view, and its Cancel has the focus the button had.
  assert.match(await byTestId(page, 'progress-text').textContent(), /^Converting 800,000 rows: \d+ %$/);
  assert.equal(await byTestId(page, 'convert').count(), 0);
  const box = await byTestId(page, 'progress').boundingBox();
  assert.ok(box.y >= 0 && box.y + box.height <= page.viewportSize().height, 'the progress is in view');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'cancel-work');
  // It moves on (a further percentage, or the next stage).
  const before = await byTestId(page, 'progress-text').textContent();
  await page.waitForFunction((was) => document.querySelector('[data-testid=progress-text]')?.textContent !== was, before);
  // No other file can be chosen meanwhile: its answers would race this one's.
  assert.equal(await byTestId(page, 'file-input').isDisabled(), true);
  await byTestId(page, 'cancel-work').click();
  await byTestId(page, 'error').filter({ hasText: 'Stopped.' }).waitFor();
  assert.equal(await byTestId(page, 'progress').count(), 0);
  await convertExample(page);
  await context.close();
});

test('axe finds no serious or critical accessibility problem, before and after a conversion', async () => {
  // axe is injected as an inline script, which the page's own policy rightly refuses.
  const { page, context } = await web.open({ bypassCSP: true });
  const audit = async (label) => {
    await page.addScriptTag({ content: AXE });
    const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), [], label);
  };
  await audit('the empty page');
  await convertExample(page);
  await audit('after converting');
  await byTestId(page, 'theme-toggle').click();
  // Past the colour transitions, which axe would catch halfway.
  await page.waitForTimeout(400);
  await audit('dark theme');
  await context.close();
});

test('everything works from the keyboard: choose the example, convert, filter, reach a row', async () => {
  const { page, context } = await web.open();
  await byTestId(page, 'example').focus();
  await page.keyboard.press('Enter');
  await byTestId(page, 'convert').waitFor();
  await byTestId(page, 'convert').focus();
  await page.keyboard.press('Enter');
  await byTestId(page, 'download-xlsx').waitFor();
  await byTestId(page, 'only-problems').focus();
  await page.keyboard.press('Space');
  await byTestId(page, 'results-count').filter({ hasText: '4 of 14 rows' }).waitFor();
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'focus is visible');
  await context.close();
});

test('after one visit the page converts with the network off (service worker)', async () => {
  const { page, context } = await web.open();
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await context.setOffline(true);
  await page.reload();
  await convertExample(page);
  assert.ok(await byTestId(page, 'download-xlsx').getAttribute('href'));
  await context.setOffline(false);
  await context.close();
});

test('the page’s security policy admits its own origin only: a request elsewhere is refused', async () => {
  const { page, context, requests } = await web.open();
  const policy = await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content);
  assert.match(policy, /connect-src 'self'(;|$)/);
  assert.doesNotMatch(policy, /unsafe-inline'[^;]*; style|script-src[^;]*unsafe-inline/);
  const refused = await page.evaluate(() => fetch('https://example.com/').then(() => 'sent', (e) => `refused: ${e.message}`));
  assert.match(refused, /^refused/);
  assert.equal(requests.filter((url) => url.startsWith('https://example.com')).length, 0);
  await context.close();
});
