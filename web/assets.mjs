// Copies what the page takes from npm into web/generated/, which index.html hands to Trunk:
// Leaflet (the map), supercluster (the map's point clustering, run in public/map-worker.js;
// its browser bundle includes kdbush, the spatial index it is built on) and the offline basemap, Natural Earth 1:110m countries (public domain)
// from world-atlas, turned from TopoJSON into GeoJSON with coordinates rounded to 0.01°
// (≈ 1 km; the 1:110m outlines are far coarser than that).
import { readFileSync, writeFileSync, mkdirSync, cpSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { feature } from 'topojson-client';

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, 'node_modules');
const out = join(here, 'generated', 'vendor');
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'leaflet'), { recursive: true });
for (const file of ['leaflet.js', 'leaflet.css', 'images']) {
  cpSync(join(modules, 'leaflet', 'dist', file), join(out, 'leaflet', file), { recursive: true });
}
cpSync(join(modules, 'leaflet', 'LICENSE'), join(out, 'leaflet', 'LICENSE'));
mkdirSync(join(out, 'supercluster'), { recursive: true });
cpSync(join(modules, 'supercluster', 'dist', 'supercluster.min.js'), join(out, 'supercluster', 'supercluster.min.js'));
cpSync(join(modules, 'supercluster', 'LICENSE'), join(out, 'supercluster', 'LICENSE'));
cpSync(join(modules, 'kdbush', 'LICENSE'), join(out, 'supercluster', 'kdbush-LICENSE'));

const topology = JSON.parse(readFileSync(join(modules, 'world-atlas', 'countries-110m.json'), 'utf8'));
const countries = feature(topology, topology.objects.countries);
const round = (value) => (Array.isArray(value) ? value.map(round) : Math.round(value * 100) / 100);
// Web Mercator (the map's projection) ends at ±85.05°; Antarctica's outline runs to -90°.
// A ring that crosses the antimeridian (Fiji, Russia's Chukotka) jumps from 180° to -180°
// and back, which the map would draw as a line around the world: such rings are moved east
// of 180°. Antarctica's ring goes round the pole and jumps once, along its bottom edge: kept.
const jumps = (ring) => ring.filter(([lon], i) => i > 0 && Math.abs(lon - ring[i - 1][0]) > 180).length;
const clamp = (ring) => {
  const count = jumps(ring);
  const crosses = count > 0 && count % 2 === 0;
  return ring.map(([lon, lat]) => [crosses && lon < 0 ? lon + 360 : lon, Math.max(-85, Math.min(85, lat))]);
};
const clampAll = (value) => (typeof value[0][0] === 'number' ? clamp(value) : value.map(clampAll));
const basemap = {
  type: 'FeatureCollection',
  features: countries.features.map((f) => ({
    type: 'Feature',
    properties: { name: f.properties.name },
    geometry: { type: f.geometry.type, coordinates: clampAll(round(f.geometry.coordinates)) },
  })),
};
mkdirSync(join(out, 'basemap'), { recursive: true });
writeFileSync(join(out, 'basemap', 'countries-110m.json'), JSON.stringify(basemap));
writeFileSync(
  join(out, 'basemap', 'SOURCE.txt'),
  'Natural Earth 1:110m Admin 0 countries (public domain, naturalearthdata.com), via the world-atlas npm package.\n',
);
