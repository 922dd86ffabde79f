// Trunk's post_build hook (Trunk.toml): finishes the build in Trunk's staging directory.
// 1. The page's Content-Security-Policy (public/csp.js) gets the sha256 of each inline
//    script Trunk wrote into index.html (its wasm loader), so 'unsafe-inline' is never needed.
// 2. The service worker (public/sw.js) gets the list of every file of the build to keep for
//    offline use, and a version that changes whenever any of them does.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR || process.argv[2];
if (!dir) throw new Error('run by Trunk (TRUNK_STAGING_DIR) or with the build directory');

const html = readFileSync(join(dir, 'index.html'), 'utf8');
const hashes = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)]
  .map((m) => `'sha256-${createHash('sha256').update(m[1], 'utf8').digest('base64')}'`);
const cspPath = join(dir, 'csp.js');
writeFileSync(cspPath, readFileSync(cspPath, 'utf8').replace('INLINE_SCRIPT_HASHES', hashes.join(' ')));

const files = [];
const walk = (folder) => {
  for (const name of readdirSync(folder).sort()) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) walk(path);
    else files.push(relative(dir, path).split(sep).join('/'));
  }
};
walk(dir);
const shell = ['./', ...files.filter((f) => f !== 'sw.js' && f !== 'index.html' && !f.endsWith('LICENSE') && !f.endsWith('.txt'))];
const version = createHash('sha256');
for (const file of files.filter((f) => f !== 'sw.js')) version.update(file).update(readFileSync(join(dir, file)));
const swPath = join(dir, 'sw.js');
writeFileSync(
  swPath,
  readFileSync(swPath, 'utf8')
    .replace("'BUILD_VERSION'", JSON.stringify(version.digest('hex').slice(0, 16)))
    .replace('BUILD_FILES', JSON.stringify(shell)),
);
