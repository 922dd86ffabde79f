// Copies what the page takes from npm into web/generated/, which index.html hands to Trunk:
// Leaflet (the map) and the offline basemap, Natural Earth 1:110m countries (public domain)
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

const topology = JSON.parse(readFileSync(join(modules, 'world-atlas', 'countries-110m.json'), 'utf8'));
const countries = feature(topology, topology.objects.countries);
const round = (value) => (Array.isArray(value) ? value.map(round) : Math.round(value * 100) / 100);
const basemap = {
  type: 'FeatureCollection',
  features: countries.features.map((f) => ({
    type: 'Feature',
    properties: { name: f.properties.name },
    geometry: { type: f.geometry.type, coordinates: round(f.geometry.coordinates) },
  })),
};
mkdirSync(join(out, 'basemap'), { recursive: true });
writeFileSync(join(out, 'basemap', 'countries-110m.json'), JSON.stringify(basemap));
writeFileSync(
  join(out, 'basemap', 'SOURCE.txt'),
  'Natural Earth 1:110m Admin 0 countries (public domain, naturalearthdata.com), via the world-atlas npm package.\n',
);
