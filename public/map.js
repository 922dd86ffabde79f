// The map frame: Leaflet over an offline Natural Earth outline (or OpenStreetMap tiles when
// switched on). The page sends the points and the selected row; a click on a point tells the
// page which row it is. Messages are accepted from the page's own origin only.
//
// The frame shares the page's main thread (same origin), so it never draws every point: a
// worker (map-worker.js, supercluster) clusters them, and after each move the frame draws
// only what is in view — a few hundred clusters and single points as canvas circles. Nothing
// is indexed or drawn before the frame comes near the viewport.
(function () {
  'use strict';
  var params = new URLSearchParams(location.search);
  var tiles = params.get('tiles') === '1';
  if (params.get('theme') === 'dark') document.documentElement.classList.add('dark');
  // Restrained motion: no zoom or pan animation for people who ask for less motion.
  var still = matchMedia('(prefers-reduced-motion: reduce)').matches;

  // Zoom caps. The outline is Natural Earth 1:110m (shapes of ~100 km): past zoom 6 it shows
  // nothing more, so the map stops there; OpenStreetMap's tiles have street detail.
  var CAP = tiles ? 17 : 6;
  var SHOW = tiles ? 16 : 5; // the zoom a chosen point is shown at (never zooming out)
  var FIT = tiles ? 12 : 5; // the most that fitting the points may zoom in (one point too)
  // Clusters form up to the cap on the outline (a person can zoom no further to split them),
  // and up to one below it with tiles, so the last zoom shows every point.
  var CLUSTER_MAX = tiles ? CAP - 1 : CAP;
  // supercluster's radius is in 512-pixel tile units: 56 there is 28 CSS pixels here, which
  // keeps a view to a few hundred clusters at most.
  var RADIUS = 56;
  var PAD = 0.1; // the canvas and the asked-for area reach this far past the view (a tenth)

  var map = L.map('map', {
    preferCanvas: true, worldCopyJump: true, minZoom: 1, maxZoom: CAP, zoomSnap: 0.5,
    zoomAnimation: !still, fadeAnimation: !still, markerZoomAnimation: !still,
  });
  map.setView([20, 0], 1.5);
  map.attributionControl.setPrefix(false);
  // Two Tab stops in all: the map (arrow keys pan, + and − zoom) and the tiles switch. The
  // zoom buttons stay for the mouse.
  map.zoomControl.getContainer().querySelectorAll('a').forEach(function (a) { a.tabIndex = -1; });
  var outline = L.canvas({ padding: PAD });
  map.createPane('points').style.zIndex = 450;
  var renderer = L.canvas({ pane: 'points', padding: PAD });
  var dark = function () { return document.documentElement.classList.contains('dark'); };

  var land = null;
  var landStyle = function () {
    return dark()
      ? { color: '#52606d', weight: 0.6, fillColor: '#243443', fillOpacity: 1 }
      : { color: '#9aa5b1', weight: 0.6, fillColor: '#f5f3ee', fillOpacity: 1 };
  };
  if (tiles) {
    L.tileLayer('https://tile.openstreetmap.org/{z}/{x}/{y}.png', {
      maxZoom: 19,
      attribution: '&copy; <a href="https://www.openstreetmap.org/copyright" target="_blank" rel="noopener">OpenStreetMap</a> contributors',
    }).addTo(map);
  } else {
    map.attributionControl.addAttribution('Outline: Natural Earth (public domain)');
    fetch('vendor/basemap/countries-110m.json')
      .then(function (response) { return response.json(); })
      .then(function (countries) {
        land = L.geoJSON(countries, { interactive: false, renderer: outline, style: landStyle }).addTo(map);
        document.body.dataset.basemap = 'ready';
      })
      .catch(function () { document.body.dataset.basemap = 'failed'; });
  }

  // Pins green, map views amber (the page's legend, style/main.css .ps-legend--pin/--low).
  var style = function (low, chosen) {
    return {
      renderer: renderer,
      radius: chosen ? 9 : 5,
      weight: chosen ? 3 : 1,
      color: chosen ? '#2f81f7' : low ? '#8a5300' : '#0f5323',
      fillColor: low ? '#e3a008' : '#2da44e',
      fillOpacity: 0.85,
    };
  };
  // A cluster: a circle sized by its count, amber when most of its points are map views,
  // with the count written on it (drawn on the same canvas, after the circle).
  var Cluster = L.CircleMarker.extend({
    _updatePath: function () {
      L.CircleMarker.prototype._updatePath.call(this);
      var canvas = this._renderer;
      if (!canvas._drawing || this._empty()) return;
      var ctx = canvas._ctx;
      ctx.fillStyle = '#111a12';
      ctx.font = '600 11px system-ui, sans-serif';
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText(this.options.label, this._point.x, this._point.y + 0.5);
    },
  });
  var clusterStyle = function (count, low) {
    var amber = low * 2 > count;
    return {
      renderer: renderer,
      radius: Math.round(11 + 3.5 * Math.log10(count)),
      weight: 2,
      color: amber ? '#8a5300' : '#0f5323',
      fillColor: amber ? '#e3a008' : '#2da44e',
      fillOpacity: 0.8,
      label: count >= 10000 ? Math.round(count / 1000) + 'k'
        : count >= 1000 ? (Math.round(count / 100) / 10) + 'k' : String(count),
    };
  };
  var tell = function (message) { parent.postMessage(message, location.origin); };

  // --- Work waits until the frame is near the viewport and the tab is shown.
  var near = !('IntersectionObserver' in window);
  var started = false;
  var waiting = [];
  function wake() {
    if (started || !near || document.visibilityState === 'hidden') return;
    started = true;
    map.invalidateSize();
    waiting.splice(0).forEach(function (run) { run(); });
  }
  function whenShown(run) { if (started) run(); else waiting.push(run); }
  if (near) wake();
  else {
    new IntersectionObserver(function (entries) {
      near = entries.some(function (entry) { return entry.isIntersecting; });
      wake();
    }, { rootMargin: '300px' }).observe(map.getContainer());
  }
  document.addEventListener('visibilitychange', wake);

  // --- The points, the worker that clusters them, and what is drawn of them.
  var points = null; // the last points message: lat, lon, low, index, row, name
  var generation = 0; // counts points messages; the worker's answers carry theirs
  var indexed = 0; // the generation the worker has indexed
  var view = 0; // the latest view asked for; older views are dropped
  var request = 0; // numbers the other questions (expand, leaves), each answered once
  var pending = {}; // request number → callback, for expand and leaves
  // Counts as the page writes them (its Intl.NumberFormat, in the browser's own format).
  var numbers = new Intl.NumberFormat();
  var worker = null;
  var layer = L.layerGroup().addTo(map);
  var markers = new Map(); // outcome index → the single point's marker now drawn
  var clusters = []; // the cluster markers now drawn
  var chosen = -1; // the selected point's position in `points`
  var highlight = null;
  var popup = L.popup({ autoPanPadding: [24, 24], maxWidth: 320, className: 'pin-popup' });

  function startWorker() {
    worker = new Worker('map-worker.js');
    worker.onmessage = function (event) {
      var answer = event.data;
      if (answer.generation !== generation) return;
      if (answer.type === 'loaded') {
        indexed = answer.generation;
        document.body.dataset.indexMs = String(Math.round(answer.ms));
        askView();
      } else if (answer.type === 'view') {
        if (answer.view === view) drawView(answer);
      } else if (pending[answer.request]) {
        var callback = pending[answer.request];
        delete pending[answer.request];
        callback(answer);
      }
    };
    worker.onerror = function () { document.body.dataset.clusters = 'failed'; };
  }

  function ask(message, callback) {
    message.generation = generation;
    if (message.type === 'view') {
      // Its own counter: a question asked while a view is on its way must not drop it.
      view += 1;
      message.view = view;
    } else {
      request += 1;
      message.request = request;
      if (callback) pending[request] = callback;
    }
    worker.postMessage(message);
  }

  function receive(message) {
    var n = message.lat.length;
    points = {
      lat: message.lat, lon: message.lon, low: message.low, index: message.index,
      row: message.row || null, name: message.name || null,
    };
    generation += 1;
    pending = {};
    layer.clearLayers();
    markers.clear();
    clusters = [];
    map.closePopup();
    setChosen(-1);
    document.body.dataset.points = String(n);
    var mine = generation;
    whenShown(function () {
      if (mine !== generation) return;
      if (!worker) startWorker();
      // A copy goes to the worker (the frame keeps its arrays for selection and popups).
      worker.postMessage({
        type: 'load', generation: generation, lat: points.lat, lon: points.lon, low: points.low,
        maxZoom: CLUSTER_MAX, radius: RADIUS,
      });
      // Fitting redraws the outline: a task of its own, so no one task holds the thread long.
      // A point chosen meanwhile (the page sends the selection right after the points) wins.
      setTimeout(function () { if (mine === generation && chosen < 0) fit(); }, 0);
    });
  }

  function fit() {
    var n = points.lat.length;
    if (!n) return;
    var south = 90, north = -90, west = 180, east = -180;
    for (var i = 0; i < n; i++) {
      var lat = points.lat[i], lon = points.lon[i];
      if (lat < south) south = lat;
      if (lat > north) north = lat;
      if (lon < west) west = lon;
      if (lon > east) east = lon;
    }
    map.fitBounds([[south, west], [north, east]], { padding: [24, 24], maxZoom: FIT, animate: false });
  }

  function askView() {
    if (!worker || indexed !== generation) return;
    var bounds = map.getBounds().pad(PAD);
    ask({
      type: 'view',
      bbox: [bounds.getWest(), Math.max(-85, bounds.getSouth()), bounds.getEast(), Math.min(85, bounds.getNorth())],
      zoom: Math.floor(map.getZoom()),
    });
  }
  map.on('moveend', askView);

  // The worker answers longitudes in -180…180; the view may be a world copy to either side.
  function nearView(lon, centre) {
    while (lon < centre - 180) lon += 360;
    while (lon > centre + 180) lon -= 360;
    return lon;
  }

  function drawView(view) {
    layer.clearLayers();
    markers.clear();
    clusters = [];
    var centre = map.getCenter().lng;
    for (var k = 0; k < view.count.length; k++) {
      var latlng = [view.lat[k], nearView(view.lon[k], centre)];
      var marker;
      if (view.count[k] === 1) {
        var position = view.ref[k];
        marker = L.circleMarker(latlng, style(points.low[position] === 1, false));
        marker.position = position;
        marker.on('click', onPoint);
        markers.set(points.index[position], marker);
      } else {
        marker = new Cluster(latlng, clusterStyle(view.count[k], view.low[k]));
        marker.cluster = view.ref[k];
        marker.count = view.count[k];
        marker.on('click', onCluster);
        clusters.push(marker);
      }
      layer.addLayer(marker);
    }
    if (highlight) highlight.bringToFront();
    document.body.dataset.drawn = String(view.count.length);
    document.body.dataset.views = String(Number(document.body.dataset.views || 0) + 1);
  }

  function onPoint(event) {
    var position = event.target.position;
    showChosen(position, false);
    tell({ type: 'select', index: points.index[position] });
  }

  function onCluster(event) {
    var marker = event.target;
    var latlng = marker.getLatLng();
    ask({ type: 'expand', cluster: marker.cluster }, function (answer) {
      var zoom = Math.min(CAP, answer.zoom === null ? CAP : answer.zoom);
      if (zoom > map.getZoom()) map.setView(latlng, zoom, { animate: !still });
      else listCluster(marker, latlng);
    });
  }

  // A cluster at the last zoom: a popup names its first points.
  function listCluster(marker, latlng) {
    ask({ type: 'leaves', cluster: marker.cluster, limit: 5 }, function (answer) {
      var box = document.createElement('div');
      var head = document.createElement('p');
      head.className = 'pin-popup__head';
      head.textContent = numbers.format(marker.count) + ' points here'
        + (tiles ? '.' : '; switch on OpenStreetMap tiles to zoom in further.');
      box.appendChild(head);
      var list = document.createElement('ul');
      answer.positions.forEach(function (position) {
        var item = document.createElement('li');
        item.textContent = describe(position);
        list.appendChild(item);
      });
      box.appendChild(list);
      if (marker.count > answer.positions.length) {
        var more = document.createElement('p');
        more.textContent = '… and ' + numbers.format(marker.count - answer.positions.length) + ' more.';
        box.appendChild(more);
      }
      popup.setLatLng(latlng).setContent(box).openOn(map);
    });
  }

  // --- The popup's words: "Row 5 · Pike Place Market · 47.6097, −122.3422".
  function coordinate(value) {
    var text = (Math.abs(value) < 0.00005 ? 0 : value).toFixed(4);
    return text.replace('-', '\u2212');
  }
  function describe(position) {
    var parts = [];
    var row = points.row ? points.row[position] : 0;
    parts.push(row ? 'Row ' + numbers.format(row) : 'Point ' + numbers.format(points.index[position] + 1));
    var name = points.name ? String(points.name[position] || '').replace(/\s+/g, ' ').trim() : '';
    // Cut by characters (code points), never inside a surrogate pair.
    var chars = Array.from(name);
    if (chars.length > 120) name = chars.slice(0, 119).join('') + '…';
    if (name) parts.push(name);
    parts.push(coordinate(points.lat[position]) + ', ' + coordinate(points.lon[position]));
    return parts.join(' · ');
  }

  // --- Selection: a highlighted ring over the point, whatever cluster it is in, and a popup.
  function setChosen(position) {
    chosen = position;
    if (highlight) { highlight.remove(); highlight = null; }
    document.body.dataset.selected = position >= 0 ? String(points.index[position]) : '';
  }

  function showChosen(position, pan) {
    setChosen(position);
    var latlng = L.latLng(points.lat[position], nearView(points.lon[position], map.getCenter().lng));
    if (pan) {
      var zoom = Math.min(CAP, Math.max(map.getZoom(), SHOW));
      map.setView(latlng, zoom, { animate: !still });
      latlng = L.latLng(points.lat[position], nearView(points.lon[position], map.getCenter().lng));
    }
    highlight = L.circleMarker(latlng, style(points.low[position] === 1, true)).addTo(map);
    highlight.on('click', function () { openPopup(position, highlight.getLatLng()); });
    openPopup(position, latlng);
  }

  function openPopup(position, latlng) {
    var text = document.createElement('p');
    text.className = 'pin-popup__text';
    text.textContent = describe(position);
    popup.setLatLng(latlng).setContent(text).openOn(map);
  }

  function select(index, pan) {
    var position = points ? points.index.indexOf(index) : -1;
    setChosen(position);
    if (position >= 0) whenShown(function () { if (chosen === position) showChosen(position, pan); });
  }

  window.addEventListener('message', function (event) {
    if (event.origin !== location.origin || event.source !== parent) return;
    var message = event.data || {};
    if (message.type === 'points') receive(message);
    else if (message.type === 'select') select(message.index, true);
    else if (message.type === 'theme') {
      document.documentElement.classList.toggle('dark', message.dark === true);
      if (land) land.setStyle(landStyle);
    }
  });

  var toggle = document.getElementById('tiles');
  toggle.checked = tiles;
  toggle.addEventListener('change', function () {
    var next = new URLSearchParams(location.search);
    if (toggle.checked) next.set('tiles', '1'); else next.delete('tiles');
    tell({ type: 'tiles', on: toggle.checked });
    location.search = next.toString();
  });
  // For the e2e tests, which click points and clusters where the map drew them: `markers`
  // holds the single points now drawn (outcome index → marker), `clusters` the clusters.
  window.pinsheetMap = {
    map: map,
    markers: markers,
    get clusters() { return clusters; },
    cap: CAP,
    popupText: function () { return map.hasLayer(popup) ? popup.getElement().querySelector('.leaflet-popup-content').textContent : null; },
  };
  tell({ type: 'ready' });
})();
