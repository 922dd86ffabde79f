// The map frame on its own (issue 15): public/map.* and the vendored libraries served from
// loopback, embedded in a parent page that posts 100,000 points as the page does. A
// requestAnimationFrame sampler in the parent measures the main thread the two share.
// Needs web/generated/vendor (cd web && npm ci && node assets.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { existsSync, mkdirSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { launch, ROOT, OUTPUT } from './harness.mjs';

const PUBLIC = join(ROOT, 'public');
const VENDOR = join(ROOT, 'web', 'generated', 'vendor');
const POINTS = 100_000;
const LONGEST_FRAME_MS = 100;
const OUTLINE_CAP = 6;
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json' };

// The parent page: the frame, a spacer above it when asked (?below=1), the frame's messages
// recorded, the points made (seeded, so the test knows each one), and the frame sampler.
const parent = (query) => `<!doctype html>
<html><head><meta charset="utf-8"><title>map frame test</title></head>
<body style="margin:0">
<div id="spacer" style="height:0"></div>
<iframe id="map" src="map.html${query}" style="display:block;width:900px;height:480px;border:0"></iframe>
<script src="parent.js"></script>
</body></html>`;

const PARENT_JS = `
'use strict';
if (new URLSearchParams(location.search).get('below') === '1') document.getElementById('spacer').style.height = '4000px';
const frame = document.getElementById('map');
window.received = [];
window.ready = new Promise((resolve) => {
  addEventListener('message', (event) => {
    if (event.source !== frame.contentWindow) return;
    received.push(event.data);
    if (event.data.type === 'ready') resolve();
  });
});
${makePoints.toString()}
window.makePoints = makePoints;
window.post = (message) => frame.contentWindow.postMessage(message, location.origin);
// The longest gap between two animation frames while sampling: the main thread's worst stall.
window.sampler = {
  start() {
    this.longest = 0; this.frames = 0; this.on = true;
    this.last = performance.now();
    const tick = (now) => {
      if (!this.on) return;
      this.longest = Math.max(this.longest, now - this.last); this.frames += 1; this.last = now;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  },
  // A stall still going on when sampling stops counts up to now.
  stop() {
    this.on = false;
    this.longest = Math.max(this.longest, performance.now() - this.last);
    return { longest: Math.round(this.longest), frames: this.frames };
  },
};
`;

/** The points, as the page sends them; seeded, so page and test make the same ones. */
function makePoints(n) {
  let seed = 15;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const cities = [[47.6097, -122.3422], [41.4036, 2.1744], [51.5007, -0.1246], [-33.8568, 151.2153], [35.6586, 139.7454],
    [-22.9519, -43.2105], [13.4125, 103.867], [52.5163, 13.3777], [-33.9628, 18.4098], [40.7128, -74.006]];
  const lat = new Float64Array(n);
  const lon = new Float64Array(n);
  const low = new Uint8Array(n);
  const index = new Uint32Array(n);
  const row = new Uint32Array(n);
  const name = new Array(n);
  for (let i = 0; i < n; i++) {
    if (i % 4 === 3) {
      lat[i] = random() * 130 - 60;
      lon[i] = random() * 360 - 180;
    } else {
      const [y, x] = cities[i % cities.length];
      lat[i] = y + (random() - 0.5) * 2;
      lon[i] = x + (random() - 0.5) * 2;
    }
    low[i] = i % 7 === 0 ? 1 : 0;
    index[i] = i;
    row[i] = i + 2;
    name[i] = i % 10 === 5 ? '' : i === 7 ? '<img src=x onerror="window.injected=1"> Café & "Bar"' : 'Place ' + i;
  }
  lat[0] = 47.6097; lon[0] = -122.3422; name[0] = 'Pike Place Market'; row[0] = 5;
  return { type: 'points', lat, lon, low, index, row, name };
}

let server;
let origin;
let browser;
before(async () => {
  assert.ok(existsSync(join(VENDOR, 'supercluster', 'supercluster.min.js')), 'run: cd web && npm ci && node assets.mjs');
  mkdirSync(OUTPUT, { recursive: true });
  server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path === '/favicon.ico') return res.writeHead(204).end();
    if (path === '/' || path === '/parent.html') {
      const tiles = new URL(req.url, 'http://x').searchParams.get('tiles') === '1';
      return res.writeHead(200, { 'content-type': TYPES['.html'] }).end(parent(tiles ? '?tiles=1' : ''));
    }
    if (path === '/parent.js') return res.writeHead(200, { 'content-type': TYPES['.js'] }).end(PARENT_JS);
    const [base, rest] = path.startsWith('/vendor/') ? [VENDOR, path.slice('/vendor/'.length)] : [PUBLIC, path.slice(1)];
    const file = normalize(join(base, rest));
    if (!file.startsWith(base) || (base === PUBLIC && !/^map[\w-]*\.(html|js|css)$/.test(rest))) return res.writeHead(404).end();
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await new Promise((ok) => server?.close(ok) ?? ok());
});

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

/** The parent page, its map frame loaded and ready, with any page errors collected. */
async function open(query = '', { tiles = false } = {}) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
  // Tiles are answered locally: nothing in a test may reach the internet.
  await context.route('https://tile.openstreetmap.org/**', (route) => route.fulfill({ status: 200, contentType: 'image/png', body: PNG }));
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  await page.goto(`${origin}/parent.html${query}`);
  await page.evaluate(() => window.ready);
  const frame = page.frame({ url: /map\.html/ });
  if (tiles) await frame.waitForFunction(() => document.querySelectorAll('.leaflet-tile-loaded').length > 0);
  else await frame.locator('body[data-basemap="ready"]').waitFor();
  return { page, context, frame, errors };
}

/** Runs `work` in the page while sampling frames; waits `ms` after; resolves to the sample. */
async function sampled(page, work, ms) {
  await page.evaluate(() => window.sampler.start());
  await work();
  await page.waitForTimeout(ms);
  return page.evaluate(() => window.sampler.stop());
}

/** Posts the 100,000 points and waits until the frame drew its first view of them. */
async function postPoints(page, frame) {
  await page.evaluate((n) => { window.points = window.makePoints(n); }, POINTS);
  const sample = await sampled(page, () => page.evaluate(() => window.post(window.points)), 3000);
  await frame.locator('body[data-drawn]').waitFor({ state: 'attached' });
  return sample;
}

const views = (frame) => frame.evaluate(() => Number(document.body.dataset.views || 0));
/** Waits for the frame's next drawn view after `views`. */
const nextView = (frame, count) => frame.waitForFunction((count) => Number(document.body.dataset.views || 0) > count, count);
const zoom = (frame) => frame.evaluate(() => window.pinsheetMap.map.getZoom());
const popupText = (frame) => frame.evaluate(() => window.pinsheetMap.popupText());
/** The popup's words for a point, written out here rather than taken from the frame; the row
 * number grouped as the page's table writes it (Chromium's en-US here: 54,323). */
const expected = (row, name, lat, lon) => {
  const text = (v) => (Math.abs(v) < 0.00005 ? 0 : v).toFixed(4).replace('-', '\u2212');
  return [`Row ${row.toLocaleString('en-US')}`, ...(name ? [name] : []), `${text(lat)}, ${text(lon)}`].join(' · ');
};

test('100,000 points: no frame of the shared main thread takes over 100 ms, and only a view’s worth is drawn', async () => {
  const { page, context, frame, errors } = await open();
  const posting = await postPoints(page, frame);
  console.log(`posting 100,000 points: longest frame ${posting.longest} ms over ${posting.frames} frames`);
  assert.equal(await frame.evaluate(() => document.body.dataset.points), String(POINTS));
  const drawn = Number(await frame.evaluate(() => document.body.dataset.drawn));
  assert.ok(drawn > 0 && drawn <= 600, `drawn ${drawn}`);
  assert.ok(posting.longest <= LONGEST_FRAME_MS, `longest frame ${posting.longest} ms while posting`);
  await page.screenshot({ path: join(OUTPUT, 'map-100k.png') });

  // Pans and zooms, as a person would make them; each ends in a newly drawn view.
  const moves = await sampled(page, async () => {
    for (const move of [
      () => { window.pinsheetMap.map.panBy([300, 120]); },
      () => { window.pinsheetMap.map.setZoom(4); },
      () => { window.pinsheetMap.map.panBy([-250, -80]); },
      () => { window.pinsheetMap.map.setView([41.4, 2.17], 6); },
      () => { window.pinsheetMap.map.setZoom(2); },
    ]) {
      const before = await views(frame);
      await frame.evaluate(move);
      await nextView(frame, before);
      const now = Number(await frame.evaluate(() => document.body.dataset.drawn));
      assert.ok(now <= 600, `drawn ${now}`);
    }
  }, 300);
  console.log(`pans and zooms: longest frame ${moves.longest} ms over ${moves.frames} frames`);
  assert.ok(moves.longest <= LONGEST_FRAME_MS, `longest frame ${moves.longest} ms while moving`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a row chosen on the page opens its popup, text only, without zooming past the outline', async () => {
  const { page, context, frame, errors } = await open();
  await postPoints(page, frame);
  const points = await page.evaluate((n) => {
    const p = window.makePoints(n);
    return [0, 7, 15, 54321].map((i) => ({ i, row: p.row[i], name: p.name[i], lat: p.lat[i], lon: p.lon[i] }));
  }, POINTS);
  for (const point of points) {
    await page.evaluate((index) => window.post({ type: 'select', index }), point.i);
    await frame.locator(`body[data-selected="${point.i}"]`).waitFor();
    await frame.waitForFunction(() => window.pinsheetMap.popupText() !== null);
    assert.equal(await popupText(frame), expected(point.row, point.name, point.lat, point.lon));
    assert.ok((await zoom(frame)) <= OUTLINE_CAP);
  }
  assert.equal(points[0].row, 5);
  assert.equal(await frame.evaluate(() => {
    window.pinsheetMap.map.closePopup();
    return window.injected ?? null;
  }), null);
  await page.evaluate(() => window.post({ type: 'select', index: 0 }));
  await frame.waitForFunction(() => window.pinsheetMap.popupText() === 'Row 5 · Pike Place Market · 47.6097, \u2212122.3422');
  await page.waitForTimeout(500); // the pan's animation, for the picture
  await page.screenshot({ path: join(OUTPUT, 'map-popup.png') });
  assert.deepEqual(errors, []);
  await context.close();
});

test('a click on a cluster zooms in, a click on a point selects its row, and the zoom stops at the outline’s cap', async () => {
  const { page, context, frame, errors } = await open();
  await postPoints(page, frame);
  assert.equal(await frame.evaluate(() => window.pinsheetMap.map.getMaxZoom()), OUTLINE_CAP);
  /** Clicks with the mouse where the map drew a marker: `which` picks it in the frame. */
  const clickDrawn = async (which) => {
    const at = await frame.evaluate(which);
    const box = await page.locator('#map').boundingBox();
    await page.mouse.click(box.x + at.x, box.y + at.y);
    return at;
  };
  // The biggest cluster, clicked with the mouse.
  let before = await zoom(frame);
  let count = await views(frame);
  await clickDrawn(() => {
    const { map, clusters } = window.pinsheetMap;
    const biggest = clusters.reduce((a, b) => (b.count > a.count ? b : a));
    return map.latLngToContainerPoint(biggest.getLatLng());
  });
  await nextView(frame, count);
  assert.ok((await zoom(frame)) > before, `zoom ${await zoom(frame)} after ${before}`);

  // Clusters clicked until the cap: the map stops there, and one more click lists the cluster.
  for (let i = 0; i < 8 && (await zoom(frame)) < OUTLINE_CAP; i++) {
    count = await views(frame);
    await frame.evaluate(() => {
      const { map, clusters } = window.pinsheetMap;
      const centre = map.getSize().divideBy(2);
      const nearest = clusters.reduce((a, b) => (map.latLngToContainerPoint(b.getLatLng()).distanceTo(centre)
        < map.latLngToContainerPoint(a.getLatLng()).distanceTo(centre) ? b : a));
      nearest.fire('click');
    });
    await nextView(frame, count);
  }
  assert.equal(await zoom(frame), OUTLINE_CAP);
  await frame.evaluate(() => { window.pinsheetMap.clusters[0].fire('click'); });
  await frame.waitForFunction(() => /points here/.test(window.pinsheetMap.popupText() ?? ''));
  assert.match(await popupText(frame), /^[\d,]+ points here; switch on OpenStreetMap tiles to zoom in further\.Row \d+/);
  // Keyboard zoom goes no further either.
  await frame.locator('#map').focus();
  await page.keyboard.press('+');
  await page.keyboard.press('+');
  await page.waitForTimeout(400);
  assert.equal(await zoom(frame), OUTLINE_CAP);

  // A single point clicked with the mouse: the page is told its row, and the popup names it.
  count = await views(frame);
  await frame.evaluate(() => { window.pinsheetMap.map.setView([0, -30], 6); });
  await nextView(frame, count);
  const clicked = await clickDrawn(() => {
    const { map, markers } = window.pinsheetMap;
    map.closePopup();
    const size = map.getSize();
    for (const [index, marker] of markers) {
      const at = map.latLngToContainerPoint(marker.getLatLng());
      const alone = [...markers.values(), ...window.pinsheetMap.clusters]
        .every((other) => other === marker || map.latLngToContainerPoint(other.getLatLng()).distanceTo(at) > 30);
      if (alone && at.x > 60 && at.y > 60 && at.x < size.x - 60 && at.y < size.y - 60) return { index, x: at.x, y: at.y };
    }
    throw new Error('no single point drawn apart from the others');
  });
  await page.waitForFunction((index) => window.received.some((m) => m.type === 'select' && m.index === index), clicked.index);
  assert.equal(await frame.evaluate(() => document.body.dataset.selected), String(clicked.index));
  const point = await page.evaluate(({ n, i }) => {
    const p = window.makePoints(n);
    return { row: p.row[i], name: p.name[i], lat: p.lat[i], lon: p.lon[i] };
  }, { n: POINTS, i: clicked.index });
  assert.equal(await popupText(frame), expected(point.row, point.name, point.lat, point.lon));
  assert.deepEqual(errors, []);
  await context.close();
});

test('two Tab stops (the map and the tiles switch), and dark controls in the dark theme', async () => {
  const { page, context, frame } = await open();
  const stops = await frame.evaluate(() => [...document.querySelectorAll('a[href], button, input, [tabindex]')]
    .filter((element) => element.tabIndex >= 0 && element.getClientRects().length > 0)
    .map((element) => element.id || element.className));
  assert.deepEqual(stops.map((s) => s.split(' ')[0]), ['map', 'tiles']);
  await page.evaluate(() => window.post({ type: 'theme', dark: true }));
  await frame.locator('html.dark').waitFor();
  const colours = await frame.evaluate(() => ({
    zoom: getComputedStyle(document.querySelector('.leaflet-control-zoom-in')).backgroundColor,
    attribution: getComputedStyle(document.querySelector('.leaflet-control-attribution')).backgroundColor,
  }));
  const light = (colour) => colour.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number).reduce((a, b) => a + b, 0) / 3;
  assert.ok(light(colours.zoom) < 80, colours.zoom);
  assert.ok(light(colours.attribution) < 80, colours.attribution);
  await postPoints(page, frame);
  await page.evaluate(() => window.post({ type: 'select', index: 0 }));
  await frame.waitForFunction(() => window.pinsheetMap.popupText() !== null);
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(OUTPUT, 'map-dark.png') });
  await context.close();
});

test('a frame far below the viewport indexes and draws nothing until it is scrolled near', async () => {
  const { page, context, frame } = await open('?below=1');
  await page.evaluate((n) => window.post(window.makePoints(n)), POINTS);
  await frame.locator(`body[data-points="${POINTS}"]`).waitFor();
  await page.waitForTimeout(1000);
  assert.equal(await frame.evaluate(() => document.body.dataset.drawn ?? null), null);
  assert.equal(await frame.evaluate(() => document.body.dataset.indexMs ?? null), null);
  await page.locator('#map').scrollIntoViewIfNeeded();
  await frame.locator('body[data-drawn]').waitFor({ state: 'attached' });
  await context.close();
});

test('with OpenStreetMap tiles the zoom reaches street level, and a point chosen with the points is shown, not the fit', async () => {
  const { page, context, frame, errors } = await open('?tiles=1', { tiles: true });
  assert.equal(await frame.evaluate(() => window.pinsheetMap.map.getMaxZoom()), 17);
  // As the page does when the frame says "ready": the points, then the selected row at once.
  await page.evaluate((n) => { window.points = window.makePoints(n); }, POINTS);
  await page.evaluate(() => { window.post(window.points); window.post({ type: 'select', index: 0 }); });
  await frame.waitForFunction(() => window.pinsheetMap.popupText() === 'Row 5 · Pike Place Market · 47.6097, \u2212122.3422');
  await frame.locator('body[data-drawn]').waitFor({ state: 'attached' });
  await page.waitForTimeout(300);
  assert.equal(await zoom(frame), 16);
  const centre = await frame.evaluate(() => window.pinsheetMap.map.getCenter());
  assert.ok(Math.abs(centre.lat - 47.6097) < 0.01 && Math.abs(centre.lng + 122.3422) < 0.01, JSON.stringify(centre));
  assert.match(await frame.locator('.leaflet-control-attribution').textContent(), /OpenStreetMap/);
  assert.deepEqual(errors, []);
  await context.close();
});
