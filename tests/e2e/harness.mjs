// Shared by the e2e tests and the benchmark: serve dist/ on loopback, drive Chromium.
import { before, after } from 'node:test';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
export const DIST = join(ROOT, 'dist');
export const FIXTURES = join(ROOT, 'tests', 'fixtures');
export const OUTPUT = join(ROOT, 'tests', 'output');
const PYTHON = process.env.PYTHON || 'python3';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
};

/** Serves `root` (the release page in dist/ unless told) on a free port of 127.0.0.1. */
export async function serveDist(root = DIST) {
  const base = resolve(root);
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    let file;
    try {
      file = normalize(join(base, path === '/' ? 'index.html' : decodeURIComponent(path)));
    } catch {
      return res.writeHead(400).end();
    }
    if (!file.startsWith(base + sep)) return res.writeHead(403).end();
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((ok) => server.close(ok)) };
}

/** Headless Chromium from the system (never a downloaded browser). */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic',
    ],
  });
}

/** A page on `origin` that records every request it makes, and any page errors. */
export async function openPage(browser, origin, options = {}) {
  const context = await browser.newContext({ acceptDownloads: true, ...options });
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  context.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(origin);
  return { page, context, requests, errors };
}

/**
 * For a test file: serves dist/ and starts Chromium before its tests, stops both after.
 * `open(options)` opens a page on the served origin (see openPage); `origin()` is that origin.
 */
export function suite() {
  let server;
  let browser;
  before(async () => {
    mkdirSync(OUTPUT, { recursive: true });
    server = await serveDist();
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  return { open: (options) => openPage(browser, server.origin, options), origin: () => server.origin };
}

/** The elements a test finds by their data-testid. */
export const byTestId = (page, id) => page.locator(`[data-testid="${id}"]`);

/** Every sheet of an xlsx as rows of values, read by openpyxl (not by pinsheet). */
export function readXlsx(path) {
  const script = [
    'import json, sys, datetime, openpyxl',
    'book = openpyxl.load_workbook(sys.argv[1], data_only=True)',
    'conv = lambda v: v.isoformat() if isinstance(v, (datetime.date, datetime.datetime)) else v',
    'print(json.dumps({ws.title: [[conv(v) for v in r] for r in ws.iter_rows(values_only=True)] for ws in book.worksheets}))',
  ].join('\n');
  return JSON.parse(execFileSync(PYTHON, ['-c', script, path], { encoding: 'utf8' }));
}

/** The expected rows from tests/fixtures/links.py: [name, link, lat, lon, source]. */
export function expectedRows() {
  const script = 'import json, sys; sys.path.insert(0, sys.argv[1]); import links; print(json.dumps(links.ROWS))';
  return JSON.parse(execFileSync(PYTHON, ['-c', script, FIXTURES], { encoding: 'utf8' }));
}

/** Runs a Python snippet (with openpyxl) and returns what it prints. */
export function python(script, ...args) {
  return execFileSync(PYTHON, ['-c', script, ...args], { encoding: 'utf8' });
}

/** Writes the generated hostile files into `folder`; returns {name: "error" | "read"}. */
export function makeHostile(folder) {
  execFileSync(PYTHON, [join(FIXTURES, 'make_hostile.py'), folder], { encoding: 'utf8' });
  return JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8'));
}

/** Resident memory of every Chromium renderer process (the tabs and their workers), MiB. */
export function renderersMiB() {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmdline.includes('chrom') || !cmdline.includes('--type=renderer')) continue;
      const rss = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      total += rss ? Number(rss[1]) / 1024 : 0;
    } catch {
      // The process ended while being read.
    }
  }
  return Math.round(total);
}
