// A person's path through the page, in headless Chromium against the release build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite, byTestId, readXlsx, expectedRows, python, makeHostile, FIXTURES, OUTPUT } from './harness.mjs';

const EXPECTED = expectedRows();
const LINKS_XLSX = join(FIXTURES, 'libreoffice', 'links.xlsx');

const web = suite();

/** A count the results show: by status (zero counts are not shown), or behind "More". */
async function stat(page, label) {
  if (label === 'with coordinates') return (await stat(page, 'ok')) + (await stat(page, 'low confidence'));
  const ids = {
    ok: 'stat-ok', 'low confidence': 'stat-low', 'short links pending': 'stat-resolver', 'no coordinates': 'stat-none',
    rows: 'stat-rows', 'short links resolved': 'stat-resolved', duplicates: 'stat-dup',
  };
  const found = byTestId(page, ids[label]);
  if (!(await found.count())) return 0;
  const value = (await found.locator('.ps-stat__value').count()) ? found.locator('.ps-stat__value') : found;
  return Number((await value.textContent()).replace(/\D/g, ''));
}

/** A results row as the table holds it: its full latitude, longitude, source words, status. */
async function resultRow(page, i) {
  const row = byTestId(page, 'results').locator('tbody tr').nth(i);
  const chip = row.locator('[data-testid="status-chip"]');
  return [
    await row.locator('.ps-col-lat').getAttribute('data-value'),
    await row.locator('.ps-col-lon').getAttribute('data-value'),
    await chip.getAttribute('data-words'),
    await chip.textContent(),
  ];
}

/** A CSV download as text: UTF-8, with the byte order mark Excel needs to know it. */
function readCsv(path) {
  const bytes = readFileSync(path);
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a UTF-8 CSV starts with a BOM');
  return bytes.subarray(3).toString('utf8');
}

async function download(page, id, name) {
  const [file] = await Promise.all([page.waitForEvent('download'), byTestId(page, id).click()]);
  assert.equal(file.suggestedFilename(), name);
  const path = join(OUTPUT, `download-${name}`);
  await file.saveAs(path);
  return path;
}

/** The new columns sit right after the link column B (the default) or after the last one. */
function assertCoordinates(rows, { atEnd = false } = {}) {
  const at = atEnd ? rows[0].length - 3 : 2;
  assert.deepEqual(rows[0].slice(at, at + 3), ['Latitude', 'Longitude', 'Coordinate source']);
  assert.equal(rows.length, EXPECTED.length + 1);
  EXPECTED.forEach(([name, link, lat, lon, source], i) => {
    const row = rows[i + 1];
    assert.deepEqual(row.slice(0, 2), [name, link]);
    assert.deepEqual(row.slice(at, at + 3), [lat, lon, source], name);
  });
}

/** A converted row without its three new cells (they follow the link column B). */
const original = (row) => [...row.slice(0, 2), ...row.slice(5)];

test('an xlsx of Google Maps links converts in the page and downloads with coordinates', async () => {
  const { page, context, requests, errors } = await web.open();
  await byTestId(page, 'file-input').setInputFiles(LINKS_XLSX);

  await assert.doesNotReject(byTestId(page, 'preview-summary').filter({ hasText: 'links.xlsx · sheet “links” · 16 rows and a header' }).waitFor());
  assert.equal(await byTestId(page, 'column-select').inputValue(), '1', 'the link column B is detected');
  assert.match(await byTestId(page, 'column-select').locator('option:checked').textContent(), /^B — Link \(15 links\)$/);
  assert.equal(await byTestId(page, 'preview').locator('tr').count(), 8);
  await page.screenshot({ path: join(OUTPUT, '1-preview.png'), fullPage: true });

  await byTestId(page, 'convert').click();
  await byTestId(page, 'download-xlsx').waitFor();
  assert.equal(await byTestId(page, 'progress').count(), 0, 'the progress goes once the results are in');
  assert.match(await byTestId(page, 'headline').textContent(), /^11 of 16 rows got coordinates — \d+ need a look\.$/);
  assert.equal(await byTestId(page, 'file-bar').textContent(), 'links.xlsx · links · 16 rows · column B — LinkChange');
  assert.equal(await stat(page, 'rows'), 16);
  assert.equal(await stat(page, 'with coordinates'), 11);
  assert.equal(await stat(page, 'short links pending'), 2);
  assert.equal(await stat(page, 'no coordinates'), 3);

  const results = byTestId(page, 'results').locator('tbody tr');
  assert.equal(await results.count(), 16);
  // The name column beside the link; coordinates to six decimals, in full in the cell's data.
  const cells = await results.first().locator('td').allTextContents();
  assert.deepEqual([cells[0], cells[1], ...cells.slice(3)], ['2', EXPECTED[0][0], '41.403630', '2.174356', 'ok']);
  assert.equal(await results.first().locator('.ps-col-link').getAttribute('title'), EXPECTED[0][1]);
  assert.deepEqual(await resultRow(page, 0), ['41.4036299', '2.1743558', 'Google Maps: place pin', 'ok']);
  assert.deepEqual((await resultRow(page, 11)).slice(2), ['short link — needs resolver', 'needs resolver']);
  await page.screenshot({ path: join(OUTPUT, '2-converted.png'), fullPage: true });

  const book = readXlsx(await download(page, 'download-xlsx', 'links.coordinates.xlsx'));
  const input = readXlsx(LINKS_XLSX);
  const rows = book.links;
  assertCoordinates(rows);
  input.links.forEach((row, i) => assert.deepEqual(original(rows[i]), row, `row ${i + 1} kept`));

  assert.deepEqual(errors, []);
  const foreign = requests.filter((url) => !url.startsWith(web.origin()) && !url.startsWith('blob:') && !url.startsWith('data:'));
  assert.deepEqual(foreign, [], 'the page talks to nobody but its own origin');
  await context.close();
});

test('a CSV converts and downloads as both .xlsx and .csv', async () => {
  const { page, context, requests } = await web.open();
  await byTestId(page, 'file-input').setInputFiles(join(FIXTURES, 'libreoffice', 'links.csv'));
  await byTestId(page, 'preview-summary').filter({ hasText: 'links.csv' }).waitFor();
  await byTestId(page, 'convert').click();
  await byTestId(page, 'download-csv').waitFor();

  assertCoordinates(readXlsx(await download(page, 'download-xlsx', 'links.coordinates.xlsx')).links);
  const csv = readCsv(await download(page, 'download-csv', 'links.coordinates.csv'));
  const lines = csv.trim().split('\n');
  assert.equal(lines[0], 'Name,Link,Latitude,Longitude,Coordinate source,Visits,Since,Active');
  assert.equal(lines.length, EXPECTED.length + 1);
  assert.ok(lines[1].includes(',41.4036299,2.1743558,Google Maps: place pin,'), lines[1]);
  assert.ok(requests.every((url) => url.startsWith(web.origin()) || url.startsWith('blob:')));
  await context.close();
});

test('Google Takeout\'s Saved Places.json opens as a sheet: saved points, links, place ids for the resolver', async () => {
  const { page, context, requests } = await web.open();
  await byTestId(page, 'file-input').setInputFiles(join(FIXTURES, 'takeout', 'Saved Places.json'));
  await byTestId(page, 'preview-summary').filter({ hasText: 'Saved Places.json' }).waitFor();
  assert.equal(await byTestId(page, 'column-select').inputValue(), '3', 'the Google Maps URL column is found');
  await byTestId(page, 'convert').click();
  await byTestId(page, 'download-csv').waitFor();
  assert.equal(await stat(page, 'with coordinates'), 2);
  const csv = readCsv(await download(page, 'download-csv', 'Saved Places.coordinates.csv'));
  const lines = csv.trim().split('\n');
  assert.equal(lines[0], 'Title,Address,Country code,Google Maps URL,Latitude,Longitude,Coordinate source,Date,Comment');
  // The place's own point (GeoJSON is longitude first), [0,0] left to the link: a place id
  // waits for a resolver, a typed pair is read.
  assert.ok(lines[1].includes(',48.8583701,2.2944813,Google Takeout: saved point,'), lines[1]);
  assert.ok(lines[2].includes(',,,place id only — needs resolver,'), lines[2]);
  assert.ok(lines[3].includes(',-33.8568,151.2153,Google Maps: typed coordinates,'), lines[3]);
  assert.ok(requests.every((url) => url.startsWith(web.origin()) || url.startsWith('blob:')));
  await context.close();
});

test('the points download as GeoJSON, KML and GPX', async () => {
  const { page, context } = await web.open();
  await byTestId(page, 'file-input').setInputFiles(LINKS_XLSX);
  await byTestId(page, 'convert').click();
  await byTestId(page, 'download-xlsx').waitFor();
  const withPoints = EXPECTED.filter((row) => row[2] !== null);

  const geojson = JSON.parse(readFileSync(await download(page, 'export-geojson', 'links.coordinates.geojson'), 'utf8'));
  assert.equal(geojson.type, 'FeatureCollection');
  assert.equal(geojson.features.length, EXPECTED.length);
  assert.deepEqual(geojson.features[0].geometry, { type: 'Point', coordinates: [EXPECTED[0][3], EXPECTED[0][2]] });
  assert.equal(geojson.features[0].properties.Name, EXPECTED[0][0]);

  const kml = readFileSync(await download(page, 'export-kml', 'links.coordinates.kml'), 'utf8');
  assert.equal(kml.match(/<Placemark>/g).length, withPoints.length);
  assert.ok(kml.includes(`<coordinates>${EXPECTED[0][3]},${EXPECTED[0][2]}</coordinates>`));
  const gpx = readFileSync(await download(page, 'export-gpx', 'links.coordinates.gpx'), 'utf8');
  assert.equal(gpx.match(/<wpt /g).length, withPoints.length);
  assert.ok(gpx.includes(`<wpt lat="${EXPECTED[0][2]}" lon="${EXPECTED[0][3]}">`));
  await context.close();
});

test('choosing another column converts that column instead', async () => {
  const { page, context } = await web.open();
  await byTestId(page, 'file-input').setInputFiles(LINKS_XLSX);
  await byTestId(page, 'column-select').selectOption('0');
  await byTestId(page, 'convert').click();
  // The names in column A are no links: nothing to download.
  await byTestId(page, 'headline').filter({ hasText: 'No coordinates found in 16 rows.' }).waitFor();
  await byTestId(page, 'no-downloads').waitFor();
  assert.equal(await stat(page, 'with coordinates'), 0);
  assert.equal(await stat(page, 'no coordinates'), 16);
  await context.close();
});

test('a converter that dies (as a wasm abort kills it) leaves the page usable for the next file', async () => {
  // The hostile files below are all refused cleanly now, so the death is caused directly:
  // an uncaught error in the worker, which is how a wasm trap or abort reaches the page.
  const { page, context } = await web.open();
  await byTestId(page, 'file-input').setInputFiles(LINKS_XLSX);
  await byTestId(page, 'preview-summary').filter({ hasText: 'links.xlsx' }).waitFor();
  const [worker] = page.workers();
  await worker.evaluate(() => setTimeout(() => { throw new Error('RuntimeError: unreachable (simulated abort)'); }));
  const error = byTestId(page, 'error');
  await error.waitFor();
  assert.match(await error.textContent(), /^links\.xlsx could not be read: the converter stopped on it/);
  await page.screenshot({ path: join(OUTPUT, '3-crashed.png'), fullPage: true });

  await byTestId(page, 'file-input').setInputFiles(LINKS_XLSX);
  await byTestId(page, 'preview-summary').filter({ hasText: 'links.xlsx' }).waitFor();
  assert.equal(await error.count(), 0, 'the error clears on the next file');
  await byTestId(page, 'convert').click();
  await byTestId(page, 'download-xlsx').waitFor();
  assert.equal(await stat(page, 'with coordinates'), 11);
  await context.close();
});

test('every hostile file gets a message or a preview, and the page stays usable', async () => {
  const folder = join(OUTPUT, 'hostile');
  const manifest = makeHostile(folder);
  const { page, context, errors } = await web.open();
  const error = byTestId(page, 'error');
  const wrong = [];
  for (const [name, expect] of Object.entries(manifest)) {
    await byTestId(page, 'file-input').setInputFiles(join(folder, name));
    // Messages about a file start with its name, so an earlier file's cannot be mistaken.
    const named = error.filter({ hasText: name });
    const shown = named.or(byTestId(page, 'preview-summary').filter({ hasText: name }));
    await shown.first().waitFor({ timeout: 30_000 });
    const message = (await named.count()) ? await named.textContent() : null;
    if (expect === 'error' && !message) {
      // Refused only when written (too wide for .xlsx, a text too long): convert and look.
      await byTestId(page, 'convert').click();
      await byTestId(page, 'error').or(byTestId(page, 'xlsx-error')).first().waitFor({ timeout: 30_000 });
    } else if (expect === 'error' && /converter stopped/.test(message)) {
      wrong.push([name, message]);
    } else if (expect === 'read' && message) {
      wrong.push([name, message]);
    }
  }
  assert.deepEqual(wrong, []);
  assert.deepEqual(errors, []);
  await byTestId(page, 'file-input').setInputFiles(LINKS_XLSX);
  await byTestId(page, 'preview-summary').filter({ hasText: 'links.xlsx' }).waitFor();
  await byTestId(page, 'convert').click();
  await byTestId(page, 'download-xlsx').waitFor();
  assert.equal(await stat(page, 'with coordinates'), 11);
  await context.close();
});

test('links behind cells (hyperlinks, HYPERLINK formulas) convert; formulas, hyperlinks and merges survive', async () => {
  const path = join(OUTPUT, 'behind.xlsx');
  python(`
import sys, openpyxl
book = openpyxl.Workbook()
ws = book.active
ws.title = "Stops"
ws.append(["Stop", "Where", "Crates", "Double"])
ws.append(["Depot", "Map", 4, "=C2*2"])
ws["B2"].hyperlink = "https://www.google.com/maps/place/Depot/data=!3d48.8583701!4d2.2944813"
ws.append(["Shop", '=HYPERLINK("https://maps.google.com/?q=-33.8568,151.2153","Map")', 5, "=C3*2"])
ws.merge_cells("A5:D5")
ws["A5"] = "Merged note"
book.save(sys.argv[1])
`, path);
  const { page, context } = await web.open();
  await byTestId(page, 'file-input').setInputFiles(path);
  await byTestId(page, 'preview-summary').filter({ hasText: 'behind.xlsx' }).waitFor();
  assert.equal(await byTestId(page, 'column-select').inputValue(), '1', 'the column of "Map" cells is found');
  await byTestId(page, 'convert').click();
  await byTestId(page, 'download-xlsx').waitFor();
  assert.equal(await stat(page, 'with coordinates'), 2);
  const out = await download(page, 'download-xlsx', 'behind.coordinates.xlsx');
  const facts = JSON.parse(python(`
import json, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["Stops"]
print(json.dumps({
  "header": [c.value for c in ws[1]],
  "points": [[ws["C2"].value, ws["D2"].value], [ws["C3"].value, ws["D3"].value]],
  "formula": ws["G2"].value, "link": ws["B2"].hyperlink.target, "merged": [str(r) for r in ws.merged_cells.ranges],
  "frozen": ws.freeze_panes, "filter": ws.auto_filter.ref,
}))
`, out));
  assert.deepEqual(facts.header, ['Stop', 'Where', 'Latitude', 'Longitude', 'Coordinate source', 'Crates', 'Double']);
  assert.deepEqual(facts.points, [[48.8583701, 2.2944813], [-33.8568, 151.2153]]);
  assert.equal(facts.formula, '=F2*2');
  assert.match(facts.link, /^https:\/\/www\.google\.com\/maps\/place\/Depot/);
  assert.deepEqual(facts.merged, ['A5:G5']);
  assert.equal(facts.frozen, 'A2');
  assert.equal(facts.filter, 'A1:G5');

  await byTestId(page, 'change').click();
  await byTestId(page, 'placement-select').selectOption('end');
  await byTestId(page, 'convert').click();
  await page.waitForFunction(() => performance.getEntriesByName('pinsheet:download-ready').length >= 2);
  const atEnd = readXlsx(await download(page, 'download-xlsx', 'behind.coordinates.xlsx')).Stops;
  assert.deepEqual(atEnd[0], ['Stop', 'Where', 'Crates', 'Double', 'Latitude', 'Longitude', 'Coordinate source']);
  await page.screenshot({ path: join(OUTPUT, '4-behind.png'), fullPage: true });
  await context.close();
});

test('"keep formatting" adds the columns to the original .xlsx and leaves its styles alone', async () => {
  const path = join(OUTPUT, 'styled.xlsx');
  python(`
import sys, openpyxl
from openpyxl.styles import Font, PatternFill
book = openpyxl.Workbook()
ws = book.active
ws.append(["Place", "Link"])
ws.append(["Tower", "https://maps.google.com/?q=48.8583701,2.2944813"])
ws["A1"].font = Font(bold=True, color="FF0000")
ws["B2"].fill = PatternFill("solid", fgColor="FFFF00")
ws.column_dimensions["B"].width = 60
book.save(sys.argv[1])
`, path);
  const { page, context } = await web.open();
  await byTestId(page, 'file-input').setInputFiles(path);
  await byTestId(page, 'keep-formatting').check();
  assert.ok(await byTestId(page, 'placement-select').isDisabled(), 'kept files get the columns at the end');
  await byTestId(page, 'convert').click();
  await byTestId(page, 'download-xlsx').waitFor();
  const out = await download(page, 'download-xlsx', 'styled.coordinates.xlsx');
  const facts = JSON.parse(python(`
import json, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).active
print(json.dumps({"row": [c.value for c in ws[2]], "bold": ws["A1"].font.bold, "fill": ws["B2"].fill.fgColor.rgb,
                  "width": ws.column_dimensions["B"].width}))
`, out));
  assert.deepEqual(facts.row, ['Tower', 'https://maps.google.com/?q=48.8583701,2.2944813', 48.8583701, 2.2944813, 'Google Maps: typed coordinates']);
  assert.deepEqual([facts.bold, facts.fill, facts.width], [true, '00FFFF00', 60]);
  await context.close();
});

test('a second link column converts into its own columns', async () => {
  const path = join(OUTPUT, 'trips.xlsx');
  python(`
import sys, openpyxl
book = openpyxl.Workbook()
ws = book.active
ws.append(["Trip", "Pickup", "Drop-off", "Fare"])
ws.append(["t1", "https://maps.google.com/?q=48.8583701,2.2944813", "geo:51.5007,-0.1246", 12.5])
ws.append(["t2", "https://maps.google.com/?q=1,2", "40.6892, -74.0445", 30])
book.save(sys.argv[1])
`, path);
  const { page, context } = await web.open();
  await byTestId(page, 'file-input').setInputFiles(path);
  await byTestId(page, 'also-2').check();
  await byTestId(page, 'convert').click();
  await byTestId(page, 'download-xlsx').waitFor();
  const rows = readXlsx(await download(page, 'download-xlsx', 'trips.coordinates.xlsx')).Sheet;
  assert.deepEqual(rows[0], ['Trip', 'Pickup', 'Latitude', 'Longitude', 'Coordinate source', 'Drop-off',
    'Latitude (Drop-off)', 'Longitude (Drop-off)', 'Coordinate source (Drop-off)', 'Fare']);
  assert.deepEqual(rows[2].slice(6, 8), [40.6892, -74.0445]);
  assert.equal(await byTestId(page, 'more-stats').textContent(), 'Column C2 ok');
  await page.screenshot({ path: join(OUTPUT, '5-two-columns.png'), fullPage: true });
  await context.close();
});

test('a sheet too wide for .xlsx still gives its rows as CSV, with the reason', async () => {
  const { page, context } = await web.open();
  const wide = 'Link,' + 'x,'.repeat(16_383) + '\n"https://maps.google.com/?q=1.5,2.5"\n';
  await byTestId(page, 'file-input').setInputFiles({ name: 'wide.csv', mimeType: 'text/csv', buffer: Buffer.from(wide) });
  await byTestId(page, 'convert').click();
  await byTestId(page, 'xlsx-error').waitFor();
  assert.match(await byTestId(page, 'xlsx-error').textContent(), /at most 1,048,576 rows and 16,384 columns/);
  assert.equal(await byTestId(page, 'download-xlsx').count(), 0);
  const csv = readCsv(await download(page, 'download-csv', 'wide.coordinates.csv')).split('\n');
  assert.ok(csv[1].startsWith('"https://maps.google.com/?q=1.5,2.5",1.5,2.5,Google Maps: typed coordinates'), csv[1].slice(0, 80));
  await context.close();
});

test('reading, converting and writing a large sheet each report their progress', async () => {
  const { page, context } = await web.open();
  await page.evaluate(() => {
    window.progressTexts = [];
    new MutationObserver(() => {
      const text = document.querySelector('[data-testid="progress"] .ps-progress__text')?.textContent;
      if (text && window.progressTexts.at(-1) !== text) window.progressTexts.push(text);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  const rows = Array.from({ length: 60_000 }, (_, i) => `${i},"https://maps.google.com/?q=${(i % 80) + 0.5},${(i % 170) + 0.25}"`);
  await byTestId(page, 'file-input').setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(['id,link', ...rows].join('\n')) });
  await byTestId(page, 'preview-summary').filter({ hasText: 'big.csv' }).waitFor();
  await byTestId(page, 'convert').click();
  await byTestId(page, 'download-xlsx').waitFor();
  const texts = await page.evaluate(() => window.progressTexts);
  for (const expected of [/^Reading big\.csv/, /^Converting 60,000 rows: [1-9]\d? %$/, /^Writing the files: [1-9]\d? %$/]) {
    assert.ok(texts.some((text) => expected.test(text)), `${expected} in ${JSON.stringify(texts)}`);
  }

  // The results table holds all 60,000 rows but draws only those in view.
  const table = byTestId(page, 'results');
  assert.equal(await byTestId(page, 'results-count').textContent(), '60,000 rows');
  const heights = await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getBoundingClientRect().height));
  assert.ok(heights.length < 120, `${heights.length} rows drawn`);
  assert.ok(heights.every((h) => Math.abs(h - 33) <= 0.5), `row heights ${[...new Set(heights)]}`);
  await byTestId(page, 'results-scroll').evaluate((el) => { el.scrollTop = el.scrollHeight; });
  await table.locator('tbody tr td:first-child', { hasText: /^60,001$/ }).waitFor();
  await byTestId(page, 'results-scroll').evaluate((el) => { el.scrollTop = el.scrollHeight / 2; });
  await table.locator('tbody tr td:first-child', { hasText: /^30,001$/ }).waitFor();
  assert.ok(await table.locator('tbody tr').count() < 120);
  await byTestId(page, 'results-scroll').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(OUTPUT, '6-scrolled.png') });
  await context.close();
});

test('an xlsx converts to CSV on request', async () => {
  const { page, context } = await web.open();
  await byTestId(page, 'file-input').setInputFiles(LINKS_XLSX);
  await byTestId(page, 'convert').click();
  await byTestId(page, 'download-xlsx').waitFor();
  const csv = readCsv(await download(page, 'export-csv', 'links.coordinates.csv')).trim().split('\n');
  assert.equal(csv[0], 'Name,Link,Latitude,Longitude,Coordinate source,Visits,Since,Active');
  assert.equal(csv.length, EXPECTED.length + 1);
  await context.close();
});

test('a workbook built to crash readers is refused with a message, without a crash', async () => {
  const { page, context } = await web.open();
  await byTestId(page, 'file-input').setInputFiles(join(FIXTURES, 'hostile', 'sst-bomb.xlsx'));
  const error = byTestId(page, 'error');
  await error.waitFor();
  assert.match(await error.textContent(), /^sst-bomb\.xlsx: This file looks damaged or built to crash spreadsheet readers/);
  await context.close();
});

test('pasted lines convert without a file, each line one cell', async () => {
  const { page, context, requests } = await web.open();
  await page.locator('.ps-paste summary').click();
  await byTestId(page, 'paste-input').fill([
    'https://maps.google.com/?q=48.8583701,2.2944813',
    '51°30′26″N 0°7′39″W',
    '',
    '48.85, 2.29',
    'not a place',
  ].join('\n'));
  await byTestId(page, 'paste-convert').click();
  await byTestId(page, 'download-xlsx').waitFor();
  assert.equal(await stat(page, 'with coordinates'), 3);
  assert.equal(await stat(page, 'no coordinates'), 1);
  const cells = await byTestId(page, 'results').locator('tbody tr').nth(2).locator('td').allTextContents();
  assert.deepEqual(cells, ['4', '48.85, 2.29', '48.850000', '2.290000', 'ok']);
  const csv = readCsv(await download(page, 'download-csv', 'pasted.coordinates.csv')).split('\n');
  assert.ok(csv[3].startsWith('"48.85, 2.29",48.85,2.29,'), csv[3]);
  assert.ok(requests.every((url) => url.startsWith(web.origin()) || url.startsWith('blob:')));
  await page.screenshot({ path: join(OUTPUT, '7-pasted.png'), fullPage: true });
  await context.close();
});

test('a file larger than the page reads is refused with a reason, unread', async () => {
  // Sparse: 1.1 GB by its size, nothing on disk. The page looks at the size before reading.
  const path = join(OUTPUT, 'huge.xlsx');
  writeFileSync(path, '');
  truncateSync(path, 1100 * 1024 * 1024);
  const { page, context } = await web.open();
  await byTestId(page, 'file-input').setInputFiles(path);
  const error = byTestId(page, 'error');
  await error.waitFor();
  assert.match(await error.textContent(), /^huge\.xlsx is 1100 MB; this page reads files up to 1,024 MB/);
  unlinkSync(path);
  await context.close();
});

test('a file that is not a spreadsheet gets a clear message', async () => {
  const { page, context } = await web.open();
  await byTestId(page, 'file-input').setInputFiles({ name: 'photo.xlsx', mimeType: 'image/png', buffer: Buffer.from('\x89PNG\r\n\x1a\n\0\0\0', 'binary') });
  const error = byTestId(page, 'error');
  await error.waitFor();
  assert.match(await error.textContent(), /photo\.xlsx: This is a PNG image, not a spreadsheet\./);
  await context.close();
});

test('links from other services, coordinate text and short plus codes convert with their provenance', async () => {
  const { page, context } = await web.open();
  const csv = [
    'Place;Where',
    'Hermitage;https://yandex.ru/maps/?pt=30.335429,59.944869&z=18',
    'Sagrada;41°24\'12.2"N 2°10\'26.5"E',
    'Zürich office;9G8F+6X Zürich',
    'Tiananmen;https://uri.amap.com/marker?position=116.3974,39.9093',
    'Receiver;4807.038,N,01131.000,E',
    'Dam;https://osmand.net/map?pin=52.3731,4.8922#15/52.3731/4.8922',
  ].join('\n');
  await byTestId(page, 'file-input').setInputFiles({ name: 'mixed.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await byTestId(page, 'preview-summary').filter({ hasText: 'mixed.csv' }).waitFor();
  await byTestId(page, 'near').fill('47.4, 8.5');
  await byTestId(page, 'near').dispatchEvent('change');
  await byTestId(page, 'convert').click();
  await byTestId(page, 'download-csv').waitFor();
  const cells = async (i) => (await resultRow(page, i)).slice(0, 3);
  assert.deepEqual(await cells(0), ['59.944869', '30.335429', 'Yandex Maps: place pin']);
  assert.deepEqual(await cells(1), ['41.4033889', '2.1740278', 'text: degrees, minutes and seconds']);
  assert.deepEqual(await cells(2), ['47.3655625', '8.5249375', 'plus code']);
  assert.equal((await cells(3))[2], 'Amap: place pin (GCJ-02 → WGS-84)');
  // NMEA 0183's ddmm.mmm: 48° 7.038′, 11° 31′.
  assert.deepEqual(await cells(4), ['48.1173', '11.5166667', 'text: degrees and minutes']);
  assert.deepEqual(await cells(5), ['52.3731', '4.8922', 'OsmAnd: place pin']);
  assert.equal(await stat(page, 'with coordinates'), 6);
  await page.screenshot({ path: join(OUTPUT, '4-services.png'), fullPage: true });
  await context.close();
});

/** A place the fake knows only by id: its feature id's second half is its cid. */
const PLACE_CID = BigInt('0x9b4ba3a7b8f84aa0').toString();

/** Runs `body` with a fake Google (pins by short-link id; ids starting "slow" answer after
 * 1.5 s; a place's embed page, reached through its redirect as Google serves it today) and a
 * test-hook resolver allowing the page's origin, both on loopback. */
async function withResolver(body) {
  const { createServer } = await import('node:http');
  const { spawn } = await import('node:child_process');
  const bin = process.env.RESOLVER_BIN;
  assert.ok(bin, 'RESOLVER_BIN: a debug pinsheet-resolver built with --features test-hook');
  const pins = { one: [48.8583701, 2.2944813], two: [40.689247, -74.044502], slow1: [1.5, 2.5], slow2: [3.5, 4.5] };
  const fake = createServer((req, res) => {
    const id = req.url.slice(1);
    const url = new URL(req.url, 'http://fake');
    const answer = () => {
      if (req.headers.host === 'maps.google.com' && url.pathname === '/maps' && url.searchParams.get('output') === 'embed') {
        res.writeHead(302, { location: `https://www.google.com/maps/embed?origin=mfe&pb=!1m3!3m2!1m1!4s${url.searchParams.get('cid')}` });
      } else if (req.headers.host === 'www.google.com' && url.pathname === '/maps/embed') {
        const record = url.searchParams.get('pb').endsWith(`!4s${PLACE_CID}`)
          ? ',["0x476d079b259d2a7f:0x9b4ba3a7b8f84aa0","Café Central, Wien",[48.2104,16.3655]]' : '';
        res.writeHead(200, { 'content-type': 'text/html' });
        res.write(`<script>initEmbed([[null,null,37.42,-122.08],["0x1:0x2","Elsewhere",[1,2]]${record}])</script>`);
      } else if (req.headers.host === 'maps.app.goo.gl' && id === 'dead') {
        res.writeHead(404);
      } else if (req.headers.host === 'maps.app.goo.gl' && pins[id]) {
        const [lat, lon] = pins[id];
        res.writeHead(302, { location: `https://www.google.com/maps/place/P/data=!3m1!4b1!4m2!3m1!8m2!3d${lat}!4d${lon}` });
      } else {
        res.writeHead(200);
      }
      res.end();
    };
    setTimeout(answer, id.startsWith('slow') ? 1500 : 0);
  });
  await new Promise((ok) => fake.listen(0, '127.0.0.1', ok));
  const port = await new Promise((ok) => {
    const probe = createServer().listen(0, '127.0.0.1', () => { const { port } = probe.address(); probe.close(() => ok(port)); });
  });
  const base = `http://127.0.0.1:${port}`;
  const resolver = spawn(bin, ['--bind', `127.0.0.1:${port}`, '--allowed-origin', web.origin(),
    '--test-upstream', `127.0.0.1:${fake.address().port}`], { stdio: 'ignore' });
  try {
    for (let i = 0; i < 100; i++) {
      try { if ((await fetch(`${base}/healthz`)).ok) break; } catch { /* not up yet */ }
      await new Promise((ok) => setTimeout(ok, 100));
    }
    await body(base);
  } finally {
    resolver.kill();
    await new Promise((ok) => fake.close(ok));
  }
}

async function setResolver(page, base) {
  await page.locator('.ps-settings summary').click();
  await byTestId(page, 'resolver-url').fill(base);
  // The page's security policy admits a new resolver from the next load on: Save & reload,
  // after which the page opens the settings again and tests the resolver by itself.
  await byTestId(page, 'resolver-reload').click();
  await page.waitForLoadState('load');
  await byTestId(page, 'resolver-status').filter({ hasText: 'The resolver answers' }).waitFor();
  assert.equal(await byTestId(page, 'resolver-url').inputValue(), base);
  assert.equal(await byTestId(page, 'resolver-reload').count(), 0);
}

test('with a resolver set, short links are resolved — and only they are sent to it', () => withResolver(async (base) => {
  const { page, context, requests } = await web.open();
  const posted = [];
  page.on('request', (r) => { if (r.url() === `${base}/resolve`) posted.push(JSON.parse(r.postData()).urls); });
  await setResolver(page, base);
  await byTestId(page, 'resolver-test').click();
  await byTestId(page, 'resolver-status').filter({ hasText: 'The resolver answers' }).waitFor();

  const csv = ['Name,Link', 'Tower,https://maps.app.goo.gl/one', 'Statue,https://maps.app.goo.gl/two',
    'Tower again,https://maps.app.goo.gl/one', 'Typed,"https://maps.google.com/?q=1.5,2.5"'].join('\n');
  await byTestId(page, 'file-input').setInputFiles({ name: 'short.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await byTestId(page, 'convert').click();
  await byTestId(page, 'resolve-progress').filter({ hasText: 'Short links: 2 sent, 0 rows not resolved.' }).waitFor();
  await page.waitForFunction(() => document.querySelector('.ps-stat--ok .ps-stat__value')?.textContent === '4');
  assert.equal(await stat(page, 'short links pending'), 0);
  assert.equal(await stat(page, 'short links resolved'), 3, 'rows, the two Towers and the Statue');
  assert.equal(await stat(page, 'duplicates'), 1, 'Tower again');
  assert.deepEqual(await resultRow(page, 0), ['48.8583701', '2.2944813', 'Google Maps: place pin', 'ok']);
  await page.screenshot({ path: join(OUTPUT, '5-resolved.png'), fullPage: true });

  const lines = readCsv(await download(page, 'download-csv', 'short.coordinates.csv')).trim().split('\n');
  assert.ok(lines[1].endsWith(',48.8583701,2.2944813,Google Maps: place pin'), lines[1]);
  assert.ok(lines[2].endsWith(',40.689247,-74.044502,Google Maps: place pin'), lines[2]);
  assert.ok(lines[3].endsWith(',48.8583701,2.2944813,Google Maps: place pin'), lines[3]);

  assert.deepEqual(posted.flat().sort(), ['https://maps.app.goo.gl/one', 'https://maps.app.goo.gl/two'],
    'only the short links, each once');
  const foreign = requests.filter((u) => !u.startsWith(web.origin()) && !u.startsWith(base) && !u.startsWith('blob:'));
  assert.deepEqual(foreign, []);
  await context.close();
}));

test('place links are resolved too, remembered across a reload, and forgotten on request', () => withResolver(async (base) => {
  const { page, context } = await web.open();
  const posted = [];
  page.on('request', (r) => { if (r.url() === `${base}/resolve`) posted.push(...JSON.parse(r.postData()).urls); });
  await setResolver(page, base);
  const csv = ['Name,Link', 'Tower,https://maps.app.goo.gl/one',
    `Café,https://maps.google.com/?cid=${PLACE_CID}`,
    'Café again,https://www.google.com/maps/place/Caf%C3%A9/data=!4m2!3m1!1s0x476d079b259d2a7f:0x9b4ba3a7b8f84aa0',
    'Closed,https://maps.app.goo.gl/dead'].join('\n');
  const choose = () => byTestId(page, 'file-input').setInputFiles({ name: 'places.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const convertAll = async () => {
    await choose();
    await byTestId(page, 'convert').click();
    await page.waitForFunction(() => document.querySelector('.ps-stat--ok .ps-stat__value')?.textContent === '3');
  };
  await convertAll();
  await byTestId(page, 'resolve-progress').filter({ hasText: 'Short links: 4 sent, 0 rows not resolved.' }).waitFor();
  assert.deepEqual((await resultRow(page, 1)).slice(0, 3), ['48.2104', '16.3655', 'Google Maps: place pin']);
  assert.deepEqual((await resultRow(page, 2)).slice(0, 3), ['48.2104', '16.3655', 'Google Maps: place pin']);
  // A dead link is answered, not pending: the row says so and is not retried.
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=results] tbody tr [data-testid=status-chip]')[3]?.dataset.words.includes('no longer works'));
  assert.deepEqual((await resultRow(page, 3)).slice(2), ['Google Maps link that no longer works', 'no coordinates']);
  assert.equal(await stat(page, 'short links pending'), 0);
  assert.equal(await stat(page, 'no coordinates'), 1);
  assert.equal(posted.length, 4);

  // After a reload the answers come from this browser: nothing is sent.
  await page.reload();
  posted.length = 0;
  await convertAll();
  await byTestId(page, 'resolve-progress').filter({ hasText: 'Short links: 0 sent, 4 known from this browser, 0 rows not resolved.' }).waitFor();
  assert.deepEqual(posted, [], 'no request to the resolver the second time');
  assert.equal(await stat(page, 'short links resolved'), 3);
  await page.screenshot({ path: join(OUTPUT, '6-remembered.png'), fullPage: true });

  await page.locator('.ps-settings summary').click();
  await byTestId(page, 'resolver-forget').click();
  await byTestId(page, 'resolver-status').filter({ hasText: 'Forgot 4 resolved links.' }).waitFor();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.locator('.ps-settings').screenshot({ path: join(OUTPUT, '6-forgotten-phone.png') });
  await page.setViewportSize({ width: 1280, height: 800 });
  await convertAll();
  await byTestId(page, 'resolve-progress').filter({ hasText: 'Short links: 4 sent, 0 rows not resolved.' }).waitFor();
  assert.equal(posted.length, 4, 'asked again after Forget');
  await context.close();
}));

test('resolving can be cancelled, and the rows it left are retried', () => withResolver(async (base) => {
  const { page, context } = await web.open();
  await setResolver(page, base);
  const csv = ['Name,Link', 'A,https://maps.app.goo.gl/slow1', 'B,https://maps.app.goo.gl/slow2'].join('\n');
  await byTestId(page, 'file-input').setInputFiles({ name: 'slow.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await byTestId(page, 'convert').click();
  await byTestId(page, 'resolve-cancel').click();
  await byTestId(page, 'resolve-progress').filter({ hasText: '2 rows not resolved (cancelled)' }).waitFor();
  assert.equal(await stat(page, 'short links pending'), 2);
  await byTestId(page, 'resolve-retry').click();
  await page.waitForFunction(() => document.querySelector('.ps-stat--ok .ps-stat__value')?.textContent === '2');
  assert.equal(await stat(page, 'short links pending'), 0);
  assert.equal(await stat(page, 'short links resolved'), 2);
  await context.close();
}));
