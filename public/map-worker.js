// The map frame's worker: clusters the points with supercluster (Mapbox's point clustering,
// vendored by web/assets.mjs) off the main thread, and answers what is in view at a zoom as
// a few hundred clusters and single points in typed arrays. The frame draws only those.
//
// Messages in:  load {generation, lat: Float64Array, lon, low: Uint8Array, maxZoom, radius}
//               view {generation, view, bbox: [west, south, east, north], zoom}
//               expand {generation, request, cluster}        (the zoom at which it splits)
//               leaves {generation, request, cluster, limit} (the points in it)
// Messages out: loaded {generation, points, ms}
//               view {generation, view, lat, lon: Float64Array, count, ref, low: Uint32Array}
//                 (count 1: a point, ref its position in the loaded arrays; more: a cluster,
//                 ref its cluster id, low how many of its points are map views)
//               expand {generation, request, zoom} · leaves {generation, request, positions}
'use strict';
importScripts('vendor/supercluster/supercluster.min.js');

var index = null;
var generation = 0;

function load(message) {
  var start = performance.now();
  var lat = message.lat;
  var lon = message.lon;
  var low = message.low;
  var features = new Array(lat.length);
  for (var i = 0; i < lat.length; i++) {
    features[i] = {
      type: 'Feature',
      properties: { i: i, low: low[i] === 1 ? 1 : 0 },
      geometry: { type: 'Point', coordinates: [lon[i], lat[i]] },
    };
  }
  index = new Supercluster({
    minZoom: 0,
    maxZoom: message.maxZoom,
    radius: message.radius,
    map: function (props) { return { low: props.low }; },
    reduce: function (sum, props) { sum.low += props.low; },
  }).load(features);
  generation = message.generation;
  postMessage({ type: 'loaded', generation: generation, points: lat.length, ms: performance.now() - start });
}

function view(message) {
  var found = index ? index.getClusters(message.bbox, message.zoom) : [];
  var n = found.length;
  var lat = new Float64Array(n);
  var lon = new Float64Array(n);
  var count = new Uint32Array(n);
  var ref = new Uint32Array(n);
  var low = new Uint32Array(n);
  for (var k = 0; k < n; k++) {
    var feature = found[k];
    var props = feature.properties;
    lon[k] = feature.geometry.coordinates[0];
    lat[k] = feature.geometry.coordinates[1];
    if (props.cluster) {
      count[k] = props.point_count;
      ref[k] = props.cluster_id;
      low[k] = props.low;
    } else {
      count[k] = 1;
      ref[k] = props.i;
      low[k] = props.low;
    }
  }
  postMessage(
    { type: 'view', generation: generation, view: message.view, lat: lat, lon: lon, count: count, ref: ref, low: low },
    [lat.buffer, lon.buffer, count.buffer, ref.buffer, low.buffer],
  );
}

// A cluster id from another generation's index means nothing in this one: such requests
// get an empty answer, and the frame drops answers of an old generation anyway.
function current(message) { return index && message.generation === generation; }

self.onmessage = function (event) {
  var message = event.data || {};
  if (message.type === 'load') load(message);
  else if (message.type === 'view') view(message);
  else if (message.type === 'expand') {
    var zoom = current(message) ? index.getClusterExpansionZoom(message.cluster) : null;
    postMessage({ type: 'expand', generation: generation, request: message.request, zoom: zoom });
  } else if (message.type === 'leaves') {
    var leaves = current(message) ? index.getLeaves(message.cluster, message.limit, 0) : [];
    var positions = Uint32Array.from(leaves, function (leaf) { return leaf.properties.i; });
    postMessage({ type: 'leaves', generation: generation, request: message.request, positions: positions }, [positions.buffer]);
  }
};
